/** The explorer's row of bit buttons, grouped and tinted by field; each button toggles one bit. */
import { totalBits, type FloatFormat } from '../../core/index.ts';
import { h } from '../shared/dom.ts';
import { rovingFocus } from '../shared/controls.ts';

/** Which field bit position p (0 = least significant) belongs to. */
function fieldOf(p: number, f: FloatFormat): 'sign' | 'exponent' | 'significand' {
  if (p === totalBits(f) - 1) return 'sign';
  return p >= f.significandBits ? 'exponent' : 'significand';
}

/** What one bit is worth, said in words for its accessible name. */
function bitMeaning(p: number, f: FloatFormat): string {
  const field = fieldOf(p, f);
  if (field === 'sign') return 'sign bit';
  if (field === 'exponent') return `exponent bit worth ${2 ** (p - f.significandBits)}`;
  return `significand bit worth 2^${p - f.significandBits}`;
}

/** Whether bit p of a code is set (codes are plain numbers, up to 2^32 for float32). */
export const bitAt = (code: number, p: number): boolean => Math.floor(code / 2 ** p) % 2 === 1;

/** Build the bit buttons for format f; `onToggle(p)` flips bit p. Returns the element and an update(code). */
export function bitRow(f: FloatFormat, onToggle: (p: number) => void): { el: HTMLElement; update: (code: number) => void } {
  const n = totalBits(f);
  // One grid column per bit: the row fits the figure's width and wraps to 16 per line on phones.
  const grid = h('div', { class: 'fx-bits', role: 'group', 'aria-label': `The ${n} bits of the ${f.name} code`, style: `--fx-n: ${n}` });
  const legend = h('p', { class: 'fx-legend' },
    h('span', { class: 'fx-key fx-sign' }, 'sign (1 bit)'),
    h('span', { class: 'fx-key fx-exp' }, `exponent (${f.exponentBits} bits)`),
    f.significandBits > 0 && h('span', { class: 'fx-key fx-sig' }, `significand (${f.significandBits} bits)`));
  const el = h('div', { class: 'fx-bits-wrap' }, legend, grid);
  const buttons: HTMLButtonElement[] = [];
  for (let p = n - 1; p >= 0; p--) {
    const field = fieldOf(p, f);
    const cls = field === 'sign' ? 'fx-sign' : field === 'exponent' ? 'fx-exp' : 'fx-sig';
    const first = p === n - 2 || (p === f.significandBits - 1 && field === 'significand') ? ' fx-first' : '';
    const b = h('button', { type: 'button', class: `fx-bit ${cls}${first}`, 'data-role': 'bit', 'data-bit': p, 'aria-pressed': 'false', tabindex: -1 }, '0');
    b.addEventListener('click', () => onToggle(p));
    buttons[p] = b;
    grid.append(b);
  }
  rovingFocus(grid, '.fx-bit')();
  return {
    el,
    update(code) {
      for (let p = 0; p < n; p++) {
        const on = bitAt(code, p);
        const b = buttons[p]!;
        b.textContent = on ? '1' : '0';
        b.setAttribute('aria-pressed', String(on));
        b.setAttribute('aria-label', `${bitMeaning(p, f)}: ${on ? 1 : 0}`);
      }
    },
  };
}

/** Flip bit p of a code without 32-bit integer overflow. */
export const flipBit = (code: number, p: number): number => (bitAt(code, p) ? code - 2 ** p : code + 2 ** p);
