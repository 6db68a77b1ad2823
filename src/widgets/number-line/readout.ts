/** The table under the lines: nearest representable value and rounding error per format. */
import { FORMATS, maxFinite, roundToFormatValue, type FormatName } from '../../core/index.ts';
import { fmt, h } from '../shared/dom.ts';
import { FORMAT_LABEL } from '../shared/floats-format.ts';

/** What rounding x into one format gives, as numbers and as a sentence. */
export function rounding(x: number, name: FormatName): { nearest: number; error: number; text: string } {
  const f = FORMATS[name];
  const nearest = roundToFormatValue(x, f);
  const error = nearest - x;
  const over = Math.abs(x) > maxFinite(f) ? ` (beyond its largest value ${fmt(maxFinite(f), 4)})` : '';
  const text = `${FORMAT_LABEL[name]} stores ${fmt(nearest, 8)}${over}, error ${Number.isFinite(error) ? fmt(error, 3) : 'not finite'}`;
  return { nearest, error, text };
}

/** The readout table. */
export function readoutTable(x: number, names: FormatName[]): HTMLTableElement {
  const rows = names.map((n) => {
    const r = rounding(x, n);
    const rel = x !== 0 && Number.isFinite(r.error) ? fmt(Math.abs(r.error / x) * 100, 3) + '%' : '—';
    return h('tr', {}, h('td', {}, FORMAT_LABEL[n]), h('td', { class: 'fw-mono' }, fmt(r.nearest, 8)), h('td', { class: 'fw-mono' }, Number.isFinite(r.error) ? fmt(r.error, 3) : '—'), h('td', { class: 'fw-mono' }, rel));
  });
  return h('table', { class: 'fw-table', 'data-role': 'readout' },
    h('thead', {}, h('tr', {}, h('th', {}, 'format'), h('th', {}, 'nearest'), h('th', {}, 'error'), h('th', {}, 'relative'))),
    h('tbody', {}, ...rows));
}
