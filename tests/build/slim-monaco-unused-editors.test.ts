import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs build plugin, without type declarations
import { monacoWithoutUnusedEditors, STUBS } from '../../src/build/slim-monaco/unused-editors.mjs';

const MONACO = fileURLToPath(new URL('../../node_modules/monaco-editor/esm/vs/', import.meta.url));
const STUBBED: string[] = (STUBS as { file: string }[]).map((s) => s.file);

type Transform = (this: { error(message: string): never }, code: string, id: string) => { code: string } | null;
const transform: Transform = monacoWithoutUnusedEditors().transform;
const context = { error: (message: string): never => { throw new Error(message); } };
const run = (code: string, id: string) => transform.call(context, code, id);

describe('slim-monaco: unused-editors', () => {
  it('replaces each stubbed Monaco module of the installed version by one with the same exports', async () => {
    for (const file of STUBBED) {
      const id = MONACO + file;
      const out = run(readFileSync(id, 'utf8'), id);
      expect(out, file).not.toBeNull();
      expect(out!.code).not.toMatch(/\bimport\b/);
      const stub = await import(`data:text/javascript,${encodeURIComponent(out!.code)}`);
      const exported = readFileSync(id, 'utf8').match(/^export \{([^}]*)\}/m)![1]!.split(',').map((s) => s.trim());
      expect(Object.keys(stub).sort()).toEqual(exported.sort());
    }
  });

  it('makes a stubbed class throw a message that names the module and the plugin', async () => {
    expect(STUBBED[0]).toBe('editor/browser/widget/diffEditor/diffEditorWidget.js');
    const id = MONACO + STUBBED[0];
    const stub = await import(`data:text/javascript,${encodeURIComponent(run(readFileSync(id, 'utf8'), id)!.code)}`);
    expect(() => new stub.DiffEditorWidget()).toThrow(/leaves out editor\/browser\/widget\/diffEditor\/diffEditorWidget\.js \(src\/build\/slim-monaco\/unused-editors\.mjs\)/);
    expect(() => stub.toLineChanges()).toThrow(/slim-monaco\/unused-editors/);
  });

  it('fails the build when a Monaco update changes a stubbed module\'s exports', () => {
    const id = MONACO + STUBBED[1];
    expect(STUBBED[1]).toBe('editor/browser/widget/multiDiffEditor/multiDiffEditorWidget.js');
    expect(() => run('class MultiDiffEditorWidget {}\nclass Extra {}\nexport { MultiDiffEditorWidget, Extra };\n', id)).toThrow(/exports \["Extra","MultiDiffEditorWidget"\], the stub \["MultiDiffEditorWidget"\]/);
    expect(() => run('export default class {}\n', id)).toThrow(/review src\/build\/slim-monaco\/unused-editors\.mjs/);
  });

  it('leaves every other module alone', () => {
    expect(run('export { x };', MONACO + 'editor/browser/widget/codeEditor/codeEditorWidget.js')).toBeNull();
    expect(run('export { DiffEditorWidget };', '/elsewhere/diffEditorWidget.js')).toBeNull();
  });
});
