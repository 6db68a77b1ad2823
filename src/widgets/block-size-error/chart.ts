/**
 * The error-versus-storage chart. Bits per weight is bits + overhead, and the overhead halves with
 * each doubling of the block size, so the x axis spaces points by log2(overhead): evenly, one per size,
 * with ticks labelled in total bits per weight.
 */
import type { Scheme } from '../../core/index.ts';
import { fmt, s } from '../shared/dom.ts';
import { linear, ticks } from '../shared/chart.ts';
import type { Point } from './series.ts';

export const CHART_HEIGHT = 240;
const TOP = 14, BOTTOM = CHART_HEIGHT - 40, LEFT = 62, RIGHT_PAD = 14;
const STYLE: Record<Scheme, { cls: string; dash: string }> = { symmetric: { cls: 'bs-sym', dash: '' }, asymmetric: { cls: 'bs-asym', dash: '6 4' } };

/** Redraw both curves; `selected` is the chosen block size; `onPick` gets a block size the pointer chose. */
export function drawChart(svg: SVGSVGElement, curves: Record<Scheme, Point[]>, bits: number, selected: number, width: number, errorLabel: (v: number) => string, onPick: (blockSize: number) => void): void {
  const all = [...curves.symmetric, ...curves.asymmetric];
  const over = (p: Point) => Math.log2(p.bitsPerWeight - bits);
  const x = linear(Math.min(...all.map(over)), Math.max(...all.map(over)), LEFT + 8, width - RIGHT_PAD);
  const yMax = Math.max(...all.map((p) => p.error), 1e-300);
  const y = linear(0, yMax, BOTTOM, TOP);
  svg.setAttribute('viewBox', `0 0 ${width} ${CHART_HEIGHT}`);
  const parts: SVGElement[] = [];
  for (const t of ticks(0, yMax, 4)) {
    parts.push(s('line', { class: 'fw-grid', x1: LEFT, x2: width - RIGHT_PAD, y1: y(t), y2: y(t) }),
      s('text', { class: 'fw-tick-label', x: LEFT - 6, y: y(t) + 4, 'text-anchor': 'end' }, errorLabel(t)));
  }
  parts.push(s('line', { class: 'fw-axis', x1: LEFT, x2: width - RIGHT_PAD, y1: BOTTOM, y2: BOTTOM }));
  const overheads = [-4, -2, 0, 2, 4].filter((k) => x(k) >= LEFT && x(k) <= width - RIGHT_PAD + 1);
  for (const k of overheads) {
    parts.push(s('line', { class: 'fw-axis', x1: x(k), x2: x(k), y1: BOTTOM, y2: BOTTOM + 4 }),
      s('text', { class: 'fw-tick-label', x: x(k), y: BOTTOM + 16, 'text-anchor': 'middle' }, fmt(bits + 2 ** k, 4)));
  }
  parts.push(s('text', { class: 'fw-tick-label', x: width - RIGHT_PAD, y: CHART_HEIGHT - 6, 'text-anchor': 'end' }, 'bits per weight (overhead on a log scale) →'));
  for (const scheme of ['symmetric', 'asymmetric'] as const) {
    const pts = curves[scheme];
    parts.push(s('polyline', { class: `bs-line ${STYLE[scheme].cls}`, 'stroke-dasharray': STYLE[scheme].dash, points: pts.map((p) => `${x(over(p))},${y(p.error)}`).join(' ') }));
    for (const p of pts) {
      const on = p.blockSize === selected;
      const dot = s('circle', { class: `bs-dot ${STYLE[scheme].cls}${on ? ' bs-on' : ''}`, cx: x(over(p)), cy: y(p.error), r: on ? 7 : 4.5, 'data-role': 'point', 'data-block': p.blockSize, 'data-scheme': scheme },
        s('title', {}, `${scheme}, block ${p.blockSize}: ${fmt(p.bitsPerWeight, 4)} bits per weight, error ${errorLabel(p.error)}`));
      dot.addEventListener('pointerdown', () => onPick(p.blockSize));
      parts.push(dot);
      if (on) parts.push(s('text', { class: 'fw-tick-label', x: x(over(p)), y: y(p.error) - 11, 'text-anchor': 'middle' }, String(p.blockSize)));
    }
  }
  svg.replaceChildren(...parts);
}
