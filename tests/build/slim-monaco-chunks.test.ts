import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs build plugin, without type declarations
import { CHUNK_GROUPS, LAYERS, monacoChunks } from '../../src/build/slim-monaco/chunks.mjs';
// @ts-expect-error: a plain .mjs build plugin, without type declarations
import { monacoShapeProblems } from '../../src/build/slim-monaco/shape.mjs';

const MONACO_DIR = fileURLToPath(new URL('../../node_modules/monaco-editor/', import.meta.url));
type Group = { name: string; test: RegExp; priority: number };
const groups = CHUNK_GROUPS as Group[];
/** The group a module id lands in: the matching one of highest priority. */
const groupOf = (id: string) => groups.filter((g) => g.test.test(id)).sort((a, b) => b.priority - a.priority)[0]?.name ?? null;

describe('slim-monaco: chunks', () => {
  it('gives each of Monaco\'s lower layers a chunk, and Vite\'s preload helper one of its own', () => {
    expect(groupOf(`${MONACO_DIR}esm/vs/base/common/strings.js`)).toBe('monaco-base');
    expect(groupOf(`${MONACO_DIR}esm/vs/platform/theme/common/colorUtils.js`)).toBe('monaco-platform');
    expect(groupOf(`${MONACO_DIR}esm/vs/editor/common/model/textModel.js`)).toBe('monaco-common');
    expect(groupOf(`${MONACO_DIR}esm/vs/editor/browser/widget/codeEditor/codeEditorWidget.js`)).toBeNull();
    expect(groupOf('\0vite/preload-helper.js')).toBe('preload-helper');
    expect(groupOf('C:\\p\\node_modules\\monaco-editor\\esm\\vs\\base\\common\\strings.js')).toBe('monaco-base');
    // Each layer's example module exists in the installed Monaco, so the groups are not matching nothing.
    for (const f of ['base/common/strings.js', 'platform/theme/common/colorUtils.js', 'editor/common/model/textModel.js']) expect(existsSync(`${MONACO_DIR}esm/vs/${f}`), f).toBe(true);
  });

  it('hands the groups to the build through Vite\'s config', () => {
    expect(monacoChunks().config()).toEqual({ build: { rolldownOptions: { output: { codeSplitting: { groups: CHUNK_GROUPS } } } } });
  });

  it('fails the build when a Monaco update moves a layer the chunks are cut along', () => {
    expect(LAYERS).toEqual(['base', 'platform', 'editor/common']);
    expect(monacoShapeProblems(MONACO_DIR, LAYERS)).toEqual([]);
    expect(monacoShapeProblems(MONACO_DIR, ['editor/core'])).toEqual(['esm/vs/editor/core is missing']);
  });
});
