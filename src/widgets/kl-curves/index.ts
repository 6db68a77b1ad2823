/**
 * KL curves (lessons/kl-divergence.mdx): two bell-shaped distributions P and Q over the outcomes 0–24, each the
 * softmax of −((x − mean) / width)² / 2. Sliders shift and squash them; the core's klDivergence gives
 * KL(P‖Q) and KL(Q‖P): zero only when the two match, and in general not equal to each other.
 * Props: pMean, pWidth, qMean, qWidth (defaults 10, 3, 14, 2).
 */
import { klDivergence, softmax } from '../../core/index.ts';
import type { MountWidget } from '../types.ts';
import { fmt, h, injectStyle, liveDescription } from '../shared/dom.ts';
import { svgCanvas, watchWidth } from '../shared/chart.ts';
import { button, roleSlider } from '../shared/controls.ts';
import { guardedMount } from '../shared/guarded-mount.ts';
import { useQuantStyle } from '../shared/quant-style.ts';
import { CHART_HEIGHT, drawCurves } from './chart.ts';

const CSS = `
.kl-p { fill: var(--qw-cool); }
.kl-q { fill: color-mix(in srgb, var(--qw-warm) 30%, transparent); stroke: var(--qw-warm); stroke-width: 1.2; }
.kl-sliders { display: grid; grid-template-columns: repeat(auto-fit, minmax(16rem, 1fr)); gap: 0.4rem 1.2rem; }
.kl-out { display: grid; grid-template-columns: repeat(auto-fit, minmax(12rem, 1fr)); gap: 0.5rem; }
.kl-out div { border: 1px solid var(--fw-border); border-radius: 0.4rem; padding: 0.35rem 0.6rem; }
.kl-out b { font-family: var(--fw-mono); font-size: 1.2rem; display: block; }
`;

const N = 25;

/** A bell over 0 … N−1 as a probability distribution, via the core's softmax of a quadratic logit. */
const bell = (mean: number, width: number): Float64Array => softmax(Array.from({ length: N }, (_, x) => -(((x - mean) / width) ** 2) / 2));

/** A number prop within [min, max], or the fallback. */
function num(prop: unknown, name: string, fallback: number, min: number, max: number): number {
  if (prop === undefined) return fallback;
  const v = Number(prop);
  if (!Number.isFinite(v) || v < min || v > max) throw new Error(`the "${name}" prop must be a number from ${min} to ${max}, got ${JSON.stringify(prop)}`);
  return v;
}

const mount: MountWidget = (root, props) => guardedMount(root, () => {
  useQuantStyle();
  injectStyle('kl-curves', CSS);
  const st = { pMean: num(props.pMean, 'pMean', 10, 0, N - 1), pWidth: num(props.pWidth, 'pWidth', 3, 0.5, 8), qMean: num(props.qMean, 'qMean', 14, 0, N - 1), qWidth: num(props.qWidth, 'qWidth', 2, 0.5, 8) };
  let width = 640;
  const mk = (key: keyof typeof st, label: string, role: string, min: number, max: number) =>
    roleSlider({ label, role, min, max, step: 0.5, value: st[key], format: (v) => fmt(v, 3), onInput: (v) => { st[key] = v; render(); } });
  const sliders = { pMean: mk('pMean', 'P mean', 'p-mean', 0, N - 1), pWidth: mk('pWidth', 'P width', 'p-width', 0.5, 8), qMean: mk('qMean', 'Q mean', 'q-mean', 0, N - 1), qWidth: mk('qWidth', 'Q width', 'q-width', 0.5, 8) };
  const match = button('Make Q match P', 'match', () => { st.qMean = st.pMean; st.qWidth = st.pWidth; render(); });
  const swap = button('Swap P and Q', 'swap', () => { [st.pMean, st.qMean, st.pWidth, st.qWidth] = [st.qMean, st.pMean, st.qWidth, st.pWidth]; render(); });
  const svg = svgCanvas(width, CHART_HEIGHT, 'chart');
  svg.classList.add('qw-svg');
  const out = h('div', { class: 'kl-out' });
  const verdict = h('p', { 'data-role': 'verdict' });
  const box = h('div', { class: 'fw qw' },
    h('div', { class: 'kl-sliders' }, sliders.pMean.el, sliders.qMean.el, sliders.pWidth.el, sliders.qWidth.el),
    h('div', { class: 'fw-row' }, match, swap), svg,
    h('div', { class: 'qw-legend' }, h('span', {}, h('span', { class: 'qw-swatch', style: 'background:var(--qw-cool)' }), 'P (e.g. the original model)'),
      h('span', {}, h('span', { class: 'qw-swatch', style: 'background:var(--qw-warm)' }), 'Q (e.g. the quantized model)')),
    out, verdict);
  root.append(box);
  const setAlt = liveDescription(root);

  function render(): void {
    for (const k of Object.keys(sliders) as (keyof typeof st)[]) sliders[k].set(st[k]);
    const p = bell(st.pMean, st.pWidth), q = bell(st.qMean, st.qWidth);
    drawCurves(svg, p, q, width);
    const pq = klDivergence(p, q), qp = klDivergence(q, p);
    const cell = (label: string, v: number, role: string) => h('div', {}, h('b', { 'data-role': role }, fmt(v, 4)), label);
    out.replaceChildren(cell('KL(P‖Q) = Σ p ln(p / q)', pq, 'kl-pq'), cell('KL(Q‖P), the other way round', qp, 'kl-qp'));
    const same = st.pMean === st.qMean && st.pWidth === st.qWidth;
    verdict.textContent = same
      ? 'P and Q are the same distribution, so both divergences are 0: the only way to get 0.'
      : `The distributions differ, so both divergences are above 0, and they are not equal: KL(P‖Q) − KL(Q‖P) = ${fmt(pq - qp, 3)}.`;
    setAlt(`P has mean ${fmt(st.pMean, 3)} and width ${fmt(st.pWidth, 3)}; Q has mean ${fmt(st.qMean, 3)} and width ${fmt(st.qWidth, 3)}. ` +
      `KL(P‖Q) = ${fmt(pq, 4)}, KL(Q‖P) = ${fmt(qp, 4)}. ${verdict.textContent}`);
  }
  return watchWidth(box, (w) => { width = w; render(); });
});

export default mount;
