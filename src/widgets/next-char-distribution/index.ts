/**
 * Next-character distribution (lessons/kl-divergence.mdx): after a prompt, the course model's real
 * probabilities for its likeliest next characters in float32 and under Q8_0, Q4_0 and naive 2-bit
 * blocks, side by side, with the KL divergence of each from float32 over the whole vocabulary. The
 * numbers were measured by the core's forward pass and the lab's quantizers (`npm run figures`,
 * lessons/data/next-chars.json); the widget only draws them.
 * Props: prompt (0-based index into the measured prompts, default 0), format (a measured variant id, default "q4_0").
 */
import type { MountWidget } from '../types.ts';
import { fmt, h, injectStyle, liveDescription, s } from '../shared/dom.ts';
import { linear, svgCanvas, watchWidth } from '../shared/chart.ts';
import { choiceGroup } from '../shared/controls.ts';
import { guardedMount } from '../shared/guarded-mount.ts';
import { NEXT_CHARS, quoted, showChar } from '../shared/next-chars.ts';
import { choiceProp, intProp } from '../shared/quant-props.ts';
import { useQuantStyle } from '../shared/quant-style.ts';

const CSS = `
.nd-base { fill: var(--qw-cool); }
.nd-quant { fill: var(--qw-warm); }
.nd-kl-bar { height: 0.7rem; background: var(--qw-warm); border-radius: 0.15rem; min-width: 1px; }
.nd-table tbody tr { cursor: pointer; }
.nd-table td:nth-child(3) { width: 40%; }
.nd-prompt { font-size: 1.05rem; font-family: var(--fw-mono); white-space: pre-wrap; }
`;

const HEIGHT = 190;
const PROMPTS = NEXT_CHARS.prompts;
/** The quantized variants' ids, as every prompt lists them after float32. */
const IDS = PROMPTS[0]!.variants.slice(1).map((v) => v.id);
const SHORT: Record<string, string> = { q8_0: 'Q8_0', q4_0: 'Q4_0', 'int2-asym': '2-bit' };
const short = (id: string): string => SHORT[id] ?? id;

/** Paired bars per shown character: float32 and the chosen format. */
function drawBars(svg: SVGSVGElement, chars: readonly string[], base: readonly number[], quant: readonly number[], width: number): void {
  const left = 8, right = width - 8, top = 16, bottom = HEIGHT - 22;
  const y = linear(0, 1, bottom, top);
  const slot = (right - left) / chars.length, bw = Math.min(22, slot * 0.38);
  svg.setAttribute('viewBox', `0 0 ${width} ${HEIGHT}`);
  const parts: SVGElement[] = [s('line', { class: 'fw-axis', x1: left, x2: right, y1: bottom, y2: bottom })];
  chars.forEach((c, d) => {
    const x = left + slot * d + slot / 2;
    parts.push(s('rect', { class: 'nd-base', x: x - bw, y: y(base[d]!), width: bw, height: bottom - y(base[d]!) }),
      s('rect', { class: 'nd-quant', x, y: y(quant[d]!), width: bw, height: bottom - y(quant[d]!) }),
      s('text', { class: 'fw-tick-label', x, y: HEIGHT - 6, 'text-anchor': 'middle', 'font-size': 12 }, showChar(c)));
    // Values of the tall bars, each beside its own bar's top (float32 to the left, quantized to the right).
    if (base[d]! >= 0.1) parts.push(s('text', { class: 'fw-tick-label', x: x - 2, y: y(base[d]!) - 4, 'text-anchor': 'end' }, fmt(base[d]!, 2)));
    if (quant[d]! >= 0.1) parts.push(s('text', { class: 'fw-tick-label', x: x + 2, y: y(quant[d]!) - 4, 'text-anchor': 'start' }, fmt(quant[d]!, 2)));
  });
  svg.replaceChildren(...parts);
}

const mount: MountWidget = (root, props) => guardedMount(root, () => {
  useQuantStyle();
  injectStyle('next-char-distribution', CSS);
  let prompt = intProp(props.prompt, 'prompt', 0, 0, PROMPTS.length - 1);
  let id = choiceProp(props.format, 'format', IDS, IDS.includes('q4_0') ? 'q4_0' : IDS[0]!);
  let width = 640;

  const promptChoice = choiceGroup({ label: 'Prompt', role: 'prompt', value: String(prompt), options: PROMPTS.map((p, i) => ({ value: String(i), label: `“${p.prompt}…”` })), onChange: (v) => { prompt = Number(v); render(); } });
  const formatChoice = choiceGroup({ label: 'Compare float32 with', role: 'format', value: id, options: IDS.map((v) => ({ value: v, label: short(v) })), onChange: (v) => { id = v; render(); } });
  const promptText = h('p', { class: 'nd-prompt', 'data-role': 'prompt-text' });
  const svg = svgCanvas(width, HEIGHT, 'chart');
  svg.classList.add('qw-svg');
  const legend = h('div', { class: 'qw-legend' });
  const tableSlot = h('div', { class: 'fw-scroll' });
  const box = h('div', { class: 'fw qw' }, promptChoice.el, formatChoice.el, promptText, svg, legend, tableSlot,
    h('p', { class: 'qw-note' }, 'The course’s small character model, really run in float32 and quantized: its likeliest next characters after the prompt. Each KL is over all its characters, not only the ones drawn.'));
  root.append(box);
  const setAlt = liveDescription(root);

  function render(): void {
    const p = PROMPTS[prompt]!;
    const base = p.variants[0]!, row = p.variants.find((v) => v.id === id)!;
    const maxKl = Math.max(...p.variants.map((v) => v.kl));
    const i = p.shown.indexOf(base.top); // float32's favourite is always among the shown characters
    promptChoice.set(String(prompt));
    formatChoice.set(id);
    promptText.textContent = `${p.prompt}…`;
    drawBars(svg, p.shown, base.p, row.p, width);
    legend.replaceChildren(h('span', {}, h('span', { class: 'qw-swatch', style: 'background:var(--qw-cool)' }), base.label),
      h('span', {}, h('span', { class: 'qw-swatch', style: 'background:var(--qw-warm)' }), row.label));
    tableSlot.replaceChildren(h('table', { class: 'fw-table qw-table nd-table', 'data-role': 'kl-table' },
      h('caption', {}, 'KL(float32 ‖ quantized) for this one prediction: select a row to compare'),
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'format'), h('th', { scope: 'col' }, 'KL'), h('th', { scope: 'col', 'aria-hidden': 'true' }),
        h('th', { scope: 'col' }, `p(${quoted(base.top)})`), h('th', { scope: 'col' }, 'likeliest'))),
      h('tbody', {}, ...p.variants.slice(1).map((v) => {
        const tr = h('tr', { class: v.id === id ? 'qw-hi' : undefined, 'data-type': v.id },
          h('th', { scope: 'row' }, short(v.id)), h('td', { class: 'fw-mono', 'data-role': 'kl' }, fmt(v.kl, 3)),
          h('td', { 'aria-hidden': 'true' }, h('div', { class: 'nd-kl-bar', style: `width:${(100 * v.kl) / maxKl}%` })),
          h('td', { class: 'fw-mono' }, fmt(v.p[i]!, 3)), h('td', { 'data-role': 'top' }, quoted(v.top)));
        tr.addEventListener('click', () => { id = v.id; render(); });
        return tr;
      }))));
    setAlt(`After "${p.prompt}", float32 gives ${quoted(base.top)} a probability of ${fmt(base.p[i]!, 3)}; ${short(row.id)} gives it ${fmt(row.p[i]!, 3)} and its likeliest next character is ${quoted(row.top)}. ` +
      `KL(float32‖${short(row.id)}) = ${fmt(row.kl, 3)}. All formats: ${p.variants.slice(1).map((v) => `${short(v.id)} ${fmt(v.kl, 3)}`).join(', ')}.`);
  }
  return watchWidth(box, (w) => { width = w; render(); });
});

export default mount;
