/**
 * The body of the symmetric-grid and asymmetric-grid widgets (symmetric- and asymmetric-quantization.mdx): editable values, a
 * bit-width slider (2–8), the integer-grid chart, the formulas with the core's scale (and zero point),
 * an error table and the mean absolute relative error. Values can be typed or dragged along the top row.
 */
import {
  dequantizeAsymmetric, dequantizeSymmetric, maxAbs, meanAbsRelativeError, quantizeAsymmetric, quantizeSymmetric, type Scheme,
} from '../../core/index.ts';
import { fmt, h, liveDescription } from './dom.ts';
import { svgCanvas, watchWidth } from './chart.ts';
import { button, roleSlider } from './controls.ts';
import { drawGrid, gridDomain, pixelOf, ROWS, valueAt, type GridData } from './quant-grid-chart.ts';
import { errorTable, valueEditors } from './quant-grid-table.ts';
import { ESSAY_VALUES, intProp, numberList, pct } from './quant-props.ts';
import { useQuantStyle } from './quant-style.ts';

/** Options the two widgets differ in. */
export interface GridWidgetOptions {
  scheme: Scheme;
  /** Offer a toggle that appends this outlier to the values (asymmetric-grid: 10). */
  outlier?: number;
}

/** Quantize with the core and collect what the chart and table need. */
function quantize(values: readonly number[], bits: number, scheme: Scheme): GridData {
  if (scheme === 'symmetric') {
    const r = quantizeSymmetric(values, bits);
    const qmax = 2 ** (bits - 1) - 1;
    return { values, q: r.values, dequantized: dequantizeSymmetric(r), scale: r.scale, zero: 0, qmin: -qmax, qmax };
  }
  const r = quantizeAsymmetric(values, bits);
  return { values, q: r.values, dequantized: dequantizeAsymmetric(r), scale: r.scale, zero: r.zero, qmin: -(2 ** (bits - 1)), qmax: 2 ** (bits - 1) - 1 };
}

/** The formula lines, with this configuration's numbers filled in. */
function formulas(d: GridData, scheme: Scheme): string[] {
  if (d.scale === 0) return ['Every value is 0, so the scale is 0 and every q is 0.'];
  if (scheme === 'symmetric') {
    return [`scale = max|v| / qmax = ${fmt(maxAbs(d.values), 6)} / ${d.qmax} = ${fmt(d.scale, 6)}`, 'q = round(v / scale),   v̂ = q × scale'];
  }
  let lo = Math.min(...d.values), hi = Math.max(...d.values);
  if (lo === hi) { lo = Math.min(lo, 0); hi = Math.max(hi, 0); } // the core widens a constant block to include 0
  return [
    `scale = (vmax − vmin) / (qmax − qmin) = (${fmt(hi, 6)} − ${fmt(lo, 6)}) / ${d.qmax - d.qmin} = ${fmt(d.scale, 6)}`,
    `zero point = qmin − round(vmin / scale) = ${d.qmin} − (${d.qmin - d.zero}) = ${d.zero}`,
    'q = round(v / scale + zero),   v̂ = scale × (q − zero)',
  ];
}

/** Mount the grid widget for one scheme into `root`. */
export function mountGridWidget(root: HTMLElement, props: Record<string, unknown>, opts: GridWidgetOptions): () => void {
  useQuantStyle();
  const base = numberList(props.values, 'values', ESSAY_VALUES);
  let bits = intProp(props.bits, 'bits', 4, 2, 8);
  let outlierOn = props.outlierOn === true;
  let outlier = opts.outlier ?? 0;
  let highlight = -1, width = 640;
  let frozen: [number, number] | null = null; // the axis stays put while a value is dragged
  const all = () => (opts.outlier !== undefined && outlierOn ? [...base, outlier] : base.slice());

  const bitsSlider = roleSlider({ label: 'Bits', role: 'bits', min: 2, max: 8, step: 1, value: bits, onInput: (v) => { bits = v; render(); } });
  const errorSlot = h('p', { class: 'qw-error', role: 'alert', 'data-role': 'input-error' });
  const editors = valueEditors(base, errorSlot, (i, v) => { base[i] = v; render(); }, (i) => { highlight = i; render(); });
  const reset = button('Reset values', 'reset', () => { base.splice(0, base.length, ...numberList(props.values, 'values', ESSAY_VALUES)); editors.sync(base); render(); });
  const controls = h('div', { class: 'fw-row' }, bitsSlider.el);
  let toggle: HTMLButtonElement | undefined;
  if (opts.outlier !== undefined) {
    toggle = button(`Append the outlier ${fmt(opts.outlier)}`, 'outlier', () => { outlierOn = !outlierOn; render(); }, { 'aria-pressed': String(outlierOn) });
    controls.append(toggle);
  }
  controls.append(reset);
  const svg = svgCanvas(width, 200, 'grid');
  svg.classList.add('qw-svg');
  svg.style.touchAction = 'none';
  const formula = h('div', { class: 'qw-formula', 'data-role': 'formula' });
  const summary = h('p', { class: 'qw-big', 'data-role': 'summary' });
  const tableSlot = h('div', { class: 'fw-scroll' });
  const box = h('div', { class: 'fw qw' }, controls, editors.el, errorSlot, formula, svg,
    h('p', { class: 'qw-note' }, 'Drag a dot on the top row, or type a value. The red stub on the bottom row is each value’s rounding error.'),
    summary, tableSlot);
  root.append(box);
  const setAlt = liveDescription(root);

  // Dragging a value along the top row: the nearest dot within reach follows the pointer.
  let dragging = -1;
  const pointerX = (e: PointerEvent) => { const r = svg.getBoundingClientRect(); return ((e.clientX - r.left) / r.width) * width; };
  svg.addEventListener('pointerdown', (e) => {
    const r = svg.getBoundingClientRect();
    const y = ((e.clientY - r.top) / r.height) * 200;
    if (y > (ROWS.values + ROWS.grid) / 2) return;
    const vs = all(), domain = gridDomain(quantize(vs, bits, opts.scheme));
    const px = pointerX(e);
    const near = vs.map((v, i) => ({ i, dist: Math.abs(px - pixelOf(v, width, domain)) })).sort((a, b) => a.dist - b.dist)[0];
    if (!near || near.dist > 24) return;
    dragging = near.i;
    highlight = near.i;
    frozen = domain;
    svg.setPointerCapture(e.pointerId);
    e.preventDefault();
    render();
  });
  svg.addEventListener('pointermove', (e) => {
    if (dragging < 0 || !frozen) return;
    const v = Math.round(Math.min(frozen[1], Math.max(frozen[0], valueAt(pointerX(e), width, frozen))) * 100) / 100;
    if (dragging < base.length) base[dragging] = v; else outlier = v;
    editors.sync(base);
    render();
  });
  const endDrag = () => { if (dragging >= 0) { dragging = -1; frozen = null; render(); } };
  svg.addEventListener('pointerup', endDrag);
  svg.addEventListener('pointercancel', endDrag);

  function render(): void {
    const vs = all();
    const d = quantize(vs, bits, opts.scheme);
    const err = meanAbsRelativeError(vs, d.dequantized);
    const extra = vs.length - base.length;
    toggle?.setAttribute('aria-pressed', String(outlierOn));
    drawGrid(svg, d, width, frozen ?? gridDomain(d), highlight);
    formula.replaceChildren(...formulas(d, opts.scheme).map((t) => h('div', {}, t)));
    const small = new Set(d.q.slice(0, base.length)).size;
    const levels = d.qmax - d.qmin + 1;
    const buckets = extra
      ? `With the outlier, the ${base.length} other values share just ${small} of the ${levels} integers.`
      : `The ${base.length} values use ${small} of the ${levels} integers.`;
    summary.replaceChildren('Mean absolute relative error ', h('strong', { 'data-role': 'error' }, pct(err)), `. ${buckets}`);
    tableSlot.replaceChildren(errorTable(d, err, highlight, extra));
    const scaleText = `scale ${fmt(d.scale, 4)}${opts.scheme === 'asymmetric' ? `, zero point ${d.zero}` : ''}`;
    setAlt(`${opts.scheme === 'symmetric' ? 'Symmetric' : 'Asymmetric'} ${bits}-bit quantization onto the integers ${d.qmin} to ${d.qmax}, ${scaleText}. ` +
      `Value → integer → dequantized: ${vs.map((v, i) => `${fmt(v, 4)} → ${d.q[i]} → ${fmt(d.dequantized[i]!, 4)}`).join('; ')}. ` +
      `Mean absolute relative error ${pct(err)}. ${buckets}`);
  }
  return watchWidth(box, (w) => { width = w; render(); });
}
