/**
 * Small DOM helpers every widget uses, so widgets stay plain TypeScript with no framework:
 * building elements and SVG, a live text alternative, one-time styles, reduced motion.
 * Plain DOM + SVG keeps a lesson page light (no charting library to download).
 */

type Attrs = Record<string, string | number | boolean | undefined | null>;
type Child = Node | string | null | undefined | false;

function apply(node: Element, attrs: Attrs): void {
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    node.setAttribute(k, v === true ? '' : String(v));
  }
}

/** An HTML element with attributes and children. */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  apply(node, attrs);
  for (const c of children) if (c) node.append(c);
  return node;
}

const SVG_NS = 'http://www.w3.org/2000/svg';

/** An SVG element with attributes and children. */
export function s<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: Child[]): SVGElementTagNameMap[K] {
  const node = document.createElementNS(SVG_NS, tag);
  apply(node, attrs);
  for (const c of children) if (c) node.append(c);
  return node;
}

/**
 * A polite live region holding the widget's text alternative: call the returned function with a
 * sentence saying what the widget currently shows.
 */
export function liveDescription(root: HTMLElement): (text: string) => void {
  const p = h('p', { class: 'widget-alt', 'aria-live': 'polite', 'data-role': 'alt' });
  root.append(p);
  return (text: string) => {
    if (p.textContent !== text) p.textContent = text;
  };
}

const injected = new Set<string>();

/** Add a <style> to the document once per id (widget CSS travels with the widget's code). */
export function injectStyle(id: string, css: string): void {
  if (injected.has(id) || document.getElementById(`widget-style-${id}`)) return;
  injected.add(id);
  document.head.append(h('style', { id: `widget-style-${id}` }, css));
}

/** Whether the reader asked for reduced motion. */
export const prefersReducedMotion = (): boolean => window.matchMedia?.('(prefers-reduced-motion: reduce)').matches ?? false;

/** A labelled range input; `onInput` gets the numeric value on every change. */
export function slider(opts: { label: string; min: number; max: number; step: number; value: number; onInput: (v: number) => void; format?: (v: number) => string }): HTMLLabelElement {
  const out = h('output', {}, (opts.format ?? String)(opts.value));
  const input = h('input', { type: 'range', min: opts.min, max: opts.max, step: opts.step, value: opts.value });
  input.addEventListener('input', () => {
    const v = Number(input.value);
    out.textContent = (opts.format ?? String)(v);
    opts.onInput(v);
  });
  return h('label', { class: 'widget-slider' }, h('span', {}, opts.label), input, out);
}

/** Format a number compactly for labels (up to `digits` significant digits, no trailing zeros). */
export function fmt(x: number, digits = 4): string {
  if (Number.isNaN(x)) return 'NaN';
  if (!Number.isFinite(x)) return x > 0 ? '+Inf' : '-Inf';
  if (Object.is(x, -0)) return '-0';
  if (x !== 0 && (Math.abs(x) >= 1e6 || Math.abs(x) < 1e-4)) return x.toExponential(Math.max(0, digits - 1)).replace(/\.?0+e/, 'e');
  return String(Number(x.toPrecision(digits)));
}

/** Base CSS shared by every widget (theme colours come from the page's CSS variables, with fallbacks). */
export const BASE_CSS = `
.widget-alt { font-size: 0.9rem; color: var(--muted, #555); margin: 0.5rem 0 0; }
.widget-slider { display: flex; gap: 0.5rem; align-items: center; flex-wrap: wrap; }
.widget-slider input { flex: 1 1 10rem; accent-color: var(--accent, #2563eb); }
.widget-slider output { font-family: var(--font-mono, monospace); min-width: 5ch; }
.widget-root button { font: inherit; }
`;
