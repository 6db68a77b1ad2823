import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { transform as esbuild } from 'esbuild';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs build plugin, without type declarations
import { CSS_FILES, cssModuleSource, monacoCssAsJs } from '../../src/build/slim-monaco/css-as-js.mjs';

const MONACO = fileURLToPath(new URL('../../node_modules/monaco-editor/esm/vs/', import.meta.url));
const CODICON = MONACO + CSS_FILES[0];

type Resolve = (this: { resolve(source: string, importer: string): Promise<{ id: string } | null> }, source: string, importer?: string) => Promise<string | null>;
type Load = (this: { error(message: string): never }, id: string) => Promise<string | null>;
const plugin = monacoCssAsJs();
const resolveId: Resolve = plugin.resolveId;
const load: Load = plugin.load;
const resolver = { resolve: async (source: string, importer: string) => ({ id: fileURLToPath(new URL(source, `file://${importer}`)) }) };
const context = { error: (message: string): never => { throw new Error(message); } };

describe('slim-monaco: css-as-js', () => {
  it('turns the CSS a Monaco module imports into a JS module, and leaves other CSS to Vite', async () => {
    const importer = MONACO + 'base/browser/ui/codicons/codiconStyles.js';
    const id = await resolveId.call(resolver, './codicon/codicon.css', importer);
    expect(id).toBe(`\0monaco-css:${CODICON}.monaco-style.js`);
    expect(id!.endsWith('.css')).toBe(false);
    expect(await resolveId.call(resolver, './codicon/codicon.css', '/site/src/page.js')).toBeNull();
    expect(await resolveId.call(resolver, './codicon/codicon.css', MONACO + 'base/x.css')).toBeNull();
  });

  it('hands the installed codicon CSS, minified, to the collector, its font an emitted asset', async () => {
    const out = (await load.call(context, `\0monaco-css:${CODICON}.monaco-style.js`))!;
    expect(out).toMatch(/^import \{ addMonacoCss \} from "virtual:quantcourse\/monaco-css";\n/);
    expect(out).toContain(`import asset0 from ${JSON.stringify(MONACO + 'base/browser/ui/codicons/codicon/codicon.ttf?url')};`);
    expect(out).toContain('addMonacoCss(`/* codicon.css */\n`');
    const minified = (await esbuild(readFileSync(CODICON, 'utf8'), { loader: 'css', minify: true, logLevel: 'silent' })).code;
    // The CSS text is the minified file, with the font's URL put in where it was.
    const text = new Function('asset0', `return [${/\+ \[(.*)\]\.join\(''\)\);\n$/s.exec(out)![1]}].join('');`)('./codicon.ttf');
    expect(text).toBe(minified.replace(/url\(\.\/codicon\.ttf\)/, 'url("./codicon.ttf")'));
  });

  it('fails the build on a url() it would leave pointing nowhere in the built site', () => {
    expect(() => cssModuleSource('a{background:url(./missing.png)}', CODICON)).toThrow(/slim-monaco css-as-js: .*codicon\.css refers to url\(\.\/missing\.png\), not a data: URL or an existing file beside it; review src\/build\/slim-monaco\/css-as-js\.mjs/);
    expect(() => cssModuleSource('a{background:url(codicon.ttf)}', CODICON)).toThrow(/refers to url\(codicon\.ttf\)/);
    expect(() => cssModuleSource('a{background:url(https://example.com/x.png)}', CODICON)).toThrow(/refers to url\(https:/);
    expect(cssModuleSource('a{background:url("data:image/png;base64,AA==")}', CODICON)).toContain('data:image/png;base64,AA==');
  });

  it('serves the collector, which puts every CSS text added in one microtask into one <style data-monaco>', async () => {
    expect(await resolveId.call(resolver, 'virtual:quantcourse/monaco-css')).toBe('\0virtual:quantcourse/monaco-css.js');
    const collector = (await load.call(context, '\0virtual:quantcourse/monaco-css.js'))!;
    const appended: { dataset: Record<string, string>; textContent: string }[] = [];
    const document = { createElement: () => ({ dataset: {}, textContent: '' }), head: { appendChild: (s: (typeof appended)[number]) => appended.push(s) } };
    const { addMonacoCss } = new Function('document', `${collector.replaceAll('export function', 'function')}\nreturn { addMonacoCss };`)(document);
    addMonacoCss('a{}');
    addMonacoCss('b{}');
    expect(appended).toHaveLength(0);
    await Promise.resolve();
    expect(appended).toEqual([{ dataset: { monaco: 'editor' }, textContent: 'a{}\nb{}' }]);
  });
});
