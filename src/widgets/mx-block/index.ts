/**
 * One microscaling block (lesson "Microscaling"): seeded weights quantized by the core to MXFP4 (32 elements,
 * one power-of-two scale) or ggml's NVFP4 (64 elements, an E4M3 scale per 16). Shows the scale byte(s), each
 * element's 4-bit code and what it decodes to; a slider moves the largest weight so the shared exponent can be
 * watched jumping at powers of two. Elements are buttons (arrow keys move); the chart draws the grid the
 * selected element was rounded to.
 * Props: format ("mxfp4" | "nvfp4", default "mxfp4"), seed (default 1).
 */
import { createRng, decodeMxfp4Block, decodeNvfp4Block, dequantizeGgml, ggmlBitsPerWeight, quantizeGgml } from '../../core/index.ts';
import type { MountWidget } from '../types.ts';
import { fmt, h, injectStyle, liveDescription } from '../shared/dom.ts';
import { svgCanvas, watchWidth } from '../shared/chart.ts';
import { button, choiceGroup, roleSlider, rovingFocus } from '../shared/controls.ts';
import { guardedMount } from '../shared/guarded-mount.ts';
import { choiceProp, intProp } from '../shared/quant-props.ts';
import { useQuantStyle } from '../shared/quant-style.ts';
import { drawGrid, GRID_HEIGHT } from './chart.ts';

const FORMATS = ['mxfp4', 'nvfp4'] as const;
type Format = (typeof FORMATS)[number];
const LABEL: Record<Format, string> = { mxfp4: 'MXFP4', nvfp4: 'NVFP4' };
const SIZE: Record<Format, number> = { mxfp4: 32, nvfp4: 64 };
/** The element whose size the slider sets. */
const PEAK = 5;

const CSS = `
.mx-scales { display: flex; flex-wrap: wrap; gap: 0.4rem 1.2rem; font-family: var(--fw-mono); font-size: 0.85rem; }
.mx-scale strong { background: color-mix(in srgb, var(--qw-warm) 26%, var(--fw-bg)); padding: 0 0.25rem; border-radius: 0.2rem; }
.mx-els { display: grid; grid-template-columns: repeat(auto-fill, minmax(3.4rem, 1fr)); gap: 3px; }
.mx-el { font: inherit; font-family: var(--fw-mono); font-size: 0.72rem; color: var(--fw-fg); background: var(--fw-bg); cursor: pointer;
  border: 1px solid var(--fw-border); border-radius: 0.25rem; padding: 0.15rem 0.1rem; display: grid; line-height: 1.2; min-height: 2.6rem; }
.mx-el b { font-size: 0.85rem; }
.mx-el[data-sub="1"], .mx-el[data-sub="3"] { background: color-mix(in srgb, var(--fw-muted) 10%, var(--fw-bg)); }
.mx-el[data-zero="true"] b { color: var(--fw-muted); }
.mx-el[aria-current="true"] { border-color: var(--fw-accent); box-shadow: inset 0 0 0 2px var(--fw-accent); }
.mx-detail { font-family: var(--fw-mono); font-size: 0.85rem; display: grid; gap: 0.15rem; overflow-wrap: anywhere; min-height: 3.6rem; }
.mx-tick { stroke: var(--fw-accent); stroke-width: 1.5; }
.mx-tick-label { fill: var(--fw-muted); font-size: 10px; }
.mx-orig { fill: none; stroke: var(--fw-muted); stroke-width: 1; }
.mx-deq { fill: var(--qw-cool); }
.mx-sel .mx-orig { stroke: var(--fw-fg); stroke-width: 2; }
.mx-sel .mx-deq { fill: var(--fw-accent); }
.mx-link { stroke: var(--qw-bad); stroke-width: 2; }
@media (prefers-reduced-motion: no-preference) { .mx-el { transition: border-color 120ms; } }
`;

/** Weight-like values: mostly within ±1, one element left for the slider to set. */
function randomBlock(seed: number, n: number): Float32Array {
  const rng = createRng(`mx-block:${seed}`);
  return Float32Array.from({ length: n }, () => rng.normal(0, 0.3));
}

/** An E2M1 code's bits, e.g. "0 11 0" (sign, exponent, mantissa). */
const codeBits = (c: number) => `${c >> 3} ${((c >> 1) & 3).toString(2).padStart(2, '0')} ${c & 1}`;
/** "2^k" for an exact power of two. */
const pow2 = (x: number) => `2^${Math.log2(x)}`;

const mount: MountWidget = (root, props) => guardedMount(root, () => {
  useQuantStyle();
  injectStyle('mx-block', CSS);
  let format = choiceProp(props.format, 'format', FORMATS, 'mxfp4');
  let seed = intProp(props.seed, 'seed', 1, 0, 1_000_000);
  let peak = 2.7, selected = PEAK, width = 640; // 2.5 would sit on a tie (5 halfway between 4 and 6)
  let base = randomBlock(seed, SIZE[format]);
  let x: Float32Array = new Float32Array(), bytes: Uint8Array = new Uint8Array(), deq: Float32Array = new Float32Array();

  const formatChoice = choiceGroup({ label: 'Format', role: 'format', value: format, options: FORMATS.map((f) => ({ value: f, label: LABEL[f] })), onChange: (v) => { format = v; base = randomBlock(seed, SIZE[v]); requantize(); } });
  const again = button('New random block', 'new-block', () => { seed++; base = randomBlock(seed, SIZE[format]); requantize(); });
  const peakSlider = roleSlider({ label: `Weight ${PEAK}`, role: 'peak', min: 0.2, max: 7.9, step: 0.01, value: peak, format: (v) => v.toFixed(2), onInput: (v) => { peak = v; requantize(); } });
  const headline = h('p', { 'data-role': 'headline' });
  const scales = h('div', { class: 'mx-scales', 'data-role': 'scales' });
  const els = h('div', { class: 'mx-els', role: 'group', 'aria-label': 'Elements: arrow keys move between them', 'data-role': 'elements' });
  const detail = h('div', { class: 'mx-detail', 'data-role': 'detail' });
  const svg = svgCanvas(width, GRID_HEIGHT, 'grid');
  svg.classList.add('qw-svg');
  const box = h('div', { class: 'fw qw' }, h('div', { class: 'fw-row' }, formatChoice.el, again), peakSlider.el, headline, scales, els, detail,
    h('p', { class: 'qw-note' }, 'Below, the grid the selected element was rounded to (ticks), every weight of its block as a ring and what it came back as (dot).'), svg);
  root.append(box);
  const setAlt = liveDescription(root);
  const fixFocus = rovingFocus(els, '.mx-el', (el) => select(Number(el.dataset.index)));

  function select(i: number): void {
    if (i === selected) return;
    selected = i;
    render();
  }

  /** The scale that multiplies each E2M1 value of element i (its block's, or its sub-block's), and its code. */
  function scaleOf(i: number): { scale: number; code: number; sub: number } {
    if (format === 'mxfp4') {
      const p = decodeMxfp4Block(bytes);
      return { scale: p.scale, code: p.e, sub: 0 };
    }
    const p = decodeNvfp4Block(bytes);
    return { scale: p.scales[i >> 4]!, code: p.scaleCodes[i >> 4]!, sub: i >> 4 };
  }

  function requantize(): void {
    x = base.slice();
    x[PEAK] = peak;
    bytes = quantizeGgml(format, x);
    deq = dequantizeGgml(format, bytes, x.length);
    if (selected >= x.length) selected = PEAK;
    const codes = format === 'mxfp4' ? decodeMxfp4Block(bytes).codes : decodeNvfp4Block(bytes).codes;
    els.replaceChildren(...codes.map((c, i) => {
      const cell = h('button', { type: 'button', class: 'mx-el', 'data-role': 'element', 'data-index': i, 'data-sub': format === 'nvfp4' ? i >> 4 : 0, 'data-zero': String(c === 0 || c === 8), tabindex: -1,
        'aria-label': `${c.toString(16)} ${fmt(deq[i]!, 3)}: element ${i}, ${fmt(x[i]!, 3)} stored as code ${c}, back as ${fmt(deq[i]!, 3)}` },
        h('b', {}, `${c.toString(16)}`), ' ', h('span', {}, fmt(deq[i]!, 3)));
      cell.addEventListener('pointerenter', () => select(i));
      cell.addEventListener('click', () => select(i));
      cell.addEventListener('focus', () => select(i));
      return cell;
    }));
    fixFocus();
    headline.textContent = `${LABEL[format]}: ${x.length} weights in ${bytes.length} bytes, ${fmt(ggmlBitsPerWeight(format))} bits per weight.`;
    if (format === 'mxfp4') {
      const p = decodeMxfp4Block(bytes);
      let amax = 0;
      for (const v of x) amax = Math.max(amax, Math.abs(v));
      scales.replaceChildren(h('span', { class: 'mx-scale' }, 'byte 0: ', h('strong', {}, `e = 0x${p.e.toString(16)} = ${p.e}`),
        ` → X = 2^(${p.e} − 127) = ${pow2(p.scale)} = ${fmt(p.scale)}; largest |weight| ${fmt(amax, 4)} = ${fmt(amax / p.scale, 3)}·X`));
    } else {
      const p = decodeNvfp4Block(bytes);
      scales.replaceChildren(...p.scaleCodes.map((b, s) => h('span', { class: 'mx-scale' }, `sub-block ${s}: `, h('strong', {}, `0x${b.toString(16).padStart(2, '0')}`), ` → ${fmt(p.scales[s]!, 4)}`)));
    }
    render();
  }

  function render(): void {
    for (const cell of els.querySelectorAll<HTMLElement>('.mx-el')) cell.setAttribute('aria-current', String(Number(cell.dataset.index) === selected));
    const { scale, sub } = scaleOf(selected);
    const code = format === 'mxfp4' ? decodeMxfp4Block(bytes).codes[selected]! : decodeNvfp4Block(bytes).codes[selected]!;
    const xi = x[selected]!, yi = deq[selected]!;
    const nibble = format === 'mxfp4'
      ? `byte ${1 + (selected % 16)}, ${selected < 16 ? 'low' : 'high'} nibble`
      : `byte ${4 + 8 * sub + (selected & 7)}, ${(selected & 15) < 8 ? 'low' : 'high'} nibble`;
    const ratio = scale ? xi / scale : NaN;
    detail.replaceChildren(
      h('div', {}, `Element ${selected}: x = ${fmt(xi, 5)}${scale ? `, x / scale = ${fmt(ratio, 4)}` : ', scale 0: every element is 0'}.`),
      h('div', {}, `Code ${code} = 0x${code.toString(16)} (sign exponent mantissa: ${codeBits(code)}), in ${nibble}: E2M1 value ${fmt(scale ? yi / scale : 0, 3)}.`),
      h('div', { 'data-role': 'error' }, `Back as ${fmt(yi, 5)}; error ${fmt(Math.abs(xi - yi), 3)}${Math.abs(ratio) > 6 ? ' (past 6·scale: clipped to the largest code)' : ''}.`),
    );
    const lo = format === 'mxfp4' ? 0 : 16 * sub, hi = format === 'mxfp4' ? x.length : lo + 16;
    drawGrid(svg, { x, deq, lo, hi, selected, scale, width });
    setAlt(`${headline.textContent} ${format === 'mxfp4' ? `Shared scale ${fmt(scale)}` : `Sub-block ${sub} scale ${fmt(scale, 4)}`}. Element ${selected}, ${fmt(xi, 4)}, is stored as code ${code} and comes back as ${fmt(yi, 4)}, an error of ${fmt(Math.abs(xi - yi), 3)}.`);
  }

  requantize();
  return watchWidth(box, (w) => { width = w; render(); });
});

export default mount;
