/** Styles of the float explorer: bits tinted by field (sign, exponent, significand). */
export const EXPLORER_CSS = `
.fx-bits-wrap { container-type: inline-size; min-width: 0; }
.fx-bits { display: grid; grid-template-columns: repeat(var(--fx-n), minmax(0, 2rem)); gap: 3px 2px; }
@container (max-width: 560px) { .fx-bits { grid-template-columns: repeat(min(var(--fx-n), 16), minmax(0, 1fr)); } }
.fx-bit.fx-first { margin-left: 5px; }
@container (max-width: 560px) { .fx-bit.fx-first { margin-left: 0; } }
.fx-legend { display: flex; flex-wrap: wrap; gap: 0.3rem 1rem; margin: 0 0 0.35rem; font-size: 0.8rem; color: var(--fw-muted); }
.fx-key::before { content: ""; display: inline-block; width: 0.8em; height: 0.8em; margin-right: 0.3em; vertical-align: -0.05em;
  border: 1px solid var(--fx-c); background: color-mix(in srgb, var(--fx-c) 55%, var(--fw-bg)); border-radius: 2px; }
.fx-bit { font: inherit; font-family: var(--fw-mono); font-size: 0.95rem; width: 100%; min-width: 0; height: 2.1rem; padding: 0;
  border: 1px solid var(--fx-c); border-radius: 0.25rem; color: var(--fw-fg); cursor: pointer;
  background: color-mix(in srgb, var(--fx-c) 12%, var(--fw-bg)); }
.fx-bit[aria-pressed="true"] { background: color-mix(in srgb, var(--fx-c) 55%, var(--fw-bg)); font-weight: 700; }
.fx-bit:hover { background: color-mix(in srgb, var(--fx-c) 35%, var(--fw-bg)); }
.fx-sign { --fx-c: var(--fw-sign); } .fx-exp { --fx-c: var(--fw-exp); } .fx-sig { --fx-c: var(--fw-sig); }
.fx-value { font-family: var(--fw-mono); font-size: 1.15rem; overflow-wrap: anywhere; margin: 0; }
.fx-value u { text-decoration-color: var(--fw-accent); text-decoration-thickness: 2px; text-underline-offset: 3px; }
.fx-formula { font-family: var(--fw-mono); font-size: 0.9rem; overflow-wrap: anywhere; margin: 0; }
/* Field hues as text: mixed toward the text colour (darker in light, lighter in dark) to reach 4.5:1. */
.fx-formula .fx-sign-t { color: color-mix(in srgb, var(--fw-sign) 70%, var(--fw-fg)); }
.fx-formula .fx-exp-t { color: color-mix(in srgb, var(--fw-exp) 70%, var(--fw-fg)); }
.fx-formula .fx-sig-t { color: color-mix(in srgb, var(--fw-sig) 70%, var(--fw-fg)); }
.fx-meta { font-size: 0.85rem; color: var(--fw-muted); margin: 0; overflow-wrap: anywhere; }
.fx-input { flex: 1 1 9rem; min-width: 0; font-family: var(--fw-mono); }
`;
