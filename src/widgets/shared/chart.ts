/**
 * Tiny SVG charting for the widgets of every lesson: scales, tick values, an axis. Plain SVG rather than a
 * charting library keeps each lesson page light (a few kilobytes of widget code, nothing else).
 */
import { fmt, s } from './dom.ts';

/** A linear map from [d0, d1] onto [r0, r1]. */
export function linear(d0: number, d1: number, r0: number, r1: number): (x: number) => number {
  const k = d1 === d0 ? 0 : (r1 - r0) / (d1 - d0);
  return (x) => r0 + (x - d0) * k;
}

/** Round tick values (1, 2 or 5 × a power of ten) covering [lo, hi], about `count` of them. */
export function ticks(lo: number, hi: number, count = 5): number[] {
  if (!(hi > lo)) return [lo];
  const raw = (hi - lo) / count;
  const p = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * p).find((st) => st >= raw) ?? 10 * p;
  const out: number[] = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) out.push(Math.abs(v) < step * 1e-9 ? 0 : Number(v.toPrecision(12)));
  return out;
}

/** A responsive SVG canvas of a given viewBox size, hidden from assistive tech (the widget's text alternative speaks for it). */
export function svgCanvas(width: number, height: number, role: string): SVGSVGElement {
  return s('svg', { class: 'fw-svg', viewBox: `0 0 ${width} ${height}`, 'aria-hidden': 'true', 'data-role': role, preserveAspectRatio: 'xMidYMid meet' });
}

/** A horizontal axis at y with labelled ticks at the given values. */
export function xAxis(values: number[], x: (v: number) => number, y: number, x0: number, x1: number, label = (v: number) => fmt(v, 3)): SVGGElement {
  const g = s('g', {}, s('line', { class: 'fw-axis', x1: x0, x2: x1, y1: y, y2: y }));
  for (const v of values) {
    const px = x(v);
    g.append(s('line', { class: 'fw-axis', x1: px, x2: px, y1: y, y2: y + 4 }), s('text', { class: 'fw-tick-label', x: px, y: y + 16, 'text-anchor': 'middle', 'font-size': 11 }, label(v)));
  }
  return g;
}

/**
 * Call `onWidth` with the element's width now and whenever it changes, so charts can draw at
 * 1 SVG unit per CSS pixel (labels keep their size on a phone). Returns a function that stops watching.
 */
export function watchWidth(el: HTMLElement, onWidth: (w: number) => void, fallback = 640): () => void {
  let last = Math.round(el.clientWidth) || fallback;
  onWidth(last);
  if (typeof ResizeObserver === 'undefined') return () => {};
  const ro = new ResizeObserver(() => {
    const w = Math.round(el.clientWidth);
    if (w > 0 && Math.abs(w - last) >= 4) { last = w; onWidth(w); }
  });
  ro.observe(el);
  return () => ro.disconnect();
}
