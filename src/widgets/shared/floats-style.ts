/**
 * CSS shared by the "floats" widgets (lessons/floats.mdx to round-to-nearest.mdx): buttons, segmented choices, panels, errors.
 * Colours come from the page's variables with fallbacks, so light and dark themes both work;
 * field and series colours are mid-tone hues drawn as tints, readable on either background.
 */
import { BASE_CSS, injectStyle } from './dom.ts';

const CSS = `
.fw { --fw-fg: var(--fg, var(--text, #1b1b1f)); /* the site names its text colour --text */ --fw-bg: var(--bg, #fff); --fw-muted: var(--muted, #5c5f66);
  --fw-accent: var(--accent, #2563eb); --fw-on-accent: var(--on-accent, var(--fw-bg)); --fw-border: var(--border, #c9ccd3); --fw-mono: var(--font-mono, ui-monospace, monospace);
  --fw-sign: #e8590c; --fw-exp: #2f9e44; --fw-sig: #1c7ed6;
  color: var(--fw-fg); display: grid; gap: 0.75rem; min-width: 0; max-width: 100%; }
.fw * { box-sizing: border-box; }
.fw [hidden] { display: none !important; }
.fw-row { display: flex; flex-wrap: wrap; gap: 0.5rem; align-items: center; }
.fw-mono { font-family: var(--fw-mono); }
.fw-muted { color: var(--fw-muted); }
.fw-btn { font: inherit; font-size: 0.9rem; color: var(--fw-fg); background: var(--fw-bg); border: 1px solid var(--fw-border);
  border-radius: 0.4rem; padding: 0.3rem 0.7rem; cursor: pointer; min-height: 2.1rem; }
.fw-btn:hover { border-color: var(--fw-accent); }
.fw-btn[aria-pressed="true"] { background: var(--fw-accent); border-color: var(--fw-accent); color: var(--fw-on-accent); }
.fw-btn:disabled { opacity: 0.5; cursor: default; }
.fw :focus-visible { outline: 3px solid var(--fw-accent); outline-offset: 2px; }
.fw-seg { display: inline-flex; flex-wrap: wrap; gap: 4px; }
.fw-seg-label { font-size: 0.85rem; color: var(--fw-muted); margin-right: 0.4rem; }
.fw select, .fw input[type="text"] { font: inherit; color: var(--fw-fg); background: var(--fw-bg); border: 1px solid var(--fw-border);
  border-radius: 0.4rem; padding: 0.3rem 0.5rem; min-height: 2.1rem; max-width: 100%; }
.fw-panel { border: 1px solid var(--fw-border); border-radius: 0.5rem; padding: 0.6rem 0.8rem; min-width: 0; }
.fw-svg { display: block; width: 100%; height: auto; overflow: visible; }
.fw-svg text { fill: var(--fw-fg); font-family: var(--fw-mono); }
.fw-svg .fw-axis { stroke: var(--fw-muted); stroke-width: 1; fill: none; }
.fw-svg .fw-grid { stroke: var(--fw-border); stroke-width: 1; fill: none; }
.fw-svg .fw-tick-label { fill: var(--fw-muted); }
/* Text that lines may cross: a background-coloured outline keeps it readable where they do. */
.fw-svg .fw-halo { paint-order: stroke; stroke: var(--fw-bg); stroke-width: 4px; stroke-linejoin: round; }
.fw-error { color: #c92a2a; border: 1px solid currentColor; border-radius: 0.4rem; padding: 0.5rem 0.7rem; margin: 0; }
.fw-table { border-collapse: collapse; font-size: 0.9rem; width: 100%; }
.fw-table th, .fw-table td { border-bottom: 1px solid var(--fw-border); padding: 0.25rem 0.4rem; text-align: right; font-variant-numeric: tabular-nums; }
.fw-table th:first-child, .fw-table td:first-child { text-align: left; }
.fw-scroll { overflow-x: auto; max-width: 100%; }
`;

/** Inject the base widget CSS and the shared floats CSS (once per page). */
export function useFloatsStyle(): void {
  injectStyle('base', BASE_CSS);
  injectStyle('floats-shared', CSS);
}

/** Colours and dash patterns per format, so series stay distinguishable without colour too. */
export const SERIES: Record<string, { color: string; dash: string }> = {
  float32: { color: '#1c7ed6', dash: '' },
  float16: { color: '#2f9e44', dash: '6 3' },
  bfloat16: { color: '#e8590c', dash: '2 3' },
  e4m3fn: { color: '#ae3ec9', dash: '8 3 2 3' },
  e5m2: { color: '#f08c00', dash: '12 4' },
  e2m1: { color: '#e03131', dash: '3 6' },
  fp8_e4m3_ieee: { color: '#0c8599', dash: '4 2' },
  fp4_e2m1_ieee: { color: '#868e96', dash: '1 3' },
};
