/**
 * How Monaco is split into chunks. Its 3.6 MB of JavaScript in one chunk took ~350 ms to parse on
 * one background thread while the page waited. Split along VS Code's layers (base, then platform,
 * then editor/common, then the rest), the browser parses the parts side by side. The layers only
 * import downwards, so each chunk's imports run before it, as in the source.
 * Vite's preload helper gets its own chunk: it is shared with every lesson page, which must not
 * load a part of Monaco to get it.
 */

/** The layer folders (under esm/vs/) that get a chunk each. */
export const LAYERS = ['base', 'platform', 'editor/common'];

/** Rolldown's code-splitting groups: the preload helper, then one group per layer. */
export const CHUNK_GROUPS = [
  { name: 'preload-helper', test: /preload-helper/, priority: 50 },
  { name: 'monaco-base', test: /monaco-editor[\\/]esm[\\/]vs[\\/]base[\\/]/, priority: 40 },
  { name: 'monaco-platform', test: /monaco-editor[\\/]esm[\\/]vs[\\/]platform[\\/]/, priority: 30 },
  { name: 'monaco-common', test: /monaco-editor[\\/]esm[\\/]vs[\\/]editor[\\/]common[\\/]/, priority: 20 },
];

/** @returns {import('vite').Plugin} */
export function monacoChunks() {
  return {
    name: 'quantcourse:slim-monaco-chunks',
    config: () => ({ build: { rolldownOptions: { output: { codeSplitting: { groups: CHUNK_GROUPS } } } } }),
  };
}
