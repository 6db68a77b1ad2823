/**
 * The layers, read from the imports: core ← grading ← runner ← front doors (the command line, the
 * site's components). A module may import its own layer and those below it, never one above.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = path.resolve('src');

/** Every source file under `dir`, relative to src/. */
function sourceFiles(dir: string): string[] {
  return readdirSync(path.join(SRC, dir), { recursive: true, encoding: 'utf8' })
    .filter((f) => /\.(ts|mts|mjs|js|astro)$/.test(f))
    .map((f) => path.join(dir, f));
}

// Static imports and re-exports (`import … from`, `export … from`, bare `import '…'`) and dynamic `import('…')`.
const IMPORT = /(?:\bfrom\s*|\bimport\s*\(?\s*)['"]([^'"]+)['"]/g;

/** The top folder under src/ of each relative import in `file` (relative to src/). */
function importedLayers(file: string): { spec: string; layer: string }[] {
  const text = readFileSync(path.join(SRC, file), 'utf8');
  const out: { spec: string; layer: string }[] = [];
  for (const [, spec] of text.matchAll(IMPORT)) {
    if (!spec!.startsWith('.')) continue;
    const target = path.relative(SRC, path.resolve(SRC, path.dirname(file), spec!));
    if (target.startsWith('..')) continue;
    out.push({ spec: spec!, layer: target.split(path.sep)[0]! });
  }
  return out;
}

/** What each layer must not import. */
const FORBIDDEN: Record<string, string[]> = {
  core: ['grading', 'runner', 'cli', 'components'],
  grading: ['runner', 'cli', 'components', 'lab', 'widgets'],
  runner: ['cli', 'components', 'widgets', 'lab'],
};

describe('layers', () => {
  for (const [layer, forbidden] of Object.entries(FORBIDDEN)) {
    it(`src/${layer} imports nothing from ${forbidden.join(', ')}`, () => {
      const files = sourceFiles(layer);
      expect(files.length).toBeGreaterThan(0);
      const against = files.flatMap((f) => importedLayers(f).filter((i) => forbidden.includes(i.layer)).map((i) => `${f} imports ${i.spec}`));
      expect(against).toEqual([]);
    });
  }

  it('reads imports as written (a check of the reader itself)', () => {
    const found = importedLayers('runner/node/run.ts').map((i) => i.layer);
    expect(found).toContain('grading');
    expect(found).toContain('runner');
  });
});
