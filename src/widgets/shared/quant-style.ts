/**
 * CSS shared by the "quant" widgets (the lessons from symmetric quantization on). They build on the floats set's controls and
 * classes (.fw-*, whose variables follow the page's theme) and add series hues that read on light
 * and dark backgrounds alike.
 */
import { injectStyle } from './dom.ts';

const CSS = `
.qw { --qw-bad: #e03131; --qw-good: #2f9e44; --qw-warm: #e8590c; --qw-cool: #1c7ed6; --qw-violet: #ae3ec9; }
.qw p { margin: 0; }
.qw-note { font-size: 0.85rem; color: var(--fw-muted); }
.qw-formula { font-family: var(--fw-mono); font-size: 0.9rem; overflow-wrap: anywhere; }
.qw-big { font-size: 1.05rem; }
.qw-big strong { font-family: var(--fw-mono); }
.qw-table caption { text-align: left; font-size: 0.85rem; color: var(--fw-muted); padding-bottom: 0.25rem; }
.qw-table tr.qw-hi td, .qw-table tr.qw-hi th { background: color-mix(in srgb, var(--fw-accent) 14%, transparent); }
.qw-table tfoot td { font-weight: 600; border-bottom: none; }
.qw-bad { color: color-mix(in srgb, var(--qw-bad) 80%, var(--fw-fg)); }
.qw-svg text { font-size: 11px; }
.qw-svg .qw-dot { stroke: var(--fw-bg); stroke-width: 1.5; }
.qw-svg .qw-link { stroke-width: 1.5; fill: none; opacity: 0.75; }
.qw-svg .qw-err { stroke: var(--qw-bad); stroke-width: 3; stroke-linecap: round; }
.qw-svg .qw-hi .qw-link { stroke-width: 3; opacity: 1; }
.qw-svg .qw-zero { stroke: var(--fw-muted); stroke-dasharray: 3 3; }
.qw .widget-slider { flex: 1 1 15rem; flex-wrap: nowrap; }
.qw .widget-slider input { flex: 1 1 6rem; min-width: 5rem; }
.qw-input { font: inherit; font-family: var(--fw-mono); font-size: 0.9rem; width: 9ch; min-width: 0; color: var(--fw-fg); background: var(--fw-bg);
  border: 1px solid var(--fw-border); border-radius: 0.35rem; padding: 0.25rem 0.3rem; min-height: 2.1rem; }
.qw-input[aria-invalid="true"] { border-color: var(--qw-bad); }
.qw-error { color: color-mix(in srgb, var(--qw-bad) 80%, var(--fw-fg)); font-size: 0.9rem; }
.qw-error:empty { display: none; }
.qw-legend { display: flex; flex-wrap: wrap; gap: 0.3rem 1rem; font-size: 0.85rem; color: var(--fw-muted); }
.qw-swatch { display: inline-block; width: 0.8rem; height: 0.8rem; border-radius: 0.15rem; vertical-align: -0.1rem; margin-right: 0.3rem; }
@media (max-width: 420px) { .qw .fw-table { font-size: 0.8rem; } .qw .fw-table th, .qw .fw-table td { padding: 0.2rem 0.25rem; } }
`;

/** Inject the quant widgets' shared CSS (once per page); call after guardedMount has added the floats CSS. */
export function useQuantStyle(): void {
  injectStyle('quant-shared', CSS);
}

/** A hue per value index, so a value can be followed across rows of a chart (and dark or light pages). */
export const VALUE_HUES = ['#1c7ed6', '#e8590c', '#2f9e44', '#ae3ec9', '#f08c00', '#0c8599', '#e64980', '#5c7cfa', '#74b816', '#868e96'];

/** The hue of value i. */
export const hueOf = (i: number): string => VALUE_HUES[i % VALUE_HUES.length]!;
