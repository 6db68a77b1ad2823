/** Samples of sin over a window, rounded into each format by the core, with a summary of what rounding did. */
import { FORMATS, roundToFormat, type FormatName } from '../../core/index.ts';

/** The visible window: x range and y range. */
export interface View { x0: number; x1: number; y0: number; y1: number }

/** Where the zoomed views look: around x = 1, where sin is about 0.84. */
export const CENTRE = 1;

/** The window at a zoom factor: the full period at 1x, narrowing around CENTRE as it grows. */
export function viewAt(zoom: number): View {
  const t = Math.min(1, Math.max(0, Math.log(zoom) / Math.log(30))); // 1x → 0, 30x and beyond → 1
  const cx = Math.PI + (CENTRE - Math.PI) * t, cy = Math.sin(CENTRE) * t;
  const hw = Math.PI / zoom, hh = 1.15 / zoom;
  return { x0: cx - hw, x1: cx + hw, y0: cy - hh, y1: cy + hh };
}

/** n sample positions across the view, the exact sines and each format's rounded sines. */
export function sampleView(v: View, n: number, names: FormatName[]): { xs: number[]; exact: number[]; rounded: Map<FormatName, number[]> } {
  const xs = Array.from({ length: n }, (_, i) => v.x0 + ((v.x1 - v.x0) * i) / (n - 1));
  const exact = xs.map(Math.sin);
  return { xs, exact, rounded: new Map(names.map((name) => [name, roundToFormat(exact, FORMATS[name])])) };
}

/** How many distinct levels a rounded series takes, its largest error, and whether any of it is in view. */
export function summarise(rounded: number[], exact: number[], v: View): { levels: number; maxError: number; visible: boolean } {
  let maxError = 0, visible = false;
  rounded.forEach((r, i) => { maxError = Math.max(maxError, Math.abs(r - exact[i]!)); if (r >= v.y0 && r <= v.y1) visible = true; });
  return { levels: new Set(rounded).size, maxError, visible };
}
