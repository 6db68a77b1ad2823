/**
 * Slim Monaco's worker-contributions rewrite.
 * A Vite plugin that keeps Monaco's TypeScript support from loading the whole editor build.
 * monaco-editor's internal/common/workers.js (used by every language worker manager, so by the
 * lazily loaded TypeScript mode) imports all ~70 editor contributions for their side effects,
 * although it only needs `editor` from editor.api. With those imports, the TypeScript mode chunk
 * grew by ~600 KB of contributions src/components/exercise/client/monaco.ts leaves out on purpose
 * (and registered them after the editor existed). This drops the side-effect-only imports of
 * that one file; its named import stays.
 */
/** The module this rewrite edits, under monaco-editor/esm/vs/. */
export const WORKERS_FILE = 'internal/common/workers.js';
const WORKERS_MODULE = /[\\/]monaco-editor[\\/]esm[\\/]vs[\\/]internal[\\/]common[\\/]workers\.js$/;

/** workers.js without its side-effect-only imports; throws if its `editor` import is not as expected. */
export function withoutContributions(code) {
  const stripped = code.replace(/^import '[^']+';\r?\n/gm, '');
  if (!/^import \{ editor \} from '[^']*editor\.api\.js';$/m.test(stripped)) {
    throw new Error(`slim-monaco worker-contributions: ${WORKERS_FILE} no longer imports { editor } from editor.api.js as expected; review src/build/slim-monaco/worker-contributions.mjs`);
  }
  return stripped;
}

/** @returns {import('vite').Plugin} */
export function monacoWorkersWithoutContributions() {
  return {
    name: 'quantcourse:monaco-workers-without-contributions',
    enforce: 'pre',
    transform(code, id) {
      if (!WORKERS_MODULE.test(id)) return null;
      try {
        return { code: withoutContributions(code), map: null };
      } catch (e) {
        this.error(e.message);
      }
    },
  };
}
