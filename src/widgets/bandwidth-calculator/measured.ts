/** The essay's measured speeds beside the bandwidth bound for the same model, format and machine. */
import { modelBytes, tokensPerSecond } from '../../core/index.ts';
import { fmt, h } from '../shared/dom.ts';
import { ESSAY_MODEL, ESSAY_RESULTS, MACHINES } from '../shared/quant-essay.ts';
import { pct } from '../shared/quant-props.ts';

/** Ideal (bandwidth-bound) tokens/s, measured tokens/s and their ratio for one format on one machine. */
export function compare(type: string, machine: (typeof MACHINES)[number]['id']): { ideal: number; measured: number; ratio: number } {
  const row = ESSAY_RESULTS.find((r) => r.type === type)!;
  const m = MACHINES.find((x) => x.id === machine)!;
  const ideal = tokensPerSecond(ESSAY_MODEL.params, row.bitsPerWeight, m.bandwidthGBs);
  const measured = machine === 'm1max' ? row.tpsM1Max : row.tpsH100;
  return { ideal, measured, ratio: measured / ideal };
}

/** The table: a row per essay format, measured (ideal) and measured ÷ ideal for each machine. */
export function measuredTable(highlightType: string | null, highlightMachine: string | null): HTMLTableElement {
  const head = h('tr', {}, h('th', { scope: 'col' }, 'format'), h('th', { scope: 'col' }, 'bits/w'), h('th', { scope: 'col' }, 'GB'),
    ...MACHINES.map((m) => h('th', { scope: 'col', class: m.id === highlightMachine ? 'bw-col' : undefined }, `${m.name}: measured (ideal), share`)));
  const rows = ESSAY_RESULTS.map((r) => h('tr', { class: r.type === highlightType ? 'qw-hi' : undefined, 'data-type': r.type },
    h('th', { scope: 'row' }, r.type),
    h('td', { class: 'fw-mono' }, fmt(r.bitsPerWeight, 4)),
    h('td', { class: 'fw-mono' }, fmt(modelBytes(ESSAY_MODEL.params, r.bitsPerWeight) / 1e9, 3)),
    ...MACHINES.map((m) => {
      const c = compare(r.type, m.id);
      return h('td', { class: `fw-mono${m.id === highlightMachine ? ' bw-col' : ''}`, 'data-machine': m.id }, `${c.measured.toFixed(2)} (${fmt(c.ideal, 3)}), `, h('strong', {}, pct(c.ratio, 0)));
    })));
  return h('table', { class: 'fw-table qw-table', 'data-role': 'measured' },
    h('caption', {}, `The essay’s ${ESSAY_MODEL.name} in tokens per second; the ideal takes ${ESSAY_MODEL.params / 1e9} billion parameters at the format’s bits per weight.`),
    h('thead', {}, head), h('tbody', {}, ...rows));
}
