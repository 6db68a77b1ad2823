/**
 * Float explorer (lessons/floats.mdx, smaller-floats.mdx): the bits of one float, coloured by field and each toggleable; the
 * value with its guaranteed digits underlined, the decoding formula, previous/next representable
 * values, reset, and typing a number to round it in. Props: format (a FORMATS key, or "all" for a
 * selector; default "float32"), value (the starting number; default 0.1).
 */
import {
  decodeFloat, encodeFloat, FORMATS, guaranteedDigits, maxFinite, minSubnormal, nanCode, infinityCode, nextDown, nextUp, type FormatName,
} from '../../core/index.ts';
import type { MountWidget } from '../types.ts';
import { fmt, h, injectStyle, liveDescription } from '../shared/dom.ts';
import { button, selectBox } from '../shared/controls.ts';
import { guardedMount } from '../shared/guarded-mount.ts';
import { bitGroups, FORMAT_LABEL, FORMAT_NAMES, formatName, hexCode } from '../shared/floats-format.ts';
import { bitRow, flipBit } from './bits.ts';
import { parseTyped, roundTyped } from './input.ts';
import { formulaLine, metaLine, valueLine } from './readout.ts';
import { EXPLORER_CSS } from './style.ts';

const mount: MountWidget = (root, props) => guardedMount(root, () => {
  injectStyle('float-explorer', EXPLORER_CSS);
  const all = props.format === 'all';
  let name: FormatName = all ? 'float32' : formatName(props.format, 'float32');
  const start = props.value === undefined ? 0.1 : Number(props.value);
  if (Number.isNaN(start) && props.value !== 'NaN') throw new Error(`the starting value "${String(props.value)}" is not a number`);
  let code = encodeFloat(start, FORMATS[name]);
  let typedNote = '';

  const wrap = h('div', { class: 'fw' });
  const bitsSlot = h('div');
  const valueSlot = h('div');
  const jumps = h('div', { class: 'fw-row', role: 'group', 'aria-label': 'Jump to a value' });
  const note = h('p', { class: 'fx-meta', 'data-role': 'rounded', 'aria-live': 'off' });
  const input = h('input', { type: 'text', class: 'fx-input', 'data-role': 'input', inputmode: 'decimal', value: String(start), 'aria-label': 'A number to round into the format' });
  let bits = bitRow(FORMATS[name], () => {});

  const f = () => FORMATS[name];
  const setCode = (c: number, why = '') => { code = c; typedNote = why; render(); };
  const typeIn = () => {
    const x = parseTyped(input.value);
    const r = typeof x === 'object' ? x : roundTyped(x, f());
    if ('error' in r) { note.textContent = r.error; note.classList.add('fw-error'); setAlt(`${describe()} ${r.error}`); return; }
    note.classList.remove('fw-error');
    setCode(r.code, r.message);
  };
  input.addEventListener('keydown', (e) => { if (e.key === 'Enter') typeIn(); });

  const rebuildFormat = () => {
    bits = bitRow(f(), (p) => setCode(flipBit(code, p)));
    bitsSlot.replaceChildren(bits.el);
    jumps.replaceChildren(h('span', { class: 'fw-seg-label' }, 'Jump to'));
    const targets: [string, () => number][] = [['0', () => 0], ['1', () => encodeFloat(1, f())], ['max', () => encodeFloat(maxFinite(f()), f())], ['smallest', () => encodeFloat(minSubnormal(f()), f())]];
    if (f().specials === 'ieee') targets.push(['+Inf', () => infinityCode(f())]);
    if (f().specials !== 'none') targets.push(['NaN', () => nanCode(f())]);
    for (const [label, to] of targets) jumps.append(button(label, 'jump', () => setCode(to()), { 'data-value': label }));
  };

  const controls = h('div', { class: 'fw-row' },
    button('◀ previous', 'prev', () => setCode(nextDown(code, f()))),
    button('next ▶', 'next', () => setCode(nextUp(code, f()))),
    button('reset', 'reset', () => { input.value = String(start); setCode(encodeFloat(start, f())); }),
  );
  const typing = h('div', { class: 'fw-row' }, input, button('round it in', 'round', typeIn));
  const header = all ? selectBox({
    label: 'Format', role: 'format', value: name,
    options: FORMAT_NAMES.map((n) => ({ value: n, label: FORMAT_LABEL[n] })),
    onChange: (n) => {
      const v = decodeFloat(code, f());
      name = n;
      rebuildFormat();
      // Carry the value over, rounded into the new format (a format without NaN gets 0 instead).
      const r = roundTyped(v, f());
      setCode('error' in r ? 0 : r.code, 'error' in r ? `${f().name} has no NaN, so the explorer starts at 0.` : `Carried over: ${r.message}`);
    },
  }) : h('p', { class: 'fx-meta' }, `${FORMAT_LABEL[name]}: 1 sign bit, ${f().exponentBits} exponent bits, ${f().significandBits} significand bits`);

  wrap.append(header, bitsSlot, valueSlot, controls, jumps, typing, note);
  root.append(wrap);
  const setAlt = liveDescription(root);

  function describe(): string {
    const v = decodeFloat(code, f());
    const up = decodeFloat(nextUp(code, f()), f());
    return `${FORMAT_LABEL[name]} bits ${bitGroups(code, f())} (${hexCode(code, 1 + f().exponentBits + f().significandBits)}) stand for ${fmt(v, 10)}. ` +
      `The next representable value up is ${fmt(up, 10)}. ${f().name} always keeps ${guaranteedDigits(f())} significant digits, underlined.`;
  }
  function render(): void {
    bits.update(code);
    valueSlot.replaceChildren(valueLine(code, f()), formulaLine(code, f()), metaLine(code, f()));
    note.textContent = typedNote;
    note.classList.remove('fw-error');
    setAlt(`${describe()}${typedNote ? ' ' + typedNote : ''}`);
  }
  rebuildFormat();
  render();
});

export default mount;
