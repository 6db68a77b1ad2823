/** A number line with one block's E2M1 grid (±0, 0.5, 1, 1.5, 2, 3, 4, 6 times its scale), its weights and what they became. */
import { fmt, s } from '../shared/dom.ts';
import { linear } from '../shared/chart.ts';

export const GRID_HEIGHT = 120;
const E2M1 = [0, 0.5, 1, 1.5, 2, 3, 4, 6];

/** What the chart needs: all weights and values back, the block [lo, hi) drawn, the selected element and its scale. */
export interface GridChart {
  x: Float32Array;
  deq: Float32Array;
  lo: number;
  hi: number;
  selected: number;
  scale: number;
  width: number;
}

/** Redraw at the given pixel width: grid ticks on the axis, originals above it, values back below it. */
export function drawGrid(svg: SVGSVGElement, c: GridChart): void {
  const { x, deq, lo, hi, selected, scale, width } = c;
  let m = 6 * scale;
  for (let i = lo; i < hi; i++) m = Math.max(m, Math.abs(x[i]!));
  m = m || 1;
  const px = linear(-m, m, 14, width - 14);
  const axisY = 64, origY = 26, deqY = 96;
  svg.setAttribute('viewBox', `0 0 ${width} ${GRID_HEIGHT}`);
  const g = s('g', {}, s('line', { class: 'fw-axis', x1: 8, x2: width - 8, y1: axisY, y2: axisY }));
  const labelled = width < 480 ? [0, 6] : [0, 1, 2, 4, 6];
  for (const v of E2M1) {
    for (const sign of v ? [-1, 1] : [1]) {
      const at = px(sign * v * scale);
      g.append(s('line', { class: 'mx-tick', x1: at, x2: at, y1: axisY - 6, y2: axisY + 6 }));
      if (labelled.includes(v)) g.append(s('text', { class: 'mx-tick-label', x: at, y: axisY + 17, 'text-anchor': 'middle' }, `${sign < 0 ? '−' : ''}${fmt(v)}`));
    }
  }
  g.append(s('text', { class: 'mx-tick-label', x: 8, y: 12 }, `weights (scale ${fmt(scale, 4)})`), s('text', { class: 'mx-tick-label', x: 8, y: GRID_HEIGHT - 4 }, 'values back'));
  for (let i = lo; i < hi; i++) {
    const sel = i === selected;
    const pt = s('g', { class: sel ? 'mx-sel' : undefined });
    if (sel) pt.append(s('line', { class: 'mx-link', x1: px(x[i]!), x2: px(deq[i]!), y1: origY, y2: deqY }));
    pt.append(s('circle', { class: 'mx-orig', cx: px(x[i]!), cy: origY, r: sel ? 5 : 3 }), s('circle', { class: 'mx-deq', cx: px(deq[i]!), cy: deqY, r: sel ? 4.5 : 2.5 }));
    g.append(pt);
  }
  svg.replaceChildren(g);
}
