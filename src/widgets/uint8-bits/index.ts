/**
 * uint8 bits (lessons/integers-as-bits.mdx): eight tappable bits, each labelled with its power of two, a slider over the
 * whole range, and a switch between unsigned and two's complement readings of the same bits.
 * Props: signed (boolean, default false).
 */
import { fromBits, intRange, toBits } from '../../core/index.ts';
import type { MountWidget } from '../types.ts';
import { h, injectStyle, liveDescription } from '../shared/dom.ts';
import { choiceGroup, roleSlider, rovingFocus } from '../shared/controls.ts';
import { guardedMount } from '../shared/guarded-mount.ts';

const WIDTH = 8;

const CSS = `
.u8-bits { display: grid; grid-template-columns: repeat(8, minmax(0, 4rem)); gap: 4px; }
.u8-bit { display: grid; gap: 2px; justify-items: center; font: inherit; padding: 0.35rem 0 0.3rem; cursor: pointer; min-width: 0;
  border: 1px solid var(--fw-border); border-radius: 0.4rem; background: var(--fw-bg); color: var(--fw-fg); }
.u8-bit[aria-pressed="true"] { background: color-mix(in srgb, var(--fw-accent) 90%, var(--fw-bg)); border-color: var(--fw-accent); color: var(--fw-on-accent); }
.u8-bit:hover { border-color: var(--fw-accent); }
.u8-digit { font-family: var(--fw-mono); font-size: 1.4rem; font-weight: 700; line-height: 1.1; }
.u8-weight { font-family: var(--fw-mono); font-size: 0.75rem; opacity: 0.85; }
.u8-weight.u8-neg { color: var(--fw-sign); font-weight: 700; }
.u8-bit[aria-pressed="true"] .u8-weight.u8-neg { color: var(--fw-on-accent); }
/* Small text on the accent needs full strength for 4.5:1. */
.u8-bit[aria-pressed="true"] .u8-weight { opacity: 1; }
.u8-value { font-family: var(--fw-mono); font-size: 2rem; margin: 0; line-height: 1.2; }
.u8-sum { font-family: var(--fw-mono); margin: 0; overflow-wrap: anywhere; }
`;

const mount: MountWidget = (root, props) => guardedMount(root, () => {
  injectStyle('uint8-bits', CSS);
  if (props.signed !== undefined && typeof props.signed !== 'boolean') throw new Error(`the "signed" prop must be true or false, got ${JSON.stringify(props.signed)}`);
  let signed = props.signed === true;
  let bits = toBits(signed ? -123 : 133, WIDTH);

  const grid = h('div', { class: 'u8-bits', role: 'group', 'aria-label': 'The 8 bits, most significant first' });
  const buttons = bits.map((_, i) => {
    const b = h('button', { type: 'button', class: 'u8-bit', 'data-role': 'bit', 'data-bit': WIDTH - 1 - i, tabindex: -1 },
      h('span', { class: 'u8-digit' }), ' ', h('span', { class: 'u8-weight' }));
    b.addEventListener('click', () => { bits = bits.map((v, j) => (j === i ? 1 - v : v)); render(); });
    grid.append(b);
    return b;
  });
  rovingFocus(grid, '.u8-bit')();

  const value = h('p', { class: 'u8-value', 'data-role': 'value' });
  const sum = h('p', { class: 'u8-sum', 'data-role': 'sum' });
  const other = h('p', { class: 'fw-muted', style: 'margin:0' });
  const range = () => intRange(WIDTH, signed);
  const slide = roleSlider({ label: 'Value', role: 'value-slider', min: range().min, max: range().max, step: 1, value: fromBits(bits, signed), onInput: (v) => { bits = toBits(v, WIDTH); render(); } });
  const mode = choiceGroup({
    label: 'Read as', role: 'signedness', value: signed ? 'signed' : 'unsigned',
    options: [{ value: 'unsigned', label: 'unsigned uint8' }, { value: 'signed', label: 'signed int8' }],
    onChange: (v) => { signed = v === 'signed'; render(); },
  });

  root.append(h('div', { class: 'fw' }, mode.el, grid, value, sum, other, slide.el));
  const setAlt = liveDescription(root);

  /** A bit's place value: 2^p, except the top bit of a signed reading, which counts −2^7. */
  const weight = (i: number) => (signed && i === 0 ? -1 : 1) * 2 ** (WIDTH - 1 - i);
  function render(): void {
    const n = fromBits(bits, signed);
    buttons.forEach((b, i) => {
      b.setAttribute('aria-pressed', String(bits[i] === 1));
      b.querySelector('.u8-digit')!.textContent = String(bits[i]);
      const w = b.querySelector('.u8-weight')!;
      w.textContent = String(weight(i));
      w.classList.toggle('u8-neg', weight(i) < 0);
      // Named as shown (the digit, then its place value), so a speech user can say what they see.
      b.setAttribute('aria-label', `${bits[i]} × ${weight(i)}, the bit worth ${weight(i)}`);
    });
    const terms = bits.flatMap((v, i) => (v ? [weight(i)] : []));
    const expr = terms.length ? terms.map((t, k) => (k === 0 ? String(t).replace('-', '−') : t < 0 ? `− ${-t}` : `+ ${t}`)).join(' ') : '0';
    value.textContent = String(n).replace('-', '−');
    sum.textContent = `${bits.join('')} = ${expr} = ${String(n).replace('-', '−')}`;
    const otherReading = fromBits(bits, !signed);
    other.textContent = `The same bits read as ${signed ? 'unsigned' : "signed (two's complement)"}: ${String(otherReading).replace('-', '−')}. Range: ${range().min} to ${range().max}.`;
    slide.input.min = String(range().min);
    slide.input.max = String(range().max);
    slide.set(n);
    setAlt(`Bits ${bits.join('')} read as ${signed ? "a signed two's complement" : 'an unsigned'} 8-bit integer: ${expr} = ${n}. Read the other way they mean ${otherReading}.`);
  }
  render();
});

export default mount;
