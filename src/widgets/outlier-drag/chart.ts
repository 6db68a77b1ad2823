/**
 * The outlier chart: a stem per weight on a signed square-root axis (so weights near 0 stay visible
 * next to an outlier of 6), the grid of representable values behind each block, the dequantized value
 * as a bar with its error in red, and each weight's bucket q underneath.
 */
import { s } from '../shared/dom.ts';
import { linear } from '../shared/chart.ts';
import type { VariantResult } from './variants.ts';

export const CHART_HEIGHT = 250;
export const LIMIT = 6;
const TOP = 12, BOTTOM = CHART_HEIGHT - 34, LEFT = 30;

const sroot = (v: number) => Math.sign(v) * Math.sqrt(Math.abs(v));

/** The y pixel of a weight value. */
export const yOf = (v: number): number => linear(-Math.sqrt(LIMIT), Math.sqrt(LIMIT), BOTTOM, TOP)(sroot(v));

/** The weight value at a y pixel (the inverse of yOf), clamped to ±LIMIT. */
export function valueAtY(y: number): number {
  const r = linear(BOTTOM, TOP, -Math.sqrt(LIMIT), Math.sqrt(LIMIT))(y);
  return Math.max(-LIMIT, Math.min(LIMIT, Math.sign(r) * r * r));
}

/** x centre of weight i of n in a chart `width` wide. */
export const xOf = (i: number, n: number, width: number): number => LEFT + ((i + 0.5) * (width - LEFT - 6)) / n;

/** Redraw everything but the draggable handle (the caller draws it): `r` is the variant shown. */
export function drawChart(g: SVGGElement, weights: readonly number[], r: VariantResult, bits: number, blockSize: number, width: number): void {
  const n = weights.length;
  const colW = (width - LEFT - 6) / n;
  const parts: SVGElement[] = [];
  for (const t of [-4, -1, 0, 1, 4]) {
    parts.push(s('line', { class: t === 0 ? 'fw-axis' : 'fw-grid', x1: LEFT, x2: width - 6, y1: yOf(t), y2: yOf(t) }),
      s('text', { class: 'fw-tick-label', x: LEFT - 4, y: yOf(t) + 4, 'text-anchor': 'end' }, String(t)));
  }
  // The representable values of each block: the scale's multiples, as far as the axis reaches.
  const size = r.perBlock ? blockSize : n;
  r.blocks.forEach((b, k) => {
    const x1 = LEFT + k * size * colW, x2 = LEFT + Math.min(n, (k + 1) * size) * colW;
    if (k > 0) parts.push(s('line', { class: 'od-block-edge', x1, x2: x1, y1: TOP, y2: BOTTOM }));
    if (b.scale === 0) return;
    const qmax = 2 ** (bits - 1) - 1;
    for (let q = -qmax; q <= qmax; q++) {
      const v = q * b.scale;
      if (Math.abs(v) <= LIMIT) parts.push(s('line', { class: 'od-level', x1: x1 + 2, x2: x2 - 2, y1: yOf(v), y2: yOf(v) }));
    }
  });
  weights.forEach((w, i) => {
    const x = xOf(i, n, width), a = r.approx[i]!;
    const bar = Math.min(colW * 0.35, 9);
    parts.push(s('line', { class: 'od-stem', x1: x, x2: x, y1: yOf(0), y2: yOf(w) }),
      s('line', { class: 'od-err', x1: x, x2: x, y1: yOf(w), y2: yOf(a) }),
      s('line', { class: i === r.kept ? 'od-kept' : 'od-approx', x1: x - bar, x2: x + bar, y1: yOf(a), y2: yOf(a) }),
      s('circle', { class: 'od-dot', cx: x, cy: yOf(w), r: 3.5 }),
      s('text', { class: 'fw-tick-label od-q', x, y: BOTTOM + 16, 'text-anchor': 'middle', 'data-role': 'bucket', 'data-index': i }, r.q[i] === null ? '★' : String(r.q[i])));
  });
  parts.push(s('text', { class: 'fw-tick-label', x: LEFT, y: CHART_HEIGHT - 4 }, 'q (bucket) of each weight; ★ = kept aside'));
  g.replaceChildren(...parts);
}
