/**
 * Sliding window (lessons/perplexity.mdx): a context window moves along a line one character at a time; at
 * each step the course model, seeing only the window, predicts the character just after it (its real
 * probabilities, data.ts), and the widget adds that character's −ln p to a running total. The running
 * perplexity, exp(mean −ln p), comes from the core. Step with the buttons (or ←/→ on the line), or
 * play; with reduced motion the window jumps without sliding. Props: window (characters the model
 * sees, one of the measured lengths 1–8, default 4).
 */
import { perplexity } from '../../core/index.ts';
import type { MountWidget } from '../types.ts';
import { fmt, h, injectStyle, liveDescription, prefersReducedMotion } from '../shared/dom.ts';
import { button } from '../shared/controls.ts';
import { guardedMount } from '../shared/guarded-mount.ts';
import { intProp } from '../shared/quant-props.ts';
import { useQuantStyle } from '../shared/quant-style.ts';
import { showChar } from '../shared/next-chars.ts';
import { TOKENS, WINDOW_LENGTHS, windowProbabilities } from './data.ts';

const CSS = `
.sw-text { font-size: 1.05rem; line-height: 2; padding: 0.4rem; border-radius: 0.4rem; }
.sw-text:focus-visible { outline: 3px solid var(--fw-accent); outline-offset: 2px; }
.sw-tok { padding: 0.15rem 0.05rem; border-bottom: 3px solid transparent; font-family: var(--fw-mono); white-space: pre-wrap; }
.sw-tok.sw-win { background: color-mix(in srgb, var(--fw-accent) 18%, transparent); }
.sw-tok.sw-target { border-bottom-color: var(--qw-warm); font-weight: 700; }
.sw-tok.sw-done { color: var(--fw-muted); }
@media (prefers-reduced-motion: no-preference) { .sw-tok { transition: background-color 250ms ease-out, border-color 250ms ease-out; } }
.sw-stats { display: grid; grid-template-columns: repeat(auto-fit, minmax(9rem, 1fr)); gap: 0.5rem; }
.sw-stat { border: 1px solid var(--fw-border); border-radius: 0.4rem; padding: 0.35rem 0.6rem; }
.sw-stat b { display: block; font-family: var(--fw-mono); font-size: 1.15rem; }
.sw-stat span { font-size: 0.8rem; color: var(--fw-muted); }
`;

const mount: MountWidget = (root, props) => guardedMount(root, () => {
  useQuantStyle();
  injectStyle('sliding-window', CSS);
  const win = intProp(props.window, 'window', 4, WINDOW_LENGTHS[0]!, WINDOW_LENGTHS.at(-1)!);
  const P = windowProbabilities(win); // P[i]: the probability of TOKENS[i + 1]
  const steps = TOKENS.length - 1; // every character but the first gets predicted
  let step = 0; // predictions scored so far
  let timer: ReturnType<typeof setInterval> | undefined;

  const spans = TOKENS.map((t, i) => h('span', { class: 'sw-tok', 'data-index': i }, t));
  const text = h('div', { class: 'sw-text', tabindex: 0, role: 'group', 'data-role': 'text', 'aria-label': 'The line: left and right arrows step the window' }, ...spans);
  const prev = button('◀ Back', 'prev', () => { stop(); go(step - 1); });
  const next = button('Step ▶', 'next', () => { stop(); go(step + 1); });
  const play = button('Play', 'play', () => (timer ? stop() : start()), { 'aria-pressed': 'false' });
  const reset = button('Reset', 'reset', () => { stop(); go(0); });
  const stats = h('div', { class: 'sw-stats', 'data-role': 'stats' });
  const current = h('p', { 'data-role': 'current' });
  const box = h('div', { class: 'fw qw' }, h('div', { class: 'fw-row' }, prev, next, play, reset), text, current, stats,
    h('p', { class: 'qw-note' }, `The course’s small model, really run with only the shaded window (${win} character${win > 1 ? 's' : ''}) in view; it predicts the underlined character.`));
  root.append(box);
  const setAlt = liveDescription(root);
  text.addEventListener('keydown', (e) => {
    const d = { ArrowRight: 1, ArrowLeft: -1 }[e.key];
    if (e.key === 'Home') go(0);
    else if (e.key === 'End') go(steps);
    else if (d) go(step + d);
    else return;
    stop();
    e.preventDefault();
  });

  function start(): void {
    if (step >= steps) go(0);
    play.textContent = 'Pause';
    play.setAttribute('aria-pressed', 'true');
    // Reduced motion: the window still advances when asked, but slowly and without sliding.
    timer = setInterval(() => (step >= steps ? stop() : go(step + 1)), prefersReducedMotion() ? 1800 : 900);
  }
  function stop(): void {
    if (timer) clearInterval(timer);
    timer = undefined;
    play.textContent = 'Play';
    play.setAttribute('aria-pressed', 'false');
  }
  function go(s: number): void {
    step = Math.max(0, Math.min(steps, s));
    render();
  }

  function render(): void {
    // After `step` predictions the window ends at token `step` and the target is token step + 1.
    const target = step + 1;
    spans.forEach((el, i) => {
      el.classList.toggle('sw-win', step < steps && i <= step && i > step - win);
      el.classList.toggle('sw-target', i === target);
      el.classList.toggle('sw-done', i >= 1 && i <= step && !(i > step - win));
    });
    const ps = P.slice(0, step);
    const nll = ps.reduce((a, p) => a - Math.log(p), 0);
    const running = ps.length ? perplexity(ps) : NaN;
    const stat = (label: string, value: string, role: string) => h('div', { class: 'sw-stat' }, h('b', { 'data-role': role }, value), h('span', {}, label));
    stats.replaceChildren(stat('predictions scored', `${step} / ${steps}`, 'scored'), stat('sum of −ln p', fmt(nll, 4), 'nll'),
      stat('mean −ln p', ps.length ? fmt(nll / ps.length, 4) : '—', 'mean'), stat('running perplexity', ps.length ? fmt(running, 4) : '—', 'ppl'));
    const last = step > 0 ? { text: TOKENS[step]!, p: P[step - 1]! } : null;
    current.textContent = step >= steps
      ? `Done: the line’s perplexity with a window of ${win} is ${fmt(running, 4)}.`
      : `Next: after “${TOKENS.slice(Math.max(0, step - win + 1), step + 1).join('')}”, predict “${showChar(TOKENS[target]!)}” (p = ${fmt(P[step]!, 3)}).`;
    prev.disabled = step === 0;
    next.disabled = step >= steps;
    setAlt(`${step} of ${steps} predictions scored${last ? `; the last was “${showChar(last.text)}” with p = ${fmt(last.p, 3)}, −ln p = ${fmt(-Math.log(last.p), 4)}` : ''}. ` +
      `Sum of −ln p ${fmt(nll, 4)}, running perplexity ${ps.length ? fmt(running, 4) : 'not defined yet'}. ${current.textContent}`);
  }
  render();
  return stop;
});

export default mount;
