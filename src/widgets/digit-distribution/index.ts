/**
 * Digit distribution (lessons/kl-divergence.mdx): the probabilities of the digits 0–9 after "The answer to 2 + 2 is"
 * under bf16 and under each quantization (an illustrative table, data.ts), side by side, with the
 * KL divergence from bf16 of every quantization computed by the core's klDivergence.
 * Props: format ("Q8_0" | "Q4_1" | "Q4_0" | "Q2_K", default "Q4_0").
 */
import { argmax, klDivergence } from '../../core/index.ts';
import type { MountWidget } from '../types.ts';
import { fmt, h, injectStyle, liveDescription, s } from '../shared/dom.ts';
import { linear, svgCanvas, watchWidth } from '../shared/chart.ts';
import { choiceGroup } from '../shared/controls.ts';
import { guardedMount } from '../shared/guarded-mount.ts';
import { choiceProp } from '../shared/quant-props.ts';
import { useQuantStyle } from '../shared/quant-style.ts';
import { DIGIT_ROWS } from './data.ts';

const CSS = `
.dd-base { fill: var(--qw-cool); }
.dd-quant { fill: var(--qw-warm); }
.dd-kl-bar { height: 0.7rem; background: var(--qw-warm); border-radius: 0.15rem; min-width: 1px; }
.dd-table tbody tr { cursor: pointer; }
.dd-table td:nth-child(3) { width: 40%; }
.dd-prompt { font-size: 1.05rem; }
`;

const HEIGHT = 190;
const BASE = DIGIT_ROWS[0]!;
const QUANTS = DIGIT_ROWS.slice(1);

/** Paired bars per digit: bf16 and the chosen quantization. */
function drawBars(svg: SVGSVGElement, base: readonly number[], quant: readonly number[], width: number): void {
  const left = 8, right = width - 8, top = 16, bottom = HEIGHT - 22;
  const y = linear(0, 1, bottom, top);
  const slot = (right - left) / 10, bw = Math.min(22, slot * 0.38);
  svg.setAttribute('viewBox', `0 0 ${width} ${HEIGHT}`);
  const parts: SVGElement[] = [s('line', { class: 'fw-axis', x1: left, x2: right, y1: bottom, y2: bottom })];
  for (let d = 0; d < 10; d++) {
    const x = left + slot * d + slot / 2;
    parts.push(s('rect', { class: 'dd-base', x: x - bw, y: y(base[d]!), width: bw, height: bottom - y(base[d]!) }),
      s('rect', { class: 'dd-quant', x, y: y(quant[d]!), width: bw, height: bottom - y(quant[d]!) }),
      s('text', { class: 'fw-tick-label', x, y: HEIGHT - 6, 'text-anchor': 'middle', 'font-size': 12 }, String(d)));
    // Values of the tall bars, each beside its own bar's top (base to the left, quantized to the right).
    if (base[d]! >= 0.1) parts.push(s('text', { class: 'fw-tick-label', x: x - 2, y: y(base[d]!) - 4, 'text-anchor': 'end' }, fmt(base[d]!, 2)));
    if (quant[d]! >= 0.1) parts.push(s('text', { class: 'fw-tick-label', x: x + 2, y: y(quant[d]!) - 4, 'text-anchor': 'start' }, fmt(quant[d]!, 2)));
  }
  svg.replaceChildren(...parts);
}

const mount: MountWidget = (root, props) => guardedMount(root, () => {
  useQuantStyle();
  injectStyle('digit-distribution', CSS);
  let type = choiceProp(props.format, 'format', QUANTS.map((r) => r.type), 'Q4_0');
  let width = 640;
  const kl = new Map(QUANTS.map((r) => [r.type, klDivergence(BASE.p, r.p)]));
  const maxKl = Math.max(...kl.values());

  const choice = choiceGroup({ label: 'Compare bf16 with', role: 'format', value: type, options: QUANTS.map((r) => ({ value: r.type, label: r.type })), onChange: (v) => { type = v; render(); } });
  const svg = svgCanvas(width, HEIGHT, 'chart');
  svg.classList.add('qw-svg');
  const legend = h('div', { class: 'qw-legend' });
  const tableSlot = h('div', { class: 'fw-scroll' });
  const box = h('div', { class: 'fw qw' }, h('p', { class: 'dd-prompt' }, 'The answer to 2 + 2 is …'), choice.el, svg, legend, tableSlot,
    h('p', { class: 'qw-note' }, 'Illustrative probabilities, made up so that the divergences follow the essay’s order; the KL values are computed from them.'));
  root.append(box);
  const setAlt = liveDescription(root);

  function render(): void {
    const row = QUANTS.find((r) => r.type === type)!;
    choice.set(type);
    drawBars(svg, BASE.p, row.p, width);
    legend.replaceChildren(h('span', {}, h('span', { class: 'qw-swatch', style: 'background:var(--qw-cool)' }), BASE.label),
      h('span', {}, h('span', { class: 'qw-swatch', style: 'background:var(--qw-warm)' }), row.label));
    tableSlot.replaceChildren(h('table', { class: 'fw-table qw-table dd-table', 'data-role': 'kl-table' },
      h('caption', {}, 'KL(bf16 ‖ quantized) for this one prediction: select a row to compare'),
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'format'), h('th', { scope: 'col' }, 'KL'), h('th', { scope: 'col', 'aria-hidden': 'true' }), h('th', { scope: 'col' }, 'p(“4”)'))),
      h('tbody', {}, ...QUANTS.map((r) => {
        const tr = h('tr', { class: r.type === type ? 'qw-hi' : undefined, 'data-type': r.type },
          h('th', { scope: 'row' }, r.type), h('td', { class: 'fw-mono', 'data-role': 'kl' }, fmt(kl.get(r.type)!, 3)),
          h('td', { 'aria-hidden': 'true' }, h('div', { class: 'dd-kl-bar', style: `width:${(100 * kl.get(r.type)!) / maxKl}%` })),
          h('td', { class: 'fw-mono' }, fmt(r.p[4]!, 3)));
        tr.addEventListener('click', () => { type = r.type; render(); });
        return tr;
      }))));
    const top = argmax(row.p);
    setAlt(`After "The answer to 2 + 2 is", bf16 gives "4" a probability of ${fmt(BASE.p[4]!, 3)}; ${row.type} gives it ${fmt(row.p[4]!, 3)} and its most likely digit is ${top}. ` +
      `KL(bf16‖${row.type}) = ${fmt(kl.get(row.type)!, 3)}. All formats: ${QUANTS.map((r) => `${r.type} ${fmt(kl.get(r.type)!, 3)}`).join(', ')}.`);
  }
  return watchWidth(box, (w) => { width = w; render(); });
});

export default mount;
