/** The lab's CSS: a scrollable results table, a heat map whose cells darken with KL, a progress bar. */
export const LAB_CSS = `
.ml-status { margin: 0; min-height: 1.5em; }
.ml-progress { width: 100%; height: 0.6rem; accent-color: var(--fw-accent); }
.ml-scroll { overflow-x: auto; max-width: 100%; }
.ml-table caption, .ml-heat caption { caption-side: top; text-align: left; color: var(--fw-muted); font-size: 0.85rem; padding-bottom: 0.3rem; }
.ml-table th[scope="row"] { font-weight: normal; max-width: 16rem; }
.ml-sample { text-align: left !important; font-family: var(--fw-mono); font-size: 0.8rem; white-space: pre-wrap; min-width: 18rem; }
.ml-sample q { quotes: none; }
.ml-heat td { background: color-mix(in srgb, var(--fw-accent) calc(var(--heat) * 85%), transparent); font-family: var(--fw-mono); }
.ml-budget ul { columns: 2 14rem; margin: 0.3rem 0 0; padding-left: 1.2rem; font-size: 0.9rem; }
`;
