/**
 * Slim Monaco: the Vite plugins that make monaco-editor 0.57.0 (pinned) load as little as this
 * course's editor needs, each a rewrite with its own module and test:
 *   css-as-js             Monaco's CSS becomes JS run with the editor's chunks (not render-blocking on every lesson)
 *   worker-contributions  the TypeScript mode stops importing all ~70 editor contributions
 *   unused-editors        the diff editors and the WebGPU renderer become stubs that throw if used
 *   icon-variables        Monaco's icon style sheet declares only the CSS variables Monaco reads
 *   chunks                Monaco is split along VS Code's layers, parsed side by side
 * Every rewrite checks the code it edits and fails the build when Monaco's shape differs; `shape`
 * checks the version and that every file they edit is there before the build starts.
 */
import { monacoChunks, LAYERS } from './chunks.mjs';
import { monacoCssAsJs, CSS_FILES } from './css-as-js.mjs';
import { monacoIconVariablesTrimmed, ICON_SHEET } from './icon-variables.mjs';
import { monacoShape } from './shape.mjs';
import { monacoWithoutUnusedEditors, STUBS } from './unused-editors.mjs';
import { monacoWorkersWithoutContributions, WORKERS_FILE } from './worker-contributions.mjs';

/** Files and folders under monaco-editor/esm/vs/ that the rewrites edit or rely on. */
export const MONACO_PATHS = [...CSS_FILES, WORKERS_FILE, ...STUBS.map((s) => s.file), ICON_SHEET, ...LAYERS];

/** @returns {import('vite').Plugin[]} every slim Monaco plugin, in the order they must run */
export function slimMonaco() {
  return [monacoShape(MONACO_PATHS), monacoCssAsJs(), monacoWorkersWithoutContributions(), monacoWithoutUnusedEditors(), monacoIconVariablesTrimmed(), monacoChunks()];
}
