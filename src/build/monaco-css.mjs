/**
 * A Vite plugin that turns Monaco's CSS imports into JS that injects a <style> when the chunk
 * runs. Astro hoists the CSS of dynamically imported modules into every page's <head>
 * (withastro/astro#9495): without this, every lesson would load ~175 KB of render-blocking
 * editor CSS it may never use. Font files referenced by that CSS become emitted assets.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';

const PREFIX = '\0monaco-css:';
// The virtual id must not end in ".css", or Vite's CSS pipeline claims it again.
const SUFFIX = '.monaco-style.js';

/** @returns {import('vite').Plugin} */
export function monacoCssAsJs() {
  return {
    name: 'quantcourse:monaco-css-as-js',
    enforce: 'pre',
    async resolveId(source, importer) {
      if (!source.endsWith('.css') || !importer || !/[\\/]monaco-editor[\\/]esm[\\/]/.test(importer) || !importer.endsWith('.js')) return null;
      const resolved = await this.resolve(source, importer, { skipSelf: true });
      return resolved ? PREFIX + resolved.id + SUFFIX : null;
    },
    async load(id) {
      if (!id.startsWith(PREFIX)) return null;
      const file = id.slice(PREFIX.length, -SUFFIX.length);
      const css = await readFile(file, 'utf8');
      // Split the CSS around url(./relative) references; each becomes an imported asset URL,
      // so fonts are emitted and served by the site itself, under any base path.
      const imports = [];
      const parts = [];
      let last = 0;
      for (const m of css.matchAll(/url\((['"]?)(\.{1,2}\/[^'")?#]+)([^'")]*)\1\)/g)) {
        const name = `asset${imports.length}`;
        imports.push(`import ${name} from ${JSON.stringify(path.resolve(path.dirname(file), m[2]) + '?url')};`);
        parts.push(JSON.stringify(css.slice(last, m.index) + 'url("'), name, JSON.stringify(m[3] + '")'));
        last = m.index + m[0].length;
      }
      parts.push(JSON.stringify(css.slice(last)));
      return `${imports.join('\n')}
const style = document.createElement('style');
style.dataset.monaco = ${JSON.stringify(path.basename(file))};
style.textContent = [${parts.join(', ')}].join('');
document.head.appendChild(style);
`;
    },
  };
}
