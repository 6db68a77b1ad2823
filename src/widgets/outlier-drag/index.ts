/**
 * Outlier drag (lessons/outliers-and-blocks.mdx): a row of 16 weights, one of which you drag (pointer, or arrow keys on its
 * handle) until it is an outlier. Quantized symmetrically at 4 bits with one scale for the row or one
 * per block of 8, optionally with the largest weight kept aside (the core's splitOutliers): the chart
 * shows each block's grid of values and each weight's bucket; a table compares all four ways.
 * Props: index (the draggable weight, 0–15, default 5), value (its start, default 0.3), bits (2–8, default 4).
 */
import { createRng } from '../../core/index.ts';
import type { MountWidget } from '../types.ts';
import { fmt, h, injectStyle, liveDescription, s } from '../shared/dom.ts';
import { svgCanvas, watchWidth } from '../shared/chart.ts';
import { button, choiceGroup } from '../shared/controls.ts';
import { guardedMount } from '../shared/guarded-mount.ts';
import { intProp, pct } from '../shared/quant-props.ts';
import { useQuantStyle } from '../shared/quant-style.ts';
import { CHART_HEIGHT, drawChart, LIMIT, valueAtY, xOf, yOf } from './chart.ts';
import { runVariant, VARIANTS, variantName, type VariantResult } from './variants.ts';

const CSS = `
.od-svg { touch-action: none; user-select: none; }
.od-level { stroke: var(--fw-accent); stroke-width: 1; opacity: 0.35; }
.od-block-edge { stroke: var(--fw-muted); stroke-dasharray: 4 3; }
.od-stem { stroke: var(--fw-muted); stroke-width: 1.5; }
.od-dot { fill: var(--fw-fg); }
.od-err { stroke: var(--qw-bad); stroke-width: 3; opacity: 0.8; }
.od-approx { stroke: var(--fw-accent); stroke-width: 3; }
.od-kept { stroke: var(--qw-good); stroke-width: 3; }
.od-handle { cursor: ns-resize; outline: none; }
.od-handle circle { fill: var(--qw-warm); stroke: var(--fw-bg); stroke-width: 2; }
.od-handle:focus-visible circle, .od-handle:focus circle { stroke: var(--fw-fg); stroke-width: 3; }
`;

const N = 16, BLOCK = 8;

/** Sixteen ordinary weights from a fixed seed, rounded to two decimals for readable labels. */
function startWeights(): number[] {
  const rng = createRng('outlier-drag');
  return Array.from({ length: N }, () => Math.round(rng.normal(0, 0.25) * 100) / 100 || 0.01);
}

const mount: MountWidget = (root, props) => guardedMount(root, () => {
  useQuantStyle();
  injectStyle('outlier-drag', CSS);
  const index = intProp(props.index, 'index', 5, 0, N - 1);
  const bits = intProp(props.bits, 'bits', 4, 2, 8);
  const start = props.value === undefined ? 0.3 : Number(props.value);
  if (!Number.isFinite(start) || Math.abs(start) > LIMIT) throw new Error(`the "value" prop must be a number from -${LIMIT} to ${LIMIT}, got ${JSON.stringify(props.value)}`);
  const weights = startWeights();
  weights[index] = start;
  let perBlock = false, sideTable = false, width = 640;

  const mode = choiceGroup({ label: 'Scales', role: 'mode', value: 'tensor', options: [{ value: 'tensor', label: 'one per tensor' }, { value: 'block', label: `one per block of ${BLOCK}` }], onChange: (v) => { perBlock = v === 'block'; render(); } });
  const side = button('Keep the largest weight aside', 'side-table', () => { sideTable = !sideTable; render(); }, { 'aria-pressed': 'false' });
  const reset = button('Reset', 'reset', () => { weights[index] = start; render(); });
  const svg = svgCanvas(width, CHART_HEIGHT, 'chart');
  svg.classList.add('qw-svg', 'od-svg');
  svg.removeAttribute('aria-hidden'); // it holds the focusable handle; the drawing itself is hidden below
  const drawing = s('g', { 'aria-hidden': 'true' });
  const handle = s('g', { class: 'od-handle', tabindex: 0, role: 'slider', 'data-role': 'handle', 'aria-label': `Weight ${index + 1}`, 'aria-valuemin': -LIMIT, 'aria-valuemax': LIMIT, 'aria-orientation': 'vertical' });
  svg.append(drawing, handle);
  const status = h('p', { 'data-role': 'status' });
  const tableSlot = h('div', { class: 'fw-scroll' });
  const box = h('div', { class: 'fw qw' }, h('div', { class: 'fw-row' }, mode.el, side, reset), svg,
    h('p', { class: 'qw-note' }, `Drag the orange weight up or down (or focus it and use the arrow keys). Blue lines: the values the ${bits}-bit grid can hold; bars: what each weight comes back as; red: the error. The vertical axis is square-root scaled so small weights stay visible.`),
    status, tableSlot);
  root.append(box);
  const setAlt = liveDescription(root);

  const setWeight = (v: number) => { weights[index] = Math.round(Math.max(-LIMIT, Math.min(LIMIT, v)) * 100) / 100; render(); };
  const pointerY = (e: PointerEvent) => { const r = svg.getBoundingClientRect(); return ((e.clientY - r.top) / r.height) * CHART_HEIGHT; };
  svg.addEventListener('pointerdown', (e) => {
    const r = svg.getBoundingClientRect();
    const x = ((e.clientX - r.left) / r.width) * width;
    if (Math.abs(x - xOf(index, N, width)) > Math.max(18, (width / N) * 0.8)) return;
    svg.setPointerCapture(e.pointerId);
    (handle as unknown as HTMLElement).focus();
    setWeight(valueAtY(pointerY(e)));
    e.preventDefault();
  });
  svg.addEventListener('pointermove', (e) => { if (svg.hasPointerCapture(e.pointerId)) setWeight(valueAtY(pointerY(e))); });
  handle.addEventListener('keydown', (e) => {
    const step = { ArrowUp: 0.05, ArrowRight: 0.05, ArrowDown: -0.05, ArrowLeft: -0.05, PageUp: 0.5, PageDown: -0.5 }[e.key];
    if (e.key === 'Home') setWeight(-LIMIT);
    else if (e.key === 'End') setWeight(LIMIT);
    else if (step !== undefined) setWeight(weights[index]! + step * (e.shiftKey ? 10 : 1));
    else return;
    e.preventDefault();
  });

  const scales = (r: VariantResult) => r.blocks.map((b) => fmt(b.scale, 3)).join(' | ');
  /** How many of the other weights share the dragged weight's block and round to 0 there. */
  const zeros = (r: VariantResult) => r.q.filter((q, i) => i !== index && i !== r.kept && q === 0).length;

  function render(): void {
    const results = VARIANTS.map((v) => runVariant(weights, bits, BLOCK, v));
    const shown = results.find((r) => r.perBlock === perBlock && r.sideTable === sideTable)!;
    side.setAttribute('aria-pressed', String(sideTable));
    drawChart(drawing, weights, shown, bits, BLOCK, width);
    const w = weights[index]!;
    handle.replaceChildren(s('circle', { cx: xOf(index, N, width), cy: yOf(w), r: 8 }));
    handle.setAttribute('aria-valuenow', String(w));
    handle.setAttribute('aria-valuetext', fmt(w, 3));
    status.textContent = `Weight ${index + 1} = ${fmt(w, 3)}. Shown: ${variantName(shown, BLOCK)}, scale${shown.blocks.length > 1 ? 's' : ''} ${scales(shown)}; ` +
      `${zeros(shown)} of the other ${N - 1} weights round to 0; mean absolute relative error ${pct(shown.error)}.`;
    tableSlot.replaceChildren(h('table', { class: 'fw-table qw-table', 'data-role': 'summary' },
      h('thead', {}, h('tr', {}, ...['method', 'scale(s)', 'others at 0', 'mean rel. error'].map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', {}, ...results.map((r) => h('tr', { class: r === shown ? 'qw-hi' : undefined, 'data-variant': `${r.perBlock ? 'block' : 'tensor'}${r.sideTable ? '+side' : ''}` },
        h('td', {}, variantName(r, BLOCK)), h('td', { class: 'fw-mono' }, scales(r)), h('td', { class: 'fw-mono' }, String(zeros(r))),
        h('td', { class: 'fw-mono', 'data-role': 'variant-error' }, pct(r.error)))))));
    setAlt(`${status.textContent} Mean absolute relative error by method: ${results.map((r) => `${variantName(r, BLOCK)} ${pct(r.error)}`).join('; ')}.`);
  }
  return watchWidth(box, (wd) => { width = wd; svg.setAttribute('viewBox', `0 0 ${width} ${CHART_HEIGHT}`); render(); });
});

export default mount;
