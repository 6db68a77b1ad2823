/**
 * A Vite plugin that keeps Monaco's TypeScript support from loading the whole editor build.
 * monaco-editor's internal/common/workers.js (used by every language worker manager, so by the
 * lazily loaded TypeScript mode) imports all ~70 editor contributions for their side effects,
 * although it only needs `editor` from editor.api. With those imports, the TypeScript mode chunk
 * grew by ~600 KB of contributions src/components/exercise/client/monaco.ts leaves out on purpose
 * (and registered them after the editor existed). This drops the side-effect-only imports of
 * that one file; its named import stays.
 */
const WORKERS_MODULE = /[\\/]monaco-editor[\\/]esm[\\/]vs[\\/]internal[\\/]common[\\/]workers\.js$/;

/** @returns {import('vite').Plugin} */
export function monacoWorkersWithoutContributions() {
  return {
    name: 'quantcourse:monaco-workers-without-contributions',
    enforce: 'pre',
    transform(code, id) {
      if (!WORKERS_MODULE.test(id)) return null;
      const stripped = code.replace(/^import '[^']+';\r?\n/gm, '');
      if (!/^import \{ editor \} from '[^']*editor\.api\.js';$/m.test(stripped)) {
        // Fail the build loudly if a Monaco update changes this file's shape.
        this.error(`monaco-trim: ${id} no longer looks as expected; review src/build/monaco-trim.mjs`);
      }
      return { code: stripped, map: null };
    },
  };
}
