/** The histogram's bars in SVG; each bar is a focusable cell that arrow keys move between. */
import { s } from '../shared/dom.ts';
import { linear, ticks } from '../shared/chart.ts';
import type { Bin } from './bins.ts';

/** Draw bars for `bins` into a width × height chart; `y` of a bin is its count or its percentage. */
export function drawBars(svg: SVGSVGElement, bins: Bin[], heights: number[], selected: number, width: number, height: number, yLabel: (v: number) => string, onSelect: (i: number) => void): void {
  const left = 58, right = width - 8, top = 10, bottom = height - 26;
  const max = Math.max(...heights, 1e-300);
  const y = linear(0, max, bottom, top);
  const bw = (right - left) / bins.length;
  svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
  svg.replaceChildren();
  for (const t of ticks(0, max, 4)) {
    svg.append(s('line', { class: 'fw-grid', x1: left, x2: right, y1: y(t), y2: y(t) }),
      s('text', { class: 'fw-tick-label', x: left - 6, y: y(t) + 4, 'text-anchor': 'end', 'font-size': 11 }, yLabel(t)));
  }
  bins.forEach((b, i) => {
    const h = Math.max(bottom - y(heights[i]!), heights[i]! > 0 ? 1.5 : 0); // a non-empty bin stays visible
    const rect = s('rect', {
      class: `fh-bar${i === selected ? ' fh-selected' : ''}`, x: left + i * bw + (bw > 6 ? 1 : 0), y: bottom - h, width: Math.max(1, bw - (bw > 6 ? 2 : 0)), height: h,
      tabindex: i === selected ? 0 : -1, role: 'button', 'data-role': 'bar', 'data-index': i, 'aria-label': `${b.label}: ${b.count.toLocaleString('en-US')} values`,
    });
    // A full-height hit area, so thin or short bars are easy to point at.
    const hit = s('rect', { x: left + i * bw, y: top, width: bw, height: bottom - top, fill: 'transparent' });
    hit.addEventListener('pointerdown', () => { onSelect(i); (rect as unknown as HTMLElement).focus(); });
    rect.addEventListener('pointerdown', () => onSelect(i));
    rect.addEventListener('focus', () => { if (i !== selected) onSelect(i); });
    svg.append(hit, rect);
  });
  svg.append(s('line', { class: 'fw-axis', x1: left, x2: right, y1: bottom, y2: bottom }));
  // Label the first, middle and last bars' lower edges.
  for (const i of [...new Set([0, Math.floor(bins.length / 2), bins.length - 1])]) {
    const edge = i === bins.length - 1 ? bins[i]!.hiLabel : bins[i]!.loLabel;
    const px = i === bins.length - 1 ? right : left + i * bw;
    svg.append(s('text', { class: 'fw-tick-label', x: px, y: bottom + 16, 'text-anchor': i === 0 ? 'start' : i === bins.length - 1 ? 'end' : 'middle', 'font-size': 11 }, edge));
  }
}

/** Styles of the histogram. */
export const HISTOGRAM_CSS = `
.fh-bar { fill: color-mix(in srgb, var(--fw-accent) 60%, var(--fw-bg)); cursor: pointer; outline: none; }
.fh-bar.fh-selected, .fh-bar:focus { fill: var(--fw-accent); }
.fh-bar:focus-visible { stroke: var(--fw-fg); stroke-width: 2; }
.fh-headline { margin: 0; font-size: 1rem; }
.fh-detail { margin: 0; font-family: var(--fw-mono); font-size: 0.9rem; overflow-wrap: anywhere; }
`;
