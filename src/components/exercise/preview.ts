/**
 * Values as a learner reads them in the examples and results tables: a short preview that is only ever
 * cut between elements (long arrays show their first elements and how many more; objects always show
 * every field), and the full text for a "Show all" view. Never cut inside a number or a field.
 */

/** Elements an array preview shows before "… N more". */
const PREVIEW_ITEMS = 6;

/** A short rendering of `v`: long arrays elided between elements, every object field kept. */
export function preview(v: unknown): string {
  return render(v, PREVIEW_ITEMS);
}

/** The whole of `v`, nothing elided (for the "Show all" view). */
export function fullText(v: unknown): string {
  return render(v, Infinity);
}

/** A call as `fn(arg, …)`, each argument previewed (`full` for every element). */
export function callPreview(c: { fn: string; args?: readonly unknown[] }, full = false): string {
  return `${c.fn}(${(c.args ?? []).map(full ? fullText : preview).join(', ')})`;
}

function render(v: unknown, items: number): string {
  if (typeof v === 'number') return Object.is(v, -0) ? '-0' : String(v);
  if (typeof v === 'string') return JSON.stringify(v);
  if (Array.isArray(v) || (ArrayBuffer.isView(v) && !(v instanceof DataView))) {
    const xs = Array.from(v as ArrayLike<unknown>);
    const shown = xs.length > items + 2 ? xs.slice(0, items) : xs;
    const rest = xs.length - shown.length;
    return `[${shown.map((x) => render(x, items)).join(', ')}${rest ? `, … ${rest} more` : ''}]`;
  }
  if (v !== null && typeof v === 'object') {
    return `{ ${Object.entries(v).map(([k, x]) => `${k}: ${render(x, items)}`).join(', ')} }`;
  }
  return String(v);
}

/** Numbers in a preview, each kept on one line (Chromium would break "5.96e-8" after its hyphen). */
const NUMBER = /-?\d[\d.]*(?:e[+-]?\d+)?/g;

/** Split a preview into plain text and the numbers in it, for rendering each number unbreakable. */
export function numberRuns(text: string): { text: string; number: boolean }[] {
  const runs: { text: string; number: boolean }[] = [];
  let at = 0;
  for (const m of text.matchAll(NUMBER)) {
    if (m.index! > at) runs.push({ text: text.slice(at, m.index), number: false });
    runs.push({ text: m[0], number: true });
    at = m.index! + m[0].length;
  }
  if (at < text.length) runs.push({ text: text.slice(at), number: false });
  return runs;
}
