/**
 * The essay's results (lessons/measuring-what-matters.mdx): Qwen3.5 9B in five formats — bits per weight and size (from the
 * core), perplexity, mean KL, GPQA Diamond and generation speed (measured) — as a table sortable by
 * any column (header buttons, pointer or keyboard), with a bar per cell scaled to its column.
 * Props: sort (a column key, default "ppl").
 */
import type { MountWidget } from '../types.ts';
import { h, injectStyle, liveDescription } from '../shared/dom.ts';
import { guardedMount } from '../shared/guarded-mount.ts';
import { choiceProp } from '../shared/quant-props.ts';
import { ESSAY_MODEL, ESSAY_RESULTS } from '../shared/quant-essay.ts';
import { useQuantStyle } from '../shared/quant-style.ts';
import { COLUMNS, sortRows } from './columns.ts';

const CSS = `
.er-table { min-width: 44rem; }
.er-table th button { font: inherit; font-weight: 700; color: var(--fw-fg); background: none; border: 0; padding: 0.2rem; cursor: pointer; text-align: inherit; }
.er-table th button:hover { color: var(--fw-accent); }
.er-table th[aria-sort] button { color: var(--fw-accent); }
.er-arrow { font-size: 0.8em; margin-left: 0.2rem; }
.er-bar { height: 0.35rem; margin-top: 0.15rem; margin-left: auto; background: color-mix(in srgb, var(--fw-accent) 60%, var(--fw-bg)); border-radius: 0.1rem; }
.er-table td.er-sorted .er-bar { background: var(--qw-warm); }
`;

const mount: MountWidget = (root, props) => guardedMount(root, () => {
  useQuantStyle();
  injectStyle('essay-results', CSS);
  let key = choiceProp(props.sort, 'sort', ['format', ...COLUMNS.map((c) => c.key)], 'ppl');
  let dir: 'ascending' | 'descending' = 'ascending';
  const maxOf = new Map(COLUMNS.map((c) => [c.key, Math.max(...ESSAY_RESULTS.map((r) => c.value(r) ?? 0))]));
  const tableSlot = h('div', { class: 'fw-scroll' });
  const box = h('div', { class: 'fw qw' }, tableSlot,
    h('p', { class: 'qw-note' }, `${ESSAY_MODEL.name} measured in the essay (wikitext-2 perplexity, mean KL against bf16, GPQA Diamond’s 198 four-choice questions, where guessing scores 25%). Bits per weight and size are computed. Select a column heading to sort by it; again to reverse.`));
  root.append(box);
  const setAlt = liveDescription(root);

  const header = (k: string, label: string) => {
    const b = h('button', { type: 'button', 'data-role': 'sort', 'data-key': k }, label, h('span', { class: 'er-arrow', 'aria-hidden': 'true' }, k === key ? (dir === 'ascending' ? '▲' : '▼') : ''));
    b.addEventListener('click', () => {
      dir = k === key && dir === 'ascending' ? 'descending' : 'ascending';
      key = k;
      render();
      tableSlot.querySelector<HTMLButtonElement>(`button[data-key="${k}"]`)?.focus(); // the table was rebuilt
    });
    return h('th', { scope: 'col', 'aria-sort': k === key ? dir : undefined }, b);
  };

  function render(): void {
    const rows = sortRows(key, dir);
    tableSlot.replaceChildren(h('table', { class: 'fw-table qw-table er-table', 'data-role': 'results' },
      h('thead', {}, h('tr', {}, header('format', 'format'), ...COLUMNS.map((c) => header(c.key, c.label)))),
      h('tbody', {}, ...rows.map((r) => h('tr', { 'data-type': r.type },
        h('th', { scope: 'row' }, r.type, h('div', { class: 'qw-note' }, r.description)),
        ...COLUMNS.map((c) => {
          const v = c.value(r);
          return h('td', { class: `fw-mono${c.key === key ? ' er-sorted' : ''}`, 'data-key': c.key }, c.show(r),
            // A cell without a value (BF16's KL against itself) keeps an invisible bar, so its "—" lines up with the numbers beside it.
            h('div', { class: 'er-bar', 'aria-hidden': 'true', style: v === null ? 'visibility:hidden' : `width:${Math.max(2, (100 * v) / maxOf.get(c.key)!)}%` }));
        }))))));
    const col = COLUMNS.find((c) => c.key === key);
    setAlt(col
      ? `Sorted by ${col.label}, ${dir} (${col.higherIsBetter ? 'higher' : 'lower'} is better): ${rows.map((r) => `${r.type} ${col.show(r)}`).join(', ')}.`
      : `In the essay’s order${dir === 'descending' ? ', reversed' : ''}: ${rows.map((r) => r.type).join(', ')}.`);
  }
  render();
});

export default mount;
