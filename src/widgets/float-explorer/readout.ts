/** The explorer's readouts: the stored value with its guaranteed digits underlined, the decoding formula, the neighbours. */
import { decodeFloat, fieldsOf, guaranteedDigits, isNaNCode, nextDown, nextUp, totalBits, type FloatFormat } from '../../core/index.ts';
import { fmt, h } from '../shared/dom.ts';
import { exactDecimal, splitSignificant } from '../shared/floats-decimal.ts';
import { hexCode } from '../shared/floats-format.ts';

/** The value line: exact decimal, first guaranteedDigits significant digits underlined. */
export function valueLine(code: number, f: FloatFormat): HTMLElement {
  const text = exactDecimal(decodeFloat(code, f));
  const [before, sure, after] = splitSignificant(text, guaranteedDigits(f));
  return h('p', { class: 'fx-value', 'data-role': 'value' }, before, sure && h('u', { title: `the ${guaranteedDigits(f)} significant digits ${f.name} always keeps` }, sure), after);
}

/** The decoding formula filled in with this code's fields (or what the special code means). */
export function formulaLine(code: number, f: FloatFormat): HTMLElement {
  const { sign, exponent, significand } = fieldsOf(code, f);
  const value = decodeFloat(code, f);
  const eMax = 2 ** f.exponentBits - 1, M = f.significandBits;
  const span = (cls: string, t: string | number) => h('span', { class: cls }, String(t));
  const p = h('p', { class: 'fx-formula', 'data-role': 'formula' });
  if (isNaNCode(code, f)) {
    p.append(f.specials === 'nan-only' ? 'Exponent and significand all ones: NaN, the only special code of this format.' : 'Exponent all ones, significand not zero: NaN (not a number).');
  } else if (f.specials === 'ieee' && exponent === eMax) {
    p.append(`Exponent all ones, significand zero: ${sign ? '−' : '+'}Infinity.`);
  } else if (exponent === 0) {
    p.append('(−1)^', span('fx-sign-t', sign), ' × 2^(1 − ', String(f.bias), ') × (0 + ', span('fx-sig-t', significand), ` / 2^${M}) = ${fmt(value, 10)}`,
      h('span', { class: 'fw-muted' }, significand === 0 ? '  (zero)' : '  (subnormal: no hidden 1)'));
  } else {
    p.append('(−1)^', span('fx-sign-t', sign), ' × 2^(', span('fx-exp-t', exponent), ` − ${f.bias}) × (1 + `, span('fx-sig-t', significand), ` / 2^${M}) = ${fmt(value, 10)}`);
  }
  return p;
}

/** The code in hex and its neighbours below and above, with the gap to the next one up. */
export function metaLine(code: number, f: FloatFormat): HTMLElement {
  const up = decodeFloat(nextUp(code, f), f), down = decodeFloat(nextDown(code, f), f), v = decodeFloat(code, f);
  const gap = Number.isFinite(up - v) && up !== v ? `, gap ${fmt(up - v, 4)}` : '';
  return h('p', { class: 'fx-meta', 'data-role': 'neighbours' },
    `code ${hexCode(code, totalBits(f))} · previous ${fmt(down, 8)} · next ${fmt(up, 8)}${gap}`);
}
