/**
 * A K-quant super-block byte by byte (lesson "K-quants"): 256 seeded weight-like values quantized by the core
 * to Q4_K or Q2_K. One sub-block is selected (buttons, arrow keys, or pointing at a byte): its code and level
 * bytes light up, the panel gives its codes, effective scale and offset, and its error, and the chart draws
 * its grid of levels over its weights.
 * Props: type ("q4_K" | "q2_K", default "q4_K"), seed (default 1).
 */
import { createRng, decodeQ2KBlock, decodeQ4KBlock, dequantizeGgml, ggmlBitsPerWeight, quantizeGgml } from '../../core/index.ts';
import type { MountWidget } from '../types.ts';
import { fmt, h, injectStyle, liveDescription } from '../shared/dom.ts';
import { svgCanvas, watchWidth } from '../shared/chart.ts';
import { button, choiceGroup, rovingFocus } from '../shared/controls.ts';
import { guardedMount } from '../shared/guarded-mount.ts';
import { choiceProp, intProp } from '../shared/quant-props.ts';
import { useQuantStyle } from '../shared/quant-style.ts';
import { drawBlock, CHART_HEIGHT } from './chart.ts';
import { codeBytes, elementsInByte, kindOf, KQUANT_TYPES, levelBytes, SHAPE, subBlocksOfCodeByte, type ByteKind, type KType } from './layout.ts';

const CSS = `
.kq-bytes { display: grid; grid-template-columns: repeat(auto-fill, minmax(1.9rem, 1fr)); gap: 2px; }
.kq-byte { font: inherit; font-family: var(--fw-mono); font-size: 0.7rem; color: var(--fw-muted); border: 1px solid var(--fw-border);
  border-radius: 0.2rem; padding: 0.1rem 0; cursor: pointer; min-height: 1.7rem; --kq-tint: 9%; }
/* Bytes outside the selected sub-block are toned down by a paler tint and muted text, not by opacity,
   which took their text below a readable contrast. */
.kq-byte[data-kind="d"], .kq-byte[data-kind="dmin"] { background: color-mix(in srgb, var(--qw-warm) calc(var(--kq-tint) * 1.6), var(--fw-bg)); }
.kq-byte[data-kind="codes"] { background: color-mix(in srgb, var(--qw-violet) calc(var(--kq-tint) * 1.5), var(--fw-bg)); }
.kq-byte[data-kind="levels"] { background: color-mix(in srgb, var(--qw-cool) var(--kq-tint), var(--fw-bg)); }
.kq-byte[data-related="true"] { --kq-tint: 16%; color: var(--fw-fg); border-color: var(--fw-fg); font-weight: 700; }
.kq-byte[aria-current="true"] { box-shadow: inset 0 0 0 2px var(--fw-accent); color: var(--fw-fg); }
.kq-subs .fw-btn { min-width: 2.2rem; padding: 0.2rem 0.4rem; font-family: var(--fw-mono); }
.kq-detail { font-family: var(--fw-mono); font-size: 0.85rem; display: grid; gap: 0.15rem; overflow-wrap: anywhere; }
.kq-band { fill: color-mix(in srgb, var(--fw-accent) 10%, transparent); }
.kq-gridline { stroke: var(--fw-accent); stroke-width: 1; stroke-dasharray: 4 3; opacity: 0.8; }
.kq-orig { fill: none; stroke: var(--fw-muted); stroke-width: 1; }
.kq-deq { fill: var(--qw-cool); }
.kq-sel .kq-orig { stroke: var(--fw-fg); }
.kq-sel .kq-deq { fill: var(--fw-accent); }
.kq-err { stroke: var(--qw-bad); stroke-width: 2; }
@media (prefers-reduced-motion: no-preference) { .kq-byte { transition: background-color 120ms, border-color 120ms; } }
`;

const LABEL: Record<KType, string> = { q4_K: 'Q4_K', q2_K: 'Q2_K' };
const KIND_LABEL: Record<ByteKind, string> = { d: 'fp16 super-block scale d', dmin: 'fp16 super-block min scale dmin', codes: 'sub-block scale/min codes', levels: 'levels' };

/** 256 weight-like values: sub-blocks of different spreads, some shifted off zero, and one outlier. */
function randomBlock(seed: number): Float32Array {
  const rng = createRng(`kquant-block:${seed}`);
  const x = new Float32Array(256);
  for (let s = 0; s < 16; s++) {
    const std = 0.03 * rng.uniform(0.3, 1.8), mean = rng.next() < 0.3 ? rng.uniform(-0.04, 0.04) : 0;
    for (let i = 0; i < 16; i++) x[16 * s + i] = mean + rng.normal(0, std);
  }
  x[rng.int(0, 255)] = (rng.next() < 0.5 ? -1 : 1) * rng.uniform(0.2, 0.3);
  return x;
}

const hex = (b: number) => b.toString(16).padStart(2, '0');

const mount: MountWidget = (root, props) => guardedMount(root, () => {
  useQuantStyle();
  injectStyle('kquant-block', CSS);
  let type = choiceProp(props.type, 'type', KQUANT_TYPES, 'q4_K');
  let seed = intProp(props.seed, 'seed', 1, 0, 1_000_000);
  let original = randomBlock(seed);
  let sub = 0, focusedByte = -1, width = 640;
  let bytes: Uint8Array = new Uint8Array(), deq: Float32Array = new Float32Array();

  const typeChoice = choiceGroup({ label: 'Format', role: 'type', value: type, options: KQUANT_TYPES.map((t) => ({ value: t, label: LABEL[t] })), onChange: (v) => { type = v; sub = Math.min(sub, SHAPE[v].subBlocks - 1); requantize(); } });
  const again = button('New random block', 'new-block', () => { seed++; original = randomBlock(seed); requantize(); });
  const headline = h('p', { 'data-role': 'headline' });
  const subs = h('div', { class: 'fw-seg kq-subs', role: 'group', 'aria-label': 'Sub-block: arrow keys choose', 'data-role': 'sub-blocks' });
  const grid = h('div', { class: 'kq-bytes', role: 'group', 'aria-label': 'Bytes of the super-block: arrow keys move between them', 'data-role': 'bytes' });
  const detail = h('div', { class: 'kq-detail', 'data-role': 'detail' });
  const byteInfo = h('p', { class: 'qw-note', 'data-role': 'byte-info' });
  const legend = h('div', { class: 'qw-legend', 'aria-hidden': 'true' },
    ...(['d', 'codes', 'levels'] as const).map((k) => h('span', {}, h('span', { class: 'qw-swatch', style: `background:var(--qw-${k === 'd' ? 'warm' : k === 'codes' ? 'violet' : 'cool'})` }), k === 'd' ? 'fp16 d, dmin' : KIND_LABEL[k])));
  const svg = svgCanvas(width, CHART_HEIGHT, 'chart');
  svg.classList.add('qw-svg');
  const box = h('div', { class: 'fw qw' }, h('div', { class: 'fw-row' }, typeChoice.el, again), headline,
    h('div', { class: 'fw-row' }, h('span', { class: 'fw-seg-label', 'aria-hidden': 'true' }, 'Sub-block'), subs),
    legend, grid, byteInfo, detail,
    h('p', { class: 'qw-note' }, 'Below, all 256 weights: rings are the originals, dots what the bytes give back. The selected sub-block is shaded, with its levels as dashed lines and its errors in red.'), svg);
  root.append(box);
  const setAlt = liveDescription(root);
  const fixSubFocus = rovingFocus(subs, 'button', (el) => selectSub(Number(el.dataset.sub)));
  const fixByteFocus = rovingFocus(grid, '.kq-byte', (el) => pointAt(Number(el.dataset.index)));

  function selectSub(s: number): void {
    if (s === sub) return;
    sub = s;
    render();
  }

  /** Pointing at a byte describes it and selects a sub-block it belongs to. */
  function pointAt(i: number): void {
    focusedByte = i;
    const kind = kindOf(type, i);
    const owners = kind === 'codes' ? subBlocksOfCodeByte(type, i) : kind === 'levels' ? elementsInByte(type, i).map((e) => Math.floor(e / SHAPE[type].subSize)) : [];
    if (owners.length && !owners.includes(sub)) sub = owners[0]!;
    render();
  }

  function describeByte(i: number): string {
    const kind = kindOf(type, i), b = bytes[i]!;
    const head = `Byte ${i} = 0x${hex(b)} = ${b.toString(2).padStart(8, '0')}: ${KIND_LABEL[kind]}`;
    if (kind === 'levels') {
      const bits = type === 'q4_K' ? 4 : 2;
      const parts = elementsInByte(type, i).map((e, t) => `weight ${e} → level ${(b >> (bits * t)) & ((1 << bits) - 1)}`);
      return `${head}, lowest bits first: ${parts.join('; ')}.`;
    }
    if (kind === 'codes') return `${head} of sub-block${subBlocksOfCodeByte(type, i).length > 1 ? 's' : ''} ${subBlocksOfCodeByte(type, i).join(' and ')}.`;
    return `${head} (one of its two bytes, low byte first).`;
  }

  function requantize(): void {
    bytes = quantizeGgml(type, original);
    deq = dequantizeGgml(type, bytes, 256);
    if (focusedByte >= bytes.length) focusedByte = -1;
    subs.replaceChildren(...Array.from({ length: SHAPE[type].subBlocks }, (_, s) => {
      const b = h('button', { type: 'button', class: 'fw-btn', 'data-sub': s, 'aria-pressed': 'false', 'aria-label': `sub-block ${s}` }, String(s));
      b.addEventListener('click', () => selectSub(s));
      return b;
    }));
    fixSubFocus();
    grid.replaceChildren(...[...bytes].map((b, i) => {
      const cell = h('button', { type: 'button', class: 'kq-byte', 'data-role': 'byte', 'data-index': i, 'data-kind': kindOf(type, i), tabindex: -1, 'aria-label': `${hex(b)}: byte ${i}, ${KIND_LABEL[kindOf(type, i)]}` }, hex(b));
      cell.addEventListener('pointerenter', () => pointAt(i));
      cell.addEventListener('click', () => pointAt(i));
      cell.addEventListener('focus', () => pointAt(i));
      return cell;
    }));
    fixByteFocus();
    const bpw = ggmlBitsPerWeight(type);
    headline.textContent = `${LABEL[type]}: 256 weights in ${bytes.length} bytes = ${bytes.length * 8} bits, ${fmt(bpw)} bits per weight (${SHAPE[type].subBlocks} sub-blocks of ${SHAPE[type].subSize}).`;
    render();
  }

  function render(): void {
    const shape = SHAPE[type];
    const parts = type === 'q4_K' ? decodeQ4KBlock(bytes) : decodeQ2KBlock(bytes);
    const S = parts.scales[sub]!, M = parts.mins[sub]!;
    const step = Math.fround(parts.d * S), offset = Math.fround(parts.dmin * M);
    const lo = sub * shape.subSize, hi = lo + shape.subSize;
    let maxErr = 0, sq = 0, sqAll = 0;
    for (let e = 0; e < 256; e++) {
      const err = original[e]! - deq[e]!;
      sqAll += err * err;
      if (e >= lo && e < hi) { maxErr = Math.max(maxErr, Math.abs(err)); sq += err * err; }
    }
    const rms = Math.sqrt(sq / shape.subSize), rmsAll = Math.sqrt(sqAll / 256);
    const related = new Set([...codeBytes(type, sub), ...levelBytes(type, sub)]);
    for (const b of subs.querySelectorAll<HTMLElement>('button')) b.setAttribute('aria-pressed', String(Number(b.dataset.sub) === sub));
    for (const cell of grid.querySelectorAll<HTMLElement>('.kq-byte')) {
      const i = Number(cell.dataset.index);
      cell.dataset.related = String(related.has(i));
      cell.setAttribute('aria-current', String(i === focusedByte));
    }
    const levels = Array.from(parts.levels.subarray(lo, hi));
    detail.replaceChildren(
      h('div', {}, `Sub-block ${sub} (weights ${lo}–${hi - 1}): scale code S = ${S}, min code M = ${M} (${shape.codeBits}-bit each).`),
      h('div', {}, `Super-block: d = ${fmt(parts.d, 5)}, dmin = ${fmt(parts.dmin, 5)} (fp16 bits 0x${parts.dBits.toString(16).padStart(4, '0')}, 0x${parts.dminBits.toString(16).padStart(4, '0')}).`),
      h('div', {}, `Step d·S = ${fmt(step, 4)}, offset dmin·M = ${fmt(offset, 4)}: y = ${fmt(step, 4)}·q − ${fmt(offset, 4)}, q = 0…${shape.maxLevel}.`),
      h('div', {}, `Levels: ${levels.join(' ')}`),
      h('div', { 'data-role': 'error' }, `Error here: largest ${fmt(maxErr, 3)}, RMS ${fmt(rms, 3)} (whole super-block RMS ${fmt(rmsAll, 3)}).`),
    );
    byteInfo.textContent = focusedByte >= 0 ? describeByte(focusedByte) : `Sub-block ${sub}'s codes are in byte${codeBytes(type, sub).length > 1 ? 's' : ''} ${codeBytes(type, sub).join(', ')}; its levels in ${levelBytes(type, sub).length} bytes from ${Math.min(...levelBytes(type, sub))} to ${Math.max(...levelBytes(type, sub))}. Point at a byte to read it.`;
    drawBlock(svg, { original, deq, lo, hi, step, offset, maxLevel: shape.maxLevel, width });
    setAlt(`${headline.textContent} Sub-block ${sub}: scale code ${S}, min code ${M}, so its weights come back as ${fmt(step, 4)} times a level from 0 to ${shape.maxLevel}, minus ${fmt(offset, 4)}. Largest error ${fmt(maxErr, 3)}, RMS error ${fmt(rms, 3)}.${focusedByte >= 0 ? ` ${describeByte(focusedByte)}` : ''}`);
  }

  requantize();
  return watchWidth(box, (w) => { width = w; render(); });
});

export default mount;
