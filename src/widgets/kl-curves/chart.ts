/** Two distributions over the same support: P as filled bars, Q as outlined bars beside them. */
import { s } from '../shared/dom.ts';
import { linear } from '../shared/chart.ts';

export const CHART_HEIGHT = 200;

/** Redraw P and Q (same length) at `width` px. */
export function drawCurves(svg: SVGSVGElement, p: ArrayLike<number>, q: ArrayLike<number>, width: number): void {
  const n = p.length, left = 8, right = width - 8, top = 10, bottom = CHART_HEIGHT - 22;
  const max = Math.max(...Array.from(p), ...Array.from(q), 1e-9);
  const y = linear(0, max, bottom, top);
  const slot = (right - left) / n, bw = Math.max(1.5, slot * 0.4);
  svg.setAttribute('viewBox', `0 0 ${width} ${CHART_HEIGHT}`);
  const parts: SVGElement[] = [s('line', { class: 'fw-axis', x1: left, x2: right, y1: bottom, y2: bottom })];
  for (let i = 0; i < n; i++) {
    const x = left + i * slot + slot / 2;
    parts.push(s('rect', { class: 'kl-p', x: x - bw, y: y(p[i]!), width: bw, height: bottom - y(p[i]!) }),
      s('rect', { class: 'kl-q', x, y: y(q[i]!), width: bw, height: bottom - y(q[i]!) }));
    if (i % 4 === 0) parts.push(s('text', { class: 'fw-tick-label', x, y: CHART_HEIGHT - 6, 'text-anchor': 'middle' }, String(i)));
  }
  svg.replaceChildren(...parts);
}
