/** The GGUF inspector's histogram of one tensor's dequantized weights, drawn with the widgets' chart helpers. */
import type { HistogramBars } from '../../core/index.ts';
import { fmt, s } from '../../widgets/shared/dom.ts';
import { linear, svgCanvas, ticks, xAxis } from '../../widgets/shared/chart.ts';

const WIDTH = 640, HEIGHT = 220;

/** An SVG histogram (hidden from assistive tech: the caption beside it says what it shows). */
export function histogramSvg(bars: HistogramBars): SVGSVGElement {
  const svg = svgCanvas(WIDTH, HEIGHT, 'histogram');
  const left = 12, right = WIDTH - 12, top = 10, bottom = HEIGHT - 28;
  const n = bars.counts.length;
  const lo = bars.lo, hi = bars.lo + bars.width * Math.max(1, n);
  // A tensor of one value (all zeros) still gets a visible bar around it.
  const [d0, d1] = bars.width > 0 ? [lo, hi] : [lo - 1, lo + 1];
  const x = linear(d0, d1, left, right);
  const peak = Math.max(1, ...bars.counts);
  const y = linear(0, peak, bottom, top);
  const g = s('g', {});
  bars.counts.forEach((c, i) => {
    const x0 = bars.width > 0 ? x(lo + i * bars.width) : x(lo) - 4, x1 = bars.width > 0 ? x(lo + (i + 1) * bars.width) : x(lo) + 4;
    g.append(s('rect', { class: 'gi-bar', x: x0, y: y(c), width: Math.max(0.5, x1 - x0 - 0.5), height: bottom - y(c), 'data-count': c }));
  });
  g.append(xAxis(ticks(d0, d1, 6), x, bottom, left, right, (v) => fmt(v, 3)));
  if (d0 < 0 && d1 > 0) g.append(s('line', { class: 'fw-grid', x1: x(0), x2: x(0), y1: top, y2: bottom }));
  svg.append(g);
  return svg;
}
