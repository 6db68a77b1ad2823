/** Render a verdict into the results panel: a summary, the visible cases, the hidden count, console output. */
import { show } from '../../../grading/compare.ts';
import { callText, label, type Verdict } from '../../../grading/verdict.ts';

function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, ...children: (Node | string)[]): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  node.append(...children);
  return node;
}

const code = (text: string) => el('code', {}, text);

/** Replace the panel's content with this verdict. */
export function renderVerdict(panel: HTMLElement, v: Verdict, timing?: { totalMs: number }): void {
  const summary = el('div', { class: `verdict ${v.status}`, 'data-status': v.status }, el('strong', {}, v.status === 'passed' ? '✓ Passed. ' : v.status === 'failed' ? '✗ Not yet. ' : '⚠ '), v.message);
  if (timing) summary.append(el('span', { class: 'muted' }, ` (${Math.round(timing.totalMs)} ms)`));
  const parts: Node[] = [summary];

  const visible = v.cases.filter((c) => c.visible);
  if (v.status !== 'error' && visible.length) {
    const rows = visible.map((c) =>
      el('tr', { 'data-case': String(c.index), 'data-passed': String(c.passed) },
        el('td', { class: c.passed ? 'case-pass' : 'case-fail' }, c.passed ? '✓' : '✗'),
        el('td', {}, code(callText(c)), el('div', { class: 'muted' }, c.kind)),
        el('td', {}, code(show(c.expected, 200))),
        el('td', {}, c.passed ? code(show(c.got, 200)) : el('span', {}, c.got !== undefined ? code(show(c.got, 200)) : '', el('div', { class: 'case-fail' }, c.message))),
      ),
    );
    parts.push(el('div', { class: 'table-scroll', role: 'region', tabindex: '0', 'aria-label': 'Results of the visible examples' }, el('table', {}, el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, ''), el('th', { scope: 'col' }, 'example'), el('th', { scope: 'col' }, 'expected'), el('th', { scope: 'col' }, 'got'))), el('tbody', {}, ...rows))));
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
