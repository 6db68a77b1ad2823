import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs build plugin, without type declarations
import { MONACO_PATHS, slimMonaco } from '../../src/build/slim-monaco/index.mjs';
// @ts-expect-error: a plain .mjs build plugin, without type declarations
import { checkMonacoShape, MONACO_VERSION, monacoDir, monacoShape } from '../../src/build/slim-monaco/shape.mjs';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const fake = mkdtempSync(path.join(tmpdir(), 'slim-monaco-'));
afterAll(() => rmSync(fake, { recursive: true, force: true }));

describe('slim-monaco: shape', () => {
  it('is pinned to the Monaco package.json asks for, exactly', () => {
    const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    expect(pkg.dependencies['monaco-editor']).toBe(MONACO_VERSION);
    const lock = JSON.parse(readFileSync(path.join(ROOT, 'package-lock.json'), 'utf8'));
    expect(lock.packages[''].dependencies['monaco-editor']).toBe(MONACO_VERSION);
    expect(lock.packages['node_modules/monaco-editor'].version).toBe(MONACO_VERSION);
  });

  it('finds the installed Monaco in the shape every rewrite expects', () => {
    const dir = monacoDir(ROOT);
    expect(path.basename(dir)).toBe('monaco-editor');
    expect(() => checkMonacoShape(dir, MONACO_PATHS)).not.toThrow();
    // One path per rewrite that edits a file, and the layers the chunks are cut along.
    expect(MONACO_PATHS).toContain('internal/common/workers.js');
    expect(MONACO_PATHS).toContain('platform/theme/browser/iconsStyleSheet.js');
    expect(MONACO_PATHS).toContain('editor/browser/widget/diffEditor/diffEditorWidget.js');
    expect(MONACO_PATHS).toContain('base/browser/ui/codicons/codicon/codicon.css');
    expect(MONACO_PATHS).toContain('editor/common');
  });

  it('fails loudly, naming every difference, for another version or a missing file', () => {
    mkdirSync(path.join(fake, 'esm/vs/base'), { recursive: true });
    writeFileSync(path.join(fake, 'package.json'), JSON.stringify({ version: '0.58.0' }));
    expect(() => checkMonacoShape(fake, ['base', 'internal/common/workers.js'])).toThrow(
      new RegExp(`is not the Monaco this build was written for:\\n  - monaco-editor is 0\\.58\\.0 where slim Monaco is pinned to ${MONACO_VERSION.replaceAll('.', '\\.')}\\n  - esm/vs/internal/common/workers\\.js is missing\\nReview each rewrite in src/build/slim-monaco/`),
    );
    writeFileSync(path.join(fake, 'package.json'), JSON.stringify({ version: MONACO_VERSION }));
    expect(() => checkMonacoShape(fake, ['base'])).not.toThrow();
  });

  it('stops the build before it starts, through the plugin', () => {
    const plugin = monacoShape(['internal/common/workers.js']);
    plugin.configResolved({ root: ROOT });
    const context = { error: (message: string): never => { throw new Error(message); } };
    expect(() => plugin.buildStart.call(context)).not.toThrow();
    const broken = monacoShape(['internal/common/gone.js']);
    broken.configResolved({ root: ROOT });
    expect(() => broken.buildStart.call(context)).toThrow(/esm\/vs\/internal\/common\/gone\.js is missing/);
  });

  it('runs the shape check first, then the rewrites', () => {
    expect(slimMonaco().map((p: { name: string }) => p.name)).toEqual([
      'quantcourse:slim-monaco-shape', 'quantcourse:monaco-css-as-js', 'quantcourse:monaco-workers-without-contributions',
      'quantcourse:monaco-without-unused-editors', 'quantcourse:monaco-icon-variables', 'quantcourse:slim-monaco-chunks',
    ]);
  });
});
