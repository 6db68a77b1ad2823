/**
 * What the site's bundler keeps of the core. Pages import the core's barrels; the core must have no
 * top-level side effects, or every page with a widget loads every module that has one (and, through
 * their imports, most of the core). And the lab's page, which only gathers results from its workers,
 * must not load the forward pass, the quantizers or the float formats.
 * Rolldown is the bundler Vite builds the site with (esbuild's tree-shaking keeps more, so it would
 * not tell what the site ships); it comes with Vite.
 */
import path from 'node:path';
import { rolldown, type OutputChunk } from 'rolldown';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');

/** Bundle `source` (an ES module in the repository root) with dynamic imports left out. */
async function bundle(source: string): Promise<OutputChunk[]> {
  const entry = path.join(ROOT, '__bundle-test-entry__.ts');
  const build = await rolldown({
    input: entry,
    logLevel: 'silent',
    plugins: [{
      name: 'entry',
      resolveId: (id, _importer, extra) => (id === entry ? id : extra.kind === 'dynamic-import' ? { id, external: true } : null),
      load: (id) => (id === entry ? source : null),
    }],
  });
  const { output } = await build.generate({ format: 'es' });
  await build.close();
  return output.filter((o): o is OutputChunk => o.type === 'chunk');
}

describe('the core in the site bundle', () => {
  it('has no top-level side effects: imported for nothing, it keeps no code', async () => {
    const [chunk] = await bundle(`import './src/core/index.ts';`);
    expect(chunk!.code.replace(/\/\/.*|\/\*[\s\S]*?\*\//g, '').trim()).toBe('');
  });

  it('lets the lab page import only what gathering needs (no forward pass, quantizers or float formats)', async () => {
    const chunks = await bundle(`import mount from './src/widgets/model-lab/index.ts'; export default mount;`);
    const modules = chunks.flatMap((c) => Object.keys(c.modules)).map((m) => path.relative(ROOT, m).replaceAll(path.sep, '/'));
    expect(modules).toContain('src/core/model/recipe.ts');
    const heavy = modules.filter((m) => /^src\/core\/(ggml\/(?!geometry)|fast\/|floats\/|model\/(forward|quantize|lab|generate)\.ts)/.test(m));
    expect(heavy).toEqual([]);
  });
});
