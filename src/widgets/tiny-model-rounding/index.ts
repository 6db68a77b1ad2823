/**
 * Tiny model rounding (lessons/round-to-nearest.mdx): a fixed eight-weight model evaluated with its weights stored in
 * float32, bfloat16, fp8 E4M3FN and fp4 E2M1. fp4's smallest step is 0.5, so every weight under 0.25
 * rounds to 0 and the output collapses to 0 whatever the input. Props: input (starting s, default 1.5).
 */
import type { MountWidget } from '../types.ts';
import { fmt, h, injectStyle, liveDescription } from '../shared/dom.ts';
import { roleSlider } from '../shared/controls.ts';
import { guardedMount } from '../shared/guarded-mount.ts';
import { FORMAT_LABEL } from '../shared/floats-format.ts';
import { evaluate, MODEL_FORMATS, storedWeights, WEIGHTS } from './model.ts';

const CSS = `
.tm-zero { color: color-mix(in srgb, #e03131 75%, var(--fw-fg)); font-weight: 700; background: color-mix(in srgb, #e03131 14%, transparent); }
.tm-outputs { display: grid; grid-template-columns: minmax(5.5rem, auto) 1fr minmax(4.5rem, auto); gap: 0.35rem 0.6rem; align-items: center; }
.tm-track { position: relative; height: 1.1rem; border: 1px solid var(--fw-border); border-radius: 0.3rem; overflow: hidden; }
.tm-track::after { content: ""; position: absolute; left: 50%; top: 0; bottom: 0; border-left: 1px solid var(--fw-muted); }
.tm-bar { position: absolute; top: 0; bottom: 0; background: var(--fw-accent); }
.tm-val { font-family: var(--fw-mono); text-align: right; }
@media (max-width: 420px) { .fw .tm-table { font-size: 0.8rem; } .fw .tm-table th, .fw .tm-table td { padding: 0.2rem 0.25rem; } }
`;

const mount: MountWidget = (root, props) => guardedMount(root, () => {
  injectStyle('tiny-model-rounding', CSS);
  let input = props.input === undefined ? 1.5 : Number(props.input);
  if (!Number.isFinite(input) || Math.abs(input) > 3) throw new Error(`the "input" prop must be a number from -3 to 3, got ${JSON.stringify(props.input)}`);
  const stored = new Map(MODEL_FORMATS.map((n) => [n, storedWeights(n)]));

  // The weight table does not depend on the input: build it once.
  const table = h('table', { class: 'fw-table tm-table', 'data-role': 'weights' },
    h('thead', {}, h('tr', {}, h('th', {}, 'weight'), ...MODEL_FORMATS.map((n) => h('th', {}, FORMAT_LABEL[n])))),
    h('tbody', {}, ...WEIGHTS.map((_, i) => h('tr', {}, h('td', {}, `w${i + 1}`),
      ...MODEL_FORMATS.map((n) => {
        const w = stored.get(n)![i]!;
        return h('td', { class: `fw-mono${w === 0 ? ' tm-zero' : ''}`, title: w === 0 ? 'rounded to zero' : undefined }, fmt(w, 4));
      })))));
  const zeros = (n: (typeof MODEL_FORMATS)[number]) => stored.get(n)!.filter((w) => w === 0).length;
  const outputs = h('div', { class: 'tm-outputs', 'data-role': 'outputs' });
  const slide = roleSlider({ label: 'Input s', role: 'input', min: -3, max: 3, step: 0.1, value: input, format: (v) => fmt(v, 2), onInput: (v) => { input = v; render(); } });

  root.append(h('div', { class: 'fw' },
    h('p', { style: 'margin:0' }, 'output = tanh(w1·x1 + … + w8·x8), with inputs xᵢ proportional to s. The same eight weights, stored four ways:'),
    slide.el, outputs, h('div', { class: 'fw-scroll' }, table)));
  const setAlt = liveDescription(root);

  function render(): void {
    const ys = MODEL_FORMATS.map((n) => evaluate(stored.get(n)!, input));
    outputs.replaceChildren(...MODEL_FORMATS.flatMap((n, k) => {
      const y = ys[k]!;
      const bar = h('div', { class: 'tm-bar', style: `left:${50 + Math.min(0, y) * 50}%;width:${Math.abs(y) * 50}%` });
      return [h('span', {}, FORMAT_LABEL[n]), h('div', { class: 'tm-track', 'aria-hidden': 'true' }, bar), h('span', { class: 'tm-val', 'data-format': n }, fmt(y, 4))];
    }));
    setAlt(`Input s = ${fmt(input, 2)}. Outputs: ${MODEL_FORMATS.map((n, k) => `${FORMAT_LABEL[n]} ${fmt(ys[k]!, 4)}`).join(', ')}. ` +
      `Weights rounded to zero: ${MODEL_FORMATS.map((n) => `${FORMAT_LABEL[n]} ${zeros(n)} of ${WEIGHTS.length}`).join(', ')}.`);
  }
  render();
});

export default mount;
