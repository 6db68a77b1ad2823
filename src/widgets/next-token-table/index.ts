/**
 * Next-token table (lessons/perplexity.mdx): the course model's real next-character probabilities at
 * each position of a short line (data.ts, measured by `npm run figures`). Pick a position (pointer,
 * or arrow keys along the text) to see the candidates, the probability of the character that really
 * came next, and its perplexity exp(−ln p), computed by the core's perplexity(); the whole line's
 * perplexity sits below. Props: position (0-based, default 1).
 */
import { perplexity } from '../../core/index.ts';
import type { MountWidget } from '../types.ts';
import { fmt, h, injectStyle, liveDescription } from '../shared/dom.ts';
import { rovingFocus } from '../shared/controls.ts';
import { guardedMount } from '../shared/guarded-mount.ts';
import { quoted, showChar } from '../shared/next-chars.ts';
import { intProp } from '../shared/quant-props.ts';
import { useQuantStyle } from '../shared/quant-style.ts';
import { correctP, FIRST, PREDICTIONS } from './data.ts';

const CSS = `
.nt-text { display: flex; flex-wrap: wrap; gap: 3px; font-size: 1.05rem; }
.nt-first { padding: 0.3rem 0.4rem; }
.nt-tok { font: inherit; color: var(--fw-fg); background: var(--fw-bg); border: 1px solid var(--fw-border); border-radius: 0.35rem;
  padding: 0.2rem 0.45rem; cursor: pointer; display: grid; line-height: 1.2; text-align: center; }
/* The word's perplexity, drawn from data-ppl: the name ("word, perplexity p") starts with the word shown. */
.nt-tok::after { content: attr(data-ppl); font-family: var(--fw-mono); font-size: 0.7rem; color: var(--fw-muted); }
.nt-tok[aria-pressed="true"] { border-color: var(--fw-accent); box-shadow: inset 0 0 0 2px var(--fw-accent); }
.nt-bar { height: 0.8rem; background: color-mix(in srgb, var(--fw-accent) 55%, var(--fw-bg)); border-radius: 0.15rem; min-width: 1px; }
.nt-right .nt-bar { background: var(--qw-good); }
.nt-cands td:nth-child(2) { width: 45%; }
.nt-result strong { font-family: var(--fw-mono); }
`;

const mount: MountWidget = (root, props) => guardedMount(root, () => {
  useQuantStyle();
  injectStyle('next-token-table', CSS);
  let pos = intProp(props.position, 'position', 1, 0, PREDICTIONS.length - 1);
  const ppl = (i: number) => perplexity([correctP(i)]);
  const textRow = h('div', { class: 'nt-text', role: 'group', 'aria-label': 'Positions in the text: arrow keys move' }, h('span', { class: 'nt-first', 'aria-hidden': 'true' }, FIRST));
  const buttons = PREDICTIONS.map((p, i) => {
    const name = p.correct === ' ' ? 'space' : p.correct;
    const b = h('button', { type: 'button', class: 'nt-tok', 'data-role': 'token', 'data-index': i, 'aria-pressed': 'false', 'data-ppl': fmt(ppl(i), 3), 'aria-label': `${name}, perplexity ${fmt(ppl(i), 3)}` },
      showChar(p.correct));
    b.addEventListener('click', () => { pos = i; render(); });
    return b;
  });
  textRow.append(...buttons);
  const context = h('p', { 'data-role': 'context' });
  const tableSlot = h('div', { class: 'fw-scroll' });
  const result = h('p', { class: 'nt-result qw-big', 'data-role': 'result' });
  const whole = h('p', { 'data-role': 'overall' });
  const all = PREDICTIONS.map((_, i) => correctP(i));
  whole.textContent = `Whole line: perplexity = exp(mean of −ln p over its ${all.length} predictions) = ${fmt(perplexity(all), 4)}.`;
  const box = h('div', { class: 'fw qw' }, h('p', { class: 'qw-note' }, 'The course’s small model (float32), which reads and predicts one character at a time: its real probabilities, measured by the course. Under each character: the perplexity of predicting it. Pick one to see the prediction.'),
    textRow, context, tableSlot, result, whole);
  root.append(box);
  const setAlt = liveDescription(root);
  rovingFocus(textRow, '.nt-tok', (el) => el.click())();

  function render(): void {
    buttons.forEach((b, i) => { b.setAttribute('aria-pressed', String(i === pos)); b.tabIndex = i === pos ? 0 : -1; });
    const pred = PREDICTIONS[pos]!;
    const prefix = FIRST + PREDICTIONS.slice(0, pos).map((p) => p.correct).join('');
    context.replaceChildren('After ', h('q', {}, prefix), ' the model predicts:');
    // The character that came next is shown even when it is not among the model's favourites.
    const rows = pred.candidates.some((c) => c.text === pred.correct) ? pred.candidates : [...pred.candidates, { text: pred.correct, p: pred.p }];
    const max = Math.max(...rows.map((c) => c.p));
    const rest = 1 - rows.reduce((a, c) => a + c.p, 0);
    tableSlot.replaceChildren(h('table', { class: 'fw-table qw-table nt-cands', 'data-role': 'candidates' },
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'next character'), h('th', { scope: 'col', 'aria-hidden': 'true' }), h('th', { scope: 'col' }, 'p'))),
      h('tbody', {}, ...rows.map((c) => h('tr', { class: c.text === pred.correct ? 'nt-right qw-hi' : undefined },
        h('td', {}, quoted(c.text), c.text === pred.correct ? ' ✓ correct' : ''),
        h('td', { 'aria-hidden': 'true' }, h('div', { class: 'nt-bar', style: `width:${(100 * c.p) / max}%` })),
        h('td', { class: 'fw-mono' }, fmt(c.p, 3)))),
      h('tr', {}, h('td', { class: 'fw-muted' }, 'everything else'), h('td', {}), h('td', { class: 'fw-mono fw-muted' }, fmt(rest, 3))))));
    const p = correctP(pos);
    result.replaceChildren(`p(${quoted(pred.correct)}) = ${fmt(p, 4)}, so its perplexity is exp(−ln ${fmt(p, 4)}) = `, h('strong', { 'data-role': 'ppl' }, fmt(ppl(pos), 4)), '.');
    setAlt(`Position ${pos + 1} of ${PREDICTIONS.length}: after "${prefix}", the top candidates are ${pred.candidates.map((c) => `${quoted(c.text)} ${fmt(c.p, 3)}`).join(', ')}. ` +
      `The correct character ${quoted(pred.correct)} had p = ${fmt(p, 4)}, perplexity ${fmt(ppl(pos), 4)}. ${whole.textContent}`);
  }
  render();
});

export default mount;
