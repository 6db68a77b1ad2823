/** The super-block's 256 weights as a strip chart, with the selected sub-block's grid of levels and errors drawn in. */
import { s } from '../shared/dom.ts';
import { linear } from '../shared/chart.ts';

export const CHART_HEIGHT = 170;

/** What the chart needs: the weights, their dequantized values, the selected sub-block [lo, hi) and its grid. */
export interface BlockChart {
  original: Float32Array;
  deq: Float32Array;
  lo: number;
  hi: number;
  step: number;
  offset: number;
  maxLevel: number;
  width: number;
}

/** Redraw the chart at the given pixel width. */
export function drawBlock(svg: SVGSVGElement, c: BlockChart): void {
  const { original, deq, lo, hi, step, offset, maxLevel, width } = c;
  const left = 6, right = width - 6, top = 8, bottom = CHART_HEIGHT - 8;
  let m = 1e-9;
  for (let i = 0; i < 256; i++) m = Math.max(m, Math.abs(original[i]!), Number.isFinite(deq[i]!) ? Math.abs(deq[i]!) : 0);
  const y = linear(-m, m, bottom, top);
  const x = linear(0, 255, left + 3, right - 3);
  svg.setAttribute('viewBox', `0 0 ${width} ${CHART_HEIGHT}`);
  const g = s('g', {},
    s('rect', { class: 'kq-band', x: x(lo) - 3, y: top, width: x(hi - 1) - x(lo) + 6, height: bottom - top }),
    s('line', { class: 'fw-grid', x1: left, x2: right, y1: y(0), y2: y(0) }));
  // The sub-block's grid: every value its levels can come back as.
  for (let q = 0; q <= maxLevel; q++) {
    const v = step * q - offset;
    if (Math.abs(v) > m) continue;
    g.append(s('line', { class: 'kq-gridline', x1: x(lo) - 3, x2: x(hi - 1) + 3, y1: y(v), y2: y(v) }));
  }
  const r = width < 480 ? 1.4 : 2;
  for (let i = 0; i < 256; i++) {
    const sel = i >= lo && i < hi;
    const d = Number.isFinite(deq[i]!) ? deq[i]! : 0;
    const pt = s('g', { class: sel ? 'kq-sel' : undefined });
    if (sel) pt.append(s('line', { class: 'kq-err', x1: x(i), x2: x(i), y1: y(original[i]!), y2: y(d) }));
    pt.append(s('circle', { class: 'kq-orig', cx: x(i), cy: y(original[i]!), r: sel ? r + 1.2 : r + 0.6 }), s('circle', { class: 'kq-deq', cx: x(i), cy: y(d), r: sel ? r + 0.6 : r }));
    g.append(pt);
  }
  svg.replaceChildren(g);
}
