/**
 * Slim Monaco's icon-variables rewrite.
 * A Vite plugin that keeps Monaco from declaring ~1,600 CSS variables on the page's root.
 *
 * Monaco's icon style sheet (vs/platform/theme/browser/iconsStyleSheet.js) declares two variables
 * per registered icon on `:root`, `--vscode-icon-<id>-content` and `--vscode-icon-<id>-font-family`:
 * 78 KB of declarations. Every element of the lesson inherits them, and adding them restyles the
 * whole page while the editor is being created (~7 ms here, on top of building and parsing them).
 * Monaco's own CSS reads the variables of one icon ("x", for the inline progress widget).
 *
 * The plugin scans Monaco's CSS for the icon variables it reads and has the style sheet declare
 * only theirs; the `.codicon-<id>` rules that draw the icons are unchanged. If a Monaco update
 * changes the code this edits, the build fails here.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';

/** The module this rewrite edits, under monaco-editor/esm/vs/. */
export const ICON_SHEET = 'platform/theme/browser/iconsStyleSheet.js';
const FILE = `monaco-editor/esm/vs/${ICON_SHEET}`;
/** Where the style sheet adds an icon's two variables (once for font icons, once for the rest). */
const PUSH = 'rootAttribs.push(';
const PUSHES = 2;

/** The ids of the icons whose variables a CSS text reads. */
export function iconVariablesRead(css) {
  return new Set([...css.matchAll(/var\(\s*--vscode-icon-([a-z0-9-]+?)-(?:content|font-family)\s*[,)]/g)].map((m) => m[1]));
}

/** The style sheet's source, declaring the variables of `ids` only; throws if the source is not as expected. */
export function withIconVariables(code, ids) {
  const found = code.split(PUSH).length - 1;
  if (found !== PUSHES) {
    throw new Error(`slim-monaco icon-variables: ${FILE} has ${found} "${PUSH}" where ${PUSHES} were expected; review src/build/slim-monaco/icon-variables.mjs`);
  }
  const declared = `const quantcourseIconVariables = new Set(${JSON.stringify([...ids].sort())});\n`;
  return declared + code.replaceAll(PUSH, `if (quantcourseIconVariables.has(contribution.id)) ${PUSH}`);
}

async function cssFiles(dir) {
  const out = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await cssFiles(full)));
    else if (entry.name.endsWith('.css')) out.push(full);
  }
  return out;
}

/** @returns {import('vite').Plugin} */
export function monacoIconVariablesTrimmed() {
  /** Per Monaco install (its esm folder): the icon ids its CSS reads variables of. */
  const read = new Map();
  const idsRead = (esm) => {
    if (!read.has(esm)) {
      read.set(esm, cssFiles(esm).then(async (files) => {
        if (files.length === 0) throw new Error(`slim-monaco icon-variables: no CSS files under ${esm}; review src/build/slim-monaco/icon-variables.mjs`);
        const ids = new Set();
        for (const file of files) for (const id of iconVariablesRead(await readFile(file, 'utf8'))) ids.add(id);
        return ids;
      }));
    }
    return read.get(esm);
  };
  return {
    name: 'quantcourse:monaco-icon-variables',
    enforce: 'pre',
    async transform(code, id) {
      const file = id.replace(/\\/g, '/').replace(/\?.*$/, '');
      if (!file.endsWith(FILE)) return null;
      const esm = file.slice(0, file.length - FILE.length) + 'monaco-editor/esm';
      try {
        return { code: withIconVariables(code, await idsRead(esm)), map: null };
      } catch (e) {
        this.error(e.message);
      }
    },
  };
}
