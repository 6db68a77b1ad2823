/** The lab's CSS: a scrollable results table, a heat map whose cells darken with KL, a progress bar, the budget grid. */
export const LAB_CSS = `
.ml { grid-template-columns: minmax(0, 1fr); }
.ml > * { min-width: 0; }
.ml select, .ml input[type="text"] { max-width: 100%; min-width: 0; }
.ml input[type="text"] { flex: 1 1 8rem; }
.ml label.fw-row { flex-wrap: nowrap; max-width: 100%; min-width: 0; }
.ml label.fw-row > .fw-seg-label { flex: none; }
.ml-tick { display: flex; gap: 0.5rem; align-items: baseline; }
.ml-status { margin: 0; min-height: 1.5em; }
.ml-progress { width: 100%; height: 0.6rem; accent-color: var(--fw-accent); }
.ml-scroll { overflow-x: auto; max-width: 100%; container-type: inline-size; }
.ml-table caption, .ml-heat caption { caption-side: top; text-align: left; color: var(--fw-muted); font-size: 0.85rem; padding-bottom: 0.3rem; }
.ml-table th[scope="row"] { font-weight: normal; min-width: 9rem; max-width: 15rem; }
.ml-detail { display: block; font-size: 0.8rem; color: var(--fw-muted); }
.ml-table td { white-space: nowrap; }
.ml-table td.ml-sample, .ml-sample { text-align: left !important; font-family: var(--fw-mono); font-size: 0.8rem; white-space: pre-wrap; }
.ml-table .ml-sample-row td { border-top: none; padding-top: 0; }
/* On a phone the figures scroll sideways, but a sample wraps to the visible width and stays in view as they scroll (its cell spans the whole table). */
.ml-sample-text { position: sticky; left: 0.4rem; max-width: calc(100cqw - 0.8rem); overflow-wrap: anywhere; }
.ml-sample-label { font-family: var(--fw-font, inherit); color: var(--fw-muted); }
.ml-sample q { quotes: none; }
.ml-prompt { color: var(--fw-muted); }
.ml-heat td[data-matrix] { background: color-mix(in srgb, var(--fw-accent) calc(var(--heat) * 85%), transparent); font-family: var(--fw-mono); }
.ml-section { border-top: 1px solid var(--fw-border); padding-top: 0.5rem; display: grid; gap: 0.5rem; min-width: 0; }
.ml-section p { margin: 0; }
.ml-head { font-weight: 600; }
.ml-note { margin: 0; font-size: 0.9rem; color: var(--fw-muted); }
.ml-ok { color: var(--ok, #2b8a3e); }
.ml-bad { color: var(--bad, #c92a2a); }
.ml-budget-grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(min(100%, 17rem), 1fr)); gap: 0.35rem 0.8rem; }
.ml-budget-cell { display: flex; justify-content: space-between; align-items: center; gap: 0.5rem; font-size: 0.85rem; min-width: 0; }
.ml-budget-cell code { white-space: nowrap; overflow-wrap: normal; }
.ml-meter[data-over="true"] { color: var(--bad, #c92a2a); }
`;
