/**
 * The class report's charts, as inline SVG written in Node: no library, no script, nothing fetched.
 * Colours come from the page's CSS classes (light and dark), so each chart follows the theme and prints.
 * Each chart carries a title and a description; the report puts the same numbers in a table beside it.
 */
import { esc } from './html-escape.ts';

/** One bar of a histogram. */
export interface Bin {
  label: string;
  count: number;
}

/** One row of a horizontal bar chart: a share from 0 to 1. */
export interface ShareRow {
  label: string;
  share: number;
  /** What the bar's end says, e.g. "83% (250 of 300)". */
  text: string;
}

/** Opening of an accessible SVG: role img, named by its title and described by its description. */
function open(id: string, width: number, height: number, title: string, desc: string): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" id="${id}" viewBox="0 0 ${width} ${height}" width="100%" role="img" aria-labelledby="${id}-title ${id}-desc" class="chart">` +
    `<title id="${id}-title">${esc(title)}</title><desc id="${id}-desc">${esc(desc)}</desc>`;
}

/** A vertical histogram, one bar per bin with its count above it. */
export function histogram(id: string, bins: readonly Bin[], title: string, desc: string): string {
  const width = 640, height = 240, left = 36, bottom = 36, top = 20;
  const max = Math.max(1, ...bins.map((b) => b.count));
  const slot = (width - left - 8) / Math.max(1, bins.length);
  const plotH = height - top - bottom;
  const parts = [open(id, width, height, title, desc)];
  parts.push(`<line class="axis-line" x1="${left}" y1="${height - bottom}" x2="${width - 4}" y2="${height - bottom}"/>`);
  bins.forEach((b, i) => {
    const h = (b.count / max) * plotH;
    const x = left + i * slot + slot * 0.1, y = height - bottom - h, w = slot * 0.8;
    parts.push(`<rect class="bar" x="${x.toFixed(1)}" y="${y.toFixed(1)}" width="${w.toFixed(1)}" height="${h.toFixed(1)}"><title>${esc(`${b.label}: ${b.count}`)}</title></rect>`);
    parts.push(`<text class="value" x="${(x + w / 2).toFixed(1)}" y="${(y - 4).toFixed(1)}" text-anchor="middle">${b.count}</text>`);
    parts.push(`<text class="tick" x="${(x + w / 2).toFixed(1)}" y="${height - bottom + 16}" text-anchor="middle">${esc(b.label)}</text>`);
  });
  parts.push(`<text class="tick" x="${left}" y="${height - 4}">score (% of the class's cases)</text>`);
  parts.push('</svg>');
  return parts.join('');
}

/** Horizontal bars, one per row, each a share of the full width with its text at the end. */
export function shareBars(id: string, rows: readonly ShareRow[], title: string, desc: string): string {
  const width = 640, rowH = 24, labelW = 210, textW = 130, top = 4;
  const height = top + rows.length * rowH + 4;
  const plotW = width - labelW - textW;
  const parts = [open(id, width, height, title, desc)];
  rows.forEach((r, i) => {
    const y = top + i * rowH;
    const w = Math.max(0, Math.min(1, r.share)) * plotW;
    parts.push(`<text class="tick" x="${labelW - 8}" y="${y + 16}" text-anchor="end">${esc(r.label)}</text>`);
    parts.push(`<rect class="track" x="${labelW}" y="${y + 4}" width="${plotW}" height="${rowH - 8}"/>`);
    parts.push(`<rect class="bar" x="${labelW}" y="${y + 4}" width="${w.toFixed(1)}" height="${rowH - 8}"><title>${esc(`${r.label}: ${r.text}`)}</title></rect>`);
    parts.push(`<text class="value" x="${labelW + plotW + 6}" y="${y + 16}">${esc(r.text)}</text>`);
  });
  parts.push('</svg>');
  return parts.join('');
}
