/**
 * The integer-grid picture shared by symmetric-grid and asymmetric-grid: three rows on one axis —
 * the values, the integer grid (integer q sits at scale × (q − zero)), and the values brought back —
 * with a line from each value to its integer and down to its dequantized value. The red stub on the
 * bottom row is the rounding error. Plain SVG: no charting library, so a lesson page stays light.
 */
import { fmt, s } from './dom.ts';
import { linear } from './chart.ts';
import { hueOf } from './quant-style.ts';

/** What the grid chart draws: the values and the core's quantization of them. */
export interface GridData {
  values: readonly number[];
  q: readonly number[];
  dequantized: readonly number[];
  scale: number;
  zero: number;
  qmin: number;
  qmax: number;
}

/** Vertical positions of the three rows (the chart is HEIGHT tall). */
export const ROWS = { values: 34, grid: 100, back: 168 } as const;
export const GRID_HEIGHT = 196;
const SIDE = 14;

/** The real-valued interval the grid covers (lo, hi), padded so end dots are not clipped. */
export function gridDomain(d: GridData): [number, number] {
  const sc = d.scale || 1 / d.qmax; // all zeros: any scale draws them at 0
  let lo = Math.min(sc * (d.qmin - d.zero), ...d.values);
  let hi = Math.max(sc * (d.qmax - d.zero), ...d.values);
  const pad = (hi - lo) * 0.03 || 1;
  lo -= pad;
  hi += pad;
  return [lo, hi];
}

/** Which integers get a text label: the ends, the zero point, and a step that keeps labels ~36 px apart. */
function labelled(d: GridData, pxPerInt: number): Set<number> {
  const step = [1, 2, 4, 8, 16, 32, 64, 128].find((k) => k * pxPerInt >= 36) ?? 256;
  const out = new Set([d.qmin, d.qmax, d.zero]);
  for (let q = d.qmin; q <= d.qmax; q++) if ((q - d.zero) % step === 0 && Math.abs(q - d.qmin) * pxPerInt > 24 && Math.abs(d.qmax - q) * pxPerInt > 24) out.add(q);
  return out;
}

/** Redraw the chart at `width` px; `highlight` is the index of the value to emphasise (or -1). */
export function drawGrid(svg: SVGSVGElement, d: GridData, width: number, domain: [number, number], highlight: number): void {
  const x = linear(domain[0], domain[1], SIDE, width - SIDE);
  const sc = d.scale || 1 / d.qmax;
  const at = (q: number) => x(sc * (q - d.zero));
  svg.setAttribute('viewBox', `0 0 ${width} ${GRID_HEIGHT}`);
  const pxPerInt = Math.abs(at(d.qmin + 1) - at(d.qmin));
  const names = labelled(d, pxPerInt);
  const g = s('g', {});
  // Text goes in a group drawn last, outlined in the background colour, so the lines from each value to
  // its integer and back, and the zero line, pass behind the row titles and tick labels instead of through them.
  const labels = s('g', { 'data-role': 'labels', 'pointer-events': 'none' });
  // Symmetric grids (qmin = −qmax) have no zero point: v̂ is just scale × q.
  const backTitle = d.qmin === -d.qmax ? 'dequantized v̂ = scale × q' : 'dequantized v̂ = scale × (q − zero)';
  // Row rules and titles.
  for (const [y, title] of [[ROWS.values, 'values v'], [ROWS.grid, `integer grid q (${d.qmin} … ${d.qmax})`], [ROWS.back, backTitle]] as const) {
    g.append(s('line', { class: 'fw-axis', x1: SIDE, x2: width - SIDE, y1: y, y2: y }));
    labels.append(s('text', { class: 'fw-tick-label fw-halo', x: SIDE, y: y - 18 }, title));
  }
  // Real zero: the same place as integer `zero`, drawn through every row.
  const x0 = x(0);
  g.append(s('line', { class: 'qw-zero', x1: x0, x2: x0, y1: ROWS.values - 8, y2: ROWS.back + 8 }));
  labels.append(s('text', { class: 'fw-tick-label fw-halo', x: x0 + 3, y: ROWS.values + 14 }, '0'));
  // The grid: a tick per integer, labels on a subset, the zero point marked.
  const ticks = s('g', { 'data-role': 'grid-ticks' });
  for (let q = d.qmin; q <= d.qmax; q++) {
    const px = at(q);
    const big = names.has(q);
    ticks.append(s('line', { class: 'fw-axis', x1: px, x2: px, y1: ROWS.grid - (big ? 6 : 4), y2: ROWS.grid + (big ? 6 : 4) }));
    if (big) labels.append(s('text', { class: 'fw-tick-label fw-halo', x: px, y: ROWS.grid + 20, 'text-anchor': q === d.qmin && px < 30 ? 'start' : q === d.qmax && px > width - 30 ? 'end' : 'middle', 'font-weight': q === d.zero ? 700 : 400 }, String(q)));
  }
  const zp = at(d.zero);
  ticks.append(s('path', { d: `M${zp - 5},${ROWS.grid - 14} L${zp + 5},${ROWS.grid - 14} L${zp},${ROWS.grid - 7} Z`, fill: 'var(--qw-warm)', 'data-role': 'zero-marker' }));
  g.append(ticks);
  // One group per value, highlighted one last so it draws on top.
  const order = [...d.values.keys()].sort((a, b) => (a === highlight ? 1 : 0) - (b === highlight ? 1 : 0));
  for (const i of order) {
    const v = d.values[i]!, back = d.dequantized[i]!;
    const vx = x(v), qx = at(d.q[i]!), bx = x(back), hue = hueOf(i);
    g.append(s('g', { class: `qw-val${i === highlight ? ' qw-hi' : ''}`, 'data-index': i },
      s('line', { class: 'qw-link', stroke: hue, x1: vx, y1: ROWS.values, x2: qx, y2: ROWS.grid }),
      s('line', { class: 'qw-link', stroke: hue, x1: qx, y1: ROWS.grid, x2: bx, y2: ROWS.back }),
      Math.abs(bx - vx) >= 1 ? s('line', { class: 'qw-err', x1: vx, x2: bx, y1: ROWS.back, y2: ROWS.back }) : null,
      s('circle', { cx: vx, cy: ROWS.back, r: 4, fill: 'none', stroke: hue, 'stroke-dasharray': '2 2' }),
      s('circle', { class: 'qw-dot', cx: vx, cy: ROWS.values, r: i === highlight ? 7 : 5.5, fill: hue, 'data-role': 'dot', 'data-index': i }),
      s('circle', { class: 'qw-dot', cx: qx, cy: ROWS.grid, r: 3.5, fill: hue }),
      s('circle', { class: 'qw-dot', cx: bx, cy: ROWS.back, r: i === highlight ? 6 : 4.5, fill: hue }),
      s('title', {}, `${fmt(v)} → q = ${d.q[i]} → ${fmt(back)}`)));
  }
  g.append(labels);
  svg.replaceChildren(g);
}

/** The horizontal pixel position of a value. */
export function pixelOf(v: number, width: number, domain: [number, number]): number {
  return linear(domain[0], domain[1], SIDE, width - SIDE)(v);
}

/** The value at a horizontal pixel position, for dragging a value along the top row. */
export function valueAt(px: number, width: number, domain: [number, number]): number {
  return linear(SIDE, width - SIDE, domain[0], domain[1])(px);
}
