/** A strip chart of the block's 32 values: originals as rings, dequantized as dots; the selected byte's values stand out. */
import { s } from '../shared/dom.ts';
import { linear } from '../shared/chart.ts';

export const VALUES_HEIGHT = 130;

/** Redraw the strip at `width` px, emphasising the value indices in `held`. */
export function drawValues(svg: SVGSVGElement, original: Float32Array, dequantized: Float32Array, held: readonly number[], width: number): void {
  const left = 8, right = width - 8, top = 10, bottom = VALUES_HEIGHT - 18;
  const m = Math.max(...original.map(Math.abs), ...dequantized.map(Math.abs), 1e-9);
  const y = linear(-m, m, bottom, top);
  const x = linear(0, 31, left + 6, right - 6);
  svg.setAttribute('viewBox', `0 0 ${width} ${VALUES_HEIGHT}`);
  const g = s('g', {}, s('line', { class: 'fw-grid', x1: left, x2: right, y1: y(0), y2: y(0) }));
  for (let i = 0; i < 32; i++) {
    const on = held.includes(i);
    g.append(s('g', { class: on ? 'gb-held' : undefined, 'data-index': i },
      s('line', { class: 'gb-stem', x1: x(i), x2: x(i), y1: y(0), y2: y(dequantized[i]!) }),
      s('circle', { class: 'gb-orig', cx: x(i), cy: y(original[i]!), r: on ? 5 : 3.5 }),
      s('circle', { class: 'gb-deq', cx: x(i), cy: y(dequantized[i]!), r: on ? 4 : 2.5 })));
  }
  for (const i of width < 480 ? [0, 16, 31] : [0, 15, 16, 31]) g.append(s('text', { class: 'fw-tick-label', x: x(i), y: VALUES_HEIGHT - 4, 'text-anchor': 'middle' }, String(i)));
  svg.replaceChildren(g);
}
