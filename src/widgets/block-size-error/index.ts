/**
 * Block size against error (lessons/outliers-and-blocks.mdx): a fixed seeded weight vector with four outliers, quantized in
 * blocks of 1 … 256 by the core, symmetric and asymmetric. Each block stores its own fp16 scale (and
 * zero point), so smaller blocks fit better but cost more bits per weight; the chart plots the trade.
 * Props: bits (2–8, default 4), blockSize (a power of two 1–256, default 32), metric ("mse" | "relative").
 */
import type { Scheme } from '../../core/index.ts';
import type { MountWidget } from '../types.ts';
import { fmt, h, injectStyle, liveDescription } from '../shared/dom.ts';
import { svgCanvas, watchWidth } from '../shared/chart.ts';
import { choiceGroup, roleSlider } from '../shared/controls.ts';
import { guardedMount } from '../shared/guarded-mount.ts';
import { choiceProp, intProp, pct } from '../shared/quant-props.ts';
import { useQuantStyle } from '../shared/quant-style.ts';
import { CHART_HEIGHT, drawChart } from './chart.ts';
import { BLOCK_SIZES, sampleWeights, series, type Metric, type Point } from './series.ts';

const CSS = `
.bs-line { fill: none; stroke-width: 2; }
.bs-sym { stroke: var(--qw-cool); fill: var(--qw-cool); }
.bs-asym { stroke: var(--qw-warm); fill: var(--qw-warm); }
.bs-line.bs-sym, .bs-line.bs-asym { fill: none; }
.bs-dot { cursor: pointer; stroke: var(--fw-bg); stroke-width: 1.5; }
.bs-dot.bs-on { stroke: var(--fw-fg); stroke-width: 2.5; }
`;

const mount: MountWidget = (root, props) => guardedMount(root, () => {
  useQuantStyle();
  injectStyle('block-size-error', CSS);
  let bits = intProp(props.bits, 'bits', 4, 2, 8);
  const startSize = intProp(props.blockSize, 'blockSize', 32, 1, 256);
  if (!BLOCK_SIZES.includes(startSize)) throw new Error(`the "blockSize" prop must be a power of two from 1 to 256, got ${startSize}`);
  let exp = Math.log2(startSize);
  let metric: Metric = choiceProp(props.metric, 'metric', ['mse', 'relative'] as const, 'mse');
  let width = 640;
  const weights = sampleWeights();
  let curves: Record<Scheme, Point[]>;

  const sizeSlider = roleSlider({ label: 'Block size', role: 'block-size', min: 0, max: 8, step: 1, value: exp, format: (v) => String(2 ** v), onInput: (v) => { exp = v; render(); } });
  sizeSlider.input.setAttribute('aria-valuetext', String(2 ** exp));
  const bitsChoice = choiceGroup({ label: 'Bits', role: 'bits', value: String(bits), options: [2, 3, 4, 5, 6, 8].map((b) => ({ value: String(b), label: String(b) })), onChange: (v) => { bits = Number(v); recompute(); } });
  const metricChoice = choiceGroup({ label: 'Error', role: 'metric', value: metric, options: [{ value: 'mse', label: 'mean squared' }, { value: 'relative', label: 'mean relative' }], onChange: (v) => { metric = v; recompute(); } });
  const svg = svgCanvas(width, CHART_HEIGHT, 'chart');
  svg.classList.add('qw-svg');
  const legend = h('div', { class: 'qw-legend' },
    h('span', {}, h('span', { class: 'qw-swatch', style: 'background:var(--qw-cool)' }), 'symmetric (scale: +16 bits per block)'),
    h('span', {}, h('span', { class: 'qw-swatch', style: 'background:var(--qw-warm)' }), 'asymmetric (scale and zero point: +32 bits per block)'));
  const readout = h('div', { class: 'fw-scroll' });
  const box = h('div', { class: 'fw qw' }, sizeSlider.el, h('div', { class: 'fw-row' }, bitsChoice.el, metricChoice.el), svg, legend, readout,
    h('p', { class: 'qw-note' }, `1,024 seeded weights (σ = 0.02) with four outliers near ±0.5. Click a point to pick its block size.`));
  root.append(box);
  const setAlt = liveDescription(root);
  // Blocks of one value round-trip exactly up to float64 noise (~1e-36): call that 0.
  const label = (v: number) => (v < 1e-15 ? '0' : metric === 'mse' ? fmt(v, 3) : pct(v, v < 0.1 ? 2 : 1));

  function recompute(): void {
    curves = { symmetric: series(weights, bits, 'symmetric', metric), asymmetric: series(weights, bits, 'asymmetric', metric) };
    render();
  }
  function render(): void {
    const size = 2 ** exp;
    sizeSlider.set(exp);
    sizeSlider.input.setAttribute('aria-valuetext', `${size} values per block`);
    drawChart(svg, curves, bits, size, width, label, (b) => { exp = Math.log2(b); render(); });
    const at = (scheme: Scheme) => curves[scheme].find((p) => p.blockSize === size)!;
    const sym = at('symmetric'), asym = at('asymmetric');
    readout.replaceChildren(h('table', { class: 'fw-table qw-table', 'data-role': 'readout' },
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, `block of ${size}`), h('th', { scope: 'col' }, 'bits per weight'), h('th', { scope: 'col' }, metric === 'mse' ? 'mean squared error' : 'mean relative error'))),
      h('tbody', {}, ...[['symmetric', sym], ['asymmetric', asym]].map(([name, p]) => h('tr', { 'data-scheme': name as string },
        h('th', { scope: 'row' }, name as string), h('td', { class: 'fw-mono', 'data-role': 'bpw' }, fmt((p as Point).bitsPerWeight, 5)), h('td', { class: 'fw-mono', 'data-role': 'err' }, label((p as Point).error)))))));
    const best = (scheme: Scheme) => curves[scheme][curves[scheme].length - 1]!;
    setAlt(`${bits}-bit blocks of ${size}: symmetric ${fmt(sym.bitsPerWeight, 5)} bits per weight with ${metric === 'mse' ? 'mean squared' : 'mean relative'} error ${label(sym.error)}; ` +
      `asymmetric ${fmt(asym.bitsPerWeight, 5)} bits per weight, error ${label(asym.error)}. ` +
      `Across sizes 1 to 256 the error grows from ${label(curves.symmetric[0]!.error)} to ${label(best('symmetric').error)} (symmetric) and ${label(curves.asymmetric[0]!.error)} to ${label(best('asymmetric').error)} (asymmetric) as the cost falls.`);
  }
  recompute();
  return watchWidth(box, (w) => { width = w; render(); });
});

export default mount;
