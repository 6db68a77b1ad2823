/**
 * A ggml block byte by byte (lessons/real-formats.mdx): 32 seeded random values quantized by the core to Q8_0, Q4_0
 * or Q4_1 bytes, each byte coloured by its field (fp16 scale, fp16 minimum, quants). Pointing at or
 * focusing a byte (arrow keys move) says which values it holds and what they dequantize to.
 * Props: type ("q8_0" | "q4_0" | "q4_1", default "q4_0"), seed (default 1).
 */
import { createRng, dequantizeGgml, GGML_CODECS, ggmlBitsPerWeight, quantizeGgml } from '../../core/index.ts';
import type { MountWidget } from '../types.ts';
import { fmt, h, injectStyle, liveDescription } from '../shared/dom.ts';
import { svgCanvas, watchWidth } from '../shared/chart.ts';
import { button, choiceGroup, rovingFocus } from '../shared/controls.ts';
import { guardedMount } from '../shared/guarded-mount.ts';
import { choiceProp, intProp } from '../shared/quant-props.ts';
import { useQuantStyle } from '../shared/quant-style.ts';
import { describeByte, halfField } from './detail.ts';
import { BLOCK_TYPES, FIELDS, fieldOf, heldValues, hex, type BlockType } from './layout.ts';
import { drawValues, VALUES_HEIGHT } from './values.ts';

const CSS = `
.gb-bytes { display: grid; grid-template-columns: repeat(auto-fill, minmax(2.6rem, 1fr)); gap: 4px; }
.gb-byte { font: inherit; font-family: var(--fw-mono); font-size: 0.85rem; color: var(--fw-fg); border: 1px solid var(--fw-border);
  border-radius: 0.3rem; padding: 0.15rem 0; cursor: pointer; display: grid; line-height: 1.15; min-height: 2.6rem; }
/* The byte's position, drawn from data-index: its name says "byte i" after the hex the cell shows. */
.gb-byte::after { content: attr(data-index); font-size: 0.65rem; color: var(--fw-muted); }
.gb-byte[data-kind="scale"] { background: color-mix(in srgb, var(--qw-warm) 24%, var(--fw-bg)); }
.gb-byte[data-kind="min"] { background: color-mix(in srgb, var(--qw-violet) 24%, var(--fw-bg)); }
.gb-byte[data-kind="quants"] { background: color-mix(in srgb, var(--qw-cool) 16%, var(--fw-bg)); }
.gb-byte[aria-current="true"] { border-color: var(--fw-fg); box-shadow: inset 0 0 0 2px var(--fw-fg); }
.gb-detail { font-family: var(--fw-mono); font-size: 0.85rem; min-height: 4.2rem; overflow-wrap: anywhere; }
.gb-stem { stroke: var(--fw-muted); stroke-width: 1; }
.gb-orig { fill: none; stroke: var(--fw-muted); stroke-width: 1.2; }
.gb-deq { fill: var(--qw-cool); }
.gb-held .gb-deq { fill: var(--fw-accent); }
.gb-held .gb-orig { stroke: var(--fw-fg); stroke-width: 2; }
.gb-held .gb-stem { stroke: var(--fw-accent); stroke-width: 2; }
`;

const LABEL: Record<BlockType, string> = { q8_0: 'Q8_0', q4_0: 'Q4_0', q4_1: 'Q4_1' };
const KIND_LABEL = { scale: 'fp16 scale d', min: 'fp16 minimum m', quants: 'quants' } as const;

/** 32 weight-like values (mostly small, normal-ish) from a seed, stored as float32 like a model's weights. */
function randomBlock(seed: number): Float32Array {
  const rng = createRng(`ggml-block:${seed}`);
  return Float32Array.from({ length: 32 }, () => rng.normal(0, 0.04));
}

const mount: MountWidget = (root, props) => guardedMount(root, () => {
  useQuantStyle();
  injectStyle('ggml-block', CSS);
  let type = choiceProp(props.type, 'type', BLOCK_TYPES, 'q4_0');
  let seed = intProp(props.seed, 'seed', 1, 0, 1_000_000);
  let selected = 0, width = 640;
  let original = randomBlock(seed);
  let bytes: Uint8Array = new Uint8Array(), deq: Float32Array = new Float32Array();

  const typeChoice = choiceGroup({ label: 'Format', role: 'type', value: type, options: BLOCK_TYPES.map((t) => ({ value: t, label: LABEL[t] })), onChange: (v) => { type = v; selected = Math.min(selected, GGML_CODECS[v].blockBytes - 1); requantize(); } });
  const again = button('New random block', 'new-block', () => { seed++; original = randomBlock(seed); requantize(); });
  const headline = h('p', { 'data-role': 'headline' });
  const legend = h('div', { class: 'qw-legend', 'aria-hidden': 'true' });
  const grid = h('div', { class: 'gb-bytes', role: 'group', 'aria-label': 'Bytes of the block: arrow keys move between them', 'data-role': 'bytes' });
  const detail = h('div', { class: 'gb-detail', 'data-role': 'detail' });
  const svg = svgCanvas(width, VALUES_HEIGHT, 'values');
  svg.classList.add('qw-svg');
  const box = h('div', { class: 'fw qw' }, h('div', { class: 'fw-row' }, typeChoice.el, again), headline, legend, grid, detail,
    h('p', { class: 'qw-note' }, 'Below, the 32 values: rings are the originals, dots what the bytes give back. The selected byte’s values are highlighted.'), svg);
  root.append(box);
  const setAlt = liveDescription(root);
  const fixFocus = rovingFocus(grid, '.gb-byte', (el) => select(Number(el.dataset.index)));

  function select(i: number): void {
    if (i === selected) return;
    selected = i;
    render();
  }

  function requantize(): void {
    bytes = quantizeGgml(type, original);
    deq = dequantizeGgml(type, bytes, 32);
    grid.replaceChildren(...[...bytes].map((b, i) => {
      const kind = fieldOf(type, i).kind;
      const cell = h('button', { type: 'button', class: 'gb-byte', 'data-role': 'byte', 'data-index': i, 'data-kind': kind, tabindex: i === selected ? 0 : -1, 'aria-label': `${hex(b)}: byte ${i}, ${KIND_LABEL[kind]}` },
        hex(b));
      cell.addEventListener('pointerenter', () => select(i));
      cell.addEventListener('focus', () => select(i));
      cell.addEventListener('click', () => select(i));
      return cell;
    }));
    fixFocus();
    const bpw = ggmlBitsPerWeight(type);
    headline.textContent = `${LABEL[type]}: 32 values in ${bytes.length} bytes = ${bytes.length * 8} bits, ${fmt(bpw)} bits per weight.`;
    legend.replaceChildren(...FIELDS[type].map((f) => h('span', {}, h('span', { class: 'qw-swatch', style: `background:var(--qw-${f.kind === 'scale' ? 'warm' : f.kind === 'min' ? 'violet' : 'cool'})` }), `bytes ${f.start}–${f.end - 1}: ${f.name}`)));
    render();
  }

  function render(): void {
    for (const cell of grid.querySelectorAll<HTMLElement>('.gb-byte')) cell.setAttribute('aria-current', String(Number(cell.dataset.index) === selected));
    const lines = describeByte(type, bytes, selected, original, deq);
    detail.replaceChildren(...lines.map((t) => h('div', {}, t)));
    const held = heldValues(type, bytes, selected).map((v) => v.index);
    drawValues(svg, original, deq, held, width);
    const d = halfField(bytes, 0).value;
    const m = type === 'q4_1' ? `, fp16 minimum m = ${fmt(halfField(bytes, 2).value, 5)}` : '';
    let maxErr = 0;
    original.forEach((v, i) => (maxErr = Math.max(maxErr, Math.abs(v - deq[i]!))));
    setAlt(`${headline.textContent} Block ${seed}: fp16 scale d = ${fmt(d, 5)}${m}; largest error ${fmt(maxErr, 3)}. Selected: ${lines.join(' ')}`);
  }
  requantize();
  return watchWidth(box, (w) => { width = w; render(); });
});

export default mount;
