/** The weight histogram with an overlay of where one format's representable values lie. */
import { countRepresentable, FORMATS, type FormatName } from '../../core/index.ts';
import { fmt, s } from '../shared/dom.ts';
import { linear, ticks, xAxis } from '../shared/chart.ts';
import { SERIES } from '../shared/floats-style.ts';
import { valuesInView } from '../shared/floats-values.ts';

/** Counts of weights in `n` equal bins over [lo, hi] (values outside are left out). */
export function binWeights(weights: Float64Array, lo: number, hi: number, n: number): number[] {
  const counts = new Array<number>(n).fill(0);
  const k = n / (hi - lo);
  for (const w of weights) {
    if (w < lo || w > hi) continue;
    counts[Math.min(n - 1, Math.floor((w - lo) * k))]!++;
  }
  return counts;
}

/** Draw bars and, under them, a rug of the format's values (ticks when sparse, a density strip when dense). */
export function drawHistogram(svg: SVGSVGElement, counts: number[], lo: number, hi: number, overlay: FormatName | null, width: number, height: number): void {
  const left = 10, right = width - 10, top = 8, bottom = height - 56, rugTop = bottom + 6, rugH = 16;
  const x = linear(lo, hi, left, right);
  const y = linear(0, Math.max(...counts, 1), bottom, top);
  const bw = (right - left) / counts.length;
  svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
  svg.replaceChildren(...counts.map((c, i) => s('rect', { class: 'ph-bar', x: left + i * bw, y: y(c), width: Math.max(0.5, bw - 0.5), height: bottom - y(c) })),
    s('line', { class: 'fw-axis', x1: left, x2: right, y1: bottom, y2: bottom }),
    xAxis(ticks(lo, hi, Math.max(3, Math.floor(width / 110))), x, rugTop + rugH + 4, left, right, (v) => fmt(v, 2)));
  if (!overlay) return;
  const color = SERIES[overlay]?.color ?? 'currentColor';
  const vals = valuesInView(lo, hi, overlay, 300);
  if (vals) {
    for (const v of vals) svg.append(s('line', { x1: x(v), x2: x(v), y1: rugTop, y2: rugTop + rugH, stroke: color, 'stroke-width': 1, 'data-role': 'overlay-tick' }));
    return;
  }
  // Too many values to draw one by one: shade each bin by how many values it holds (log scale).
  const per = counts.map((_, i) => countRepresentable(lo + i * ((hi - lo) / counts.length), lo + (i + 1) * ((hi - lo) / counts.length), FORMATS[overlay]));
  const top2 = Math.log1p(Math.max(...per));
  per.forEach((c, i) => svg.append(s('rect', { x: left + i * bw, y: rugTop, width: bw, height: rugH, fill: color, opacity: (0.08 + 0.92 * Math.log1p(c) / top2).toFixed(3), 'data-role': 'overlay-band' })));
}

/** Styles of the histogram. */
export const PARAM_CSS = `
.ph-bar { fill: color-mix(in srgb, var(--fw-fg) 55%, var(--fw-bg)); }
.ph-source { margin: 0; font-size: 0.9rem; padding: 0.35rem 0.6rem; border-left: 4px solid var(--fw-accent); background: color-mix(in srgb, var(--fw-accent) 8%, var(--fw-bg)); }
.ph-source[data-stand-in] { border-left-color: var(--fw-sign); background: color-mix(in srgb, var(--fw-sign) 10%, var(--fw-bg)); }
.ph-stats { margin: 0; font-size: 0.9rem; }
`;
