/** Render a verdict into the results panel: a summary, the visible cases, the hidden count, console output. */
import { label, type Verdict } from '../../../grading/verdict.ts';
import { callPreview, fullText, numberRuns, preview } from '../preview.ts';

function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, ...children: (Node | string)[]): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  node.append(...children);
  return node;
}

/** A value's preview, each number in it unbreakable. */
const code = (text: string) => el('code', {}, ...numberRuns(text).map((r) => (r.number ? el('span', { class: 'num' }, r.text) : r.text)));

/** A preview, with a "Show all" view of the whole when the preview had to leave elements out. */
function valueCell(short: string, full: string): Node[] {
  return short === full ? [code(short)] : [code(short), el('details', { class: 'full-value' }, el('summary', {}, 'Show all'), el('pre', {}, full))];
}

const shownValue = (v: unknown) => valueCell(preview(v), fullText(v));

/** The one line a screen reader hears after a Run (the results table itself is not a live region). */
export function verdictLine(v: Verdict): string {
  return `${v.status === 'passed' ? 'Passed' : v.status === 'failed' ? 'Not yet' : 'Error'}: ${v.message.split(/(?<=\.)\s/)[0]}`;
}

/** Replace the panel's content with this verdict. */
export function renderVerdict(panel: HTMLElement, v: Verdict, timing?: { totalMs: number }): void {
  const summary = el('div', { class: `verdict ${v.status}`, 'data-status': v.status }, el('strong', {}, v.status === 'passed' ? '✓ Passed. ' : v.status === 'failed' ? '✗ Not yet. ' : '⚠ '), v.message);
  if (timing) summary.append(el('span', { class: 'muted' }, ` (${Math.round(timing.totalMs)} ms)`));
  const parts: Node[] = [summary];

  const visible = v.cases.filter((c) => c.visible);
  if (v.status !== 'error' && visible.length) {
    const rows = visible.map((c) =>
      el('tr', { 'data-case': String(c.index), 'data-passed': String(c.passed) },
        el('td', { class: c.passed ? 'case-pass' : 'case-fail' }, el('span', { 'aria-hidden': 'true' }, c.passed ? '✓' : '✗'), el('span', { class: 'visually-hidden' }, c.passed ? 'passed' : 'failed')),
        el('td', {}, ...valueCell(callPreview(c), callPreview(c, true)), el('div', { class: 'muted' }, c.kind)),
        el('td', {}, ...shownValue(c.expected)),
        el('td', {}, ...(c.got !== undefined ? shownValue(c.got) : []), ...(c.passed ? [] : [el('div', { class: 'case-fail' }, c.message)])),
      ),
    );
    parts.push(el('div', { class: 'table-scroll', role: 'region', tabindex: '0', 'aria-label': 'Results of the visible examples' }, el('table', {}, el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, 'result'), el('th', { scope: 'col' }, 'example'), el('th', { scope: 'col' }, 'expected'), el('th', { scope: 'col' }, 'got'))), el('tbody', {}, ...rows))));
  }
  const hidden = v.cases.filter((c) => !c.visible);
  if (v.status !== 'error' && hidden.length) {
    const passed = hidden.filter((c) => c.passed).length;
    const first = hidden.find((c) => !c.passed);
    parts.push(el('p', { class: 'hidden-summary', 'data-role': 'hidden-summary' }, `Hidden cases: ${passed} of ${hidden.length} passed.`, first ? ` First failure: ${label(first)} — ${first.message}.` : ''));
  }
  if (v.logs.length) {
    parts.push(el('details', {}, el('summary', {}, `Console output (${v.logs.length} line${v.logs.length === 1 ? '' : 's'})`), el('pre', {}, v.logs.join('\n'))));
  }
  panel.replaceChildren(...parts);
}

/** Show a problem that is not a verdict (the compiler failed to start, say). */
export function renderProblem(panel: HTMLElement, message: string): void {
  panel.replaceChildren(el('div', { class: 'verdict error', 'data-status': 'error' }, el('strong', {}, '⚠ '), message));
}
