/** One number line per format: tick marks at the representable values in view, and the nearest one to x. */
import { countRepresentable, FORMATS, roundToFormatValue, type FormatName } from '../../core/index.ts';
import { s } from '../shared/dom.ts';
import { FORMAT_LABEL } from '../shared/floats-format.ts';
import { SERIES } from '../shared/floats-style.ts';
import { valuesInView } from '../shared/floats-values.ts';

/** Geometry shared by the rows. */
export interface Geometry { x: (v: number) => number; left: number; right: number; top: number; rowHeight: number }

/** Draw the row of one format at index i: label, axis, ticks (or a dense band), the nearest value to `value`. */
export function drawRow(name: FormatName, i: number, lo: number, hi: number, value: number, g: Geometry): SVGGElement {
  const y = g.top + i * g.rowHeight + 34;
  const color = SERIES[name]?.color ?? 'currentColor';
  const row = s('g', { class: 'nl-row', 'data-format': name },
    s('text', { x: g.left, y: y - 18, 'font-size': 13, class: 'fw-halo' }, FORMAT_LABEL[name]),
    s('line', { class: 'fw-axis', x1: g.left, x2: g.right, y1: y, y2: y }));
  const ticks = valuesInView(lo, hi, name);
  if (ticks) {
    for (const v of ticks) row.append(s('line', { x1: g.x(v), x2: g.x(v), y1: y - 7, y2: y + 7, stroke: color, 'stroke-width': 1.5 }));
  } else {
    row.append(s('rect', { x: g.left, y: y - 7, width: g.right - g.left, height: 14, fill: color, opacity: 0.35 }),
      s('text', { x: g.right, y: y - 18, 'font-size': 11, 'text-anchor': 'end', class: 'fw-tick-label fw-halo' },
        `${countRepresentable(lo, hi, FORMATS[name]).toLocaleString('en-US')} values: too dense to draw`));
  }
  const near = roundToFormatValue(value, FORMATS[name], { saturate: false });
  if (Number.isFinite(near) && near >= lo && near <= hi) {
    row.append(s('circle', { cx: g.x(near), cy: y, r: 6, fill: color, stroke: 'var(--fw-bg)', 'stroke-width': 2, class: 'nl-nearest' }));
  }
  return row;
}
