/**
 * Slim Monaco's css-as-js rewrite.
 * A Vite plugin that turns Monaco's CSS imports into JS that adds the CSS when the chunk runs.
 * Astro hoists the CSS of dynamically imported modules into every page's <head>
 * (withastro/astro#9495): without this, every lesson would load ~175 KB of render-blocking
 * editor CSS it may never use. Font files referenced by that CSS become emitted assets.
 *
 * The ~100 CSS modules do not each add a <style>: they hand their text to one collector module,
 * which puts it all into a single <style data-monaco> (in import order, so the cascade is the
 * same) in a microtask: after the module graph that imported them has finished evaluating, and
 * before the code awaiting that import goes on.
 * A hundred separate style sheets made the browser update its style sheet list a hundred times
 * while the editor was loading.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { transform } from 'esbuild';

/** A Monaco CSS file whose url() this rewrite turns into an emitted asset (the codicon font), under esm/vs/. */
export const CSS_FILES = ['base/browser/ui/codicons/codicon/codicon.css'];
const PREFIX = '\0monaco-css:';
/** The collector every Monaco CSS module imports. */
const MONACO_CSS_COLLECTOR = 'virtual:quantcourse/monaco-css';
const COLLECTOR_ID = '\0' + MONACO_CSS_COLLECTOR + '.js';
const COLLECTOR_SOURCE = `const parts = [];
let queued = false;
/** Add one CSS module's text; it reaches the page at the next flush. */
export function addMonacoCss(css) {
  parts.push(css);
  if (!queued) {
    queued = true;
    queueMicrotask(flushMonacoCss);
  }
}
/** Put every CSS text added so far into one <style data-monaco>. */
export function flushMonacoCss() {
  queued = false;
  if (parts.length === 0) return;
  const style = document.createElement('style');
  style.dataset.monaco = 'editor';
  style.textContent = parts.join('\\n');
  parts.length = 0;
  document.head.appendChild(style);
}
`;
// The virtual id must not end in ".css", or Vite's CSS pipeline claims it again.
const SUFFIX = '.monaco-style.js';

/**
 * The JS module that hands one Monaco CSS file's (minified) text to the collector. Its url(./relative)
 * references become imported asset URLs, so fonts are emitted and served by the site itself, under
 * any base path. Throws on a url() that is neither data: nor a relative path to an existing file:
 * left as it is, it would point nowhere in the built site.
 */
export function cssModuleSource(css, file) {
  const relative = /url\((['"]?)(\.{1,2}\/[^'")?#]+)([^'")]*)\1\)/g;
  const handled = new Set([...css.matchAll(relative)].map((m) => m.index));
  for (const m of css.matchAll(/url\(\s*(['"]?)([^'")]*)/g)) {
    const target = m[2];
    if (target.startsWith('data:')) continue;
    if (!handled.has(m.index) || !existsSync(path.resolve(path.dirname(file), target.replace(/[?#].*$/, '')))) {
      throw new Error(`slim-monaco css-as-js: ${file} refers to url(${target}), not a data: URL or an existing file beside it; review src/build/slim-monaco/css-as-js.mjs`);
    }
  }
  const imports = [];
  const parts = [];
  let last = 0;
  for (const m of css.matchAll(relative)) {
    const name = `asset${imports.length}`;
    imports.push(`import ${name} from ${JSON.stringify(path.resolve(path.dirname(file), m[2]) + '?url')};`);
    parts.push(JSON.stringify(css.slice(last, m.index) + 'url("'), name, JSON.stringify(m[3] + '")'));
    last = m.index + m[0].length;
  }
  parts.push(JSON.stringify(css.slice(last)));
  return `import { addMonacoCss } from ${JSON.stringify(MONACO_CSS_COLLECTOR)};
${imports.join('\n')}
addMonacoCss(\`/* ${path.basename(file)} */\n\` + [${parts.join(', ')}].join(''));
`;
}

/** @returns {import('vite').Plugin} */
export function monacoCssAsJs() {
  return {
    name: 'quantcourse:monaco-css-as-js',
    enforce: 'pre',
    async resolveId(source, importer) {
      if (source === MONACO_CSS_COLLECTOR) return COLLECTOR_ID;
      if (!source.endsWith('.css') || !importer || !/[\\/]monaco-editor[\\/]esm[\\/]/.test(importer) || !importer.endsWith('.js')) return null;
      const resolved = await this.resolve(source, importer, { skipSelf: true });
      return resolved ? PREFIX + resolved.id + SUFFIX : null;
    },
    async load(id) {
      if (id === COLLECTOR_ID) return COLLECTOR_SOURCE;
      if (!id.startsWith(PREFIX)) return null;
      const file = id.slice(PREFIX.length, -SUFFIX.length);
      // Minified: Monaco ships its CSS with licence headers, comments and indentation (217 KB where
      // 153 KB do), and the browser parses all of it while the editor is being created.
      const css = (await transform(await readFile(file, 'utf8'), { loader: 'css', minify: true, logLevel: 'silent' })).code;
      try {
        return cssModuleSource(css, file);
      } catch (e) {
        this.error(e.message);
      }
    },
  };
}