/** The error table and the value editors of the integer-grid widgets (symmetric-grid, asymmetric-grid). */
import { fmt, h } from './dom.ts';
import { pct, signed } from './quant-props.ts';
import { hueOf } from './quant-style.ts';
import type { GridData } from './quant-grid-chart.ts';

/** value, q, dequantized, error per value; the footer holds the mean absolute relative error. */
export function errorTable(d: GridData, meanRelError: number, highlight: number, extraRows = 0): HTMLTableElement {
  const rows = d.values.map((v, i) => {
    const back = d.dequantized[i]!;
    const rel = v === 0 ? '—' : pct(Math.abs(back - v) / Math.abs(v));
    return h('tr', { class: i === highlight ? 'qw-hi' : undefined, 'data-index': i },
      h('td', {}, h('span', { class: 'qw-swatch', style: `background:${hueOf(i)}` }), i >= d.values.length - extraRows ? `${i + 1} (outlier)` : String(i + 1)),
      h('td', { class: 'fw-mono' }, fmt(v, 4)),
      h('td', { class: 'fw-mono', 'data-role': 'q' }, String(d.q[i])),
      h('td', { class: 'fw-mono', 'data-role': 'dequantized' }, fmt(back, 4)),
      h('td', { class: 'fw-mono' }, signed(back - v, 3)),
      h('td', { class: 'fw-mono' }, rel));
  });
  return h('table', { class: 'fw-table qw-table', 'data-role': 'errors' },
    h('thead', {}, h('tr', {}, ...['#', 'value v', 'q', 'v̂', 'v̂ − v', '|v̂ − v| / |v|'].map((t) => h('th', { scope: 'col' }, t)))),
    h('tbody', {}, ...rows),
    h('tfoot', {}, h('tr', {}, h('td', { colspan: 5 }, 'mean absolute relative error'), h('td', { class: 'fw-mono', 'data-role': 'mean-error' }, pct(meanRelError)))));
}

/**
 * One number input per value. `onValue(i, v)` gets each valid edit; an invalid one is marked and
 * explained in `errorSlot`, and the widget keeps showing the last valid value.
 */
export function valueEditors(values: readonly number[], errorSlot: HTMLElement, onValue: (i: number, v: number) => void, onFocus: (i: number) => void): { el: HTMLElement; sync: (values: readonly number[]) => void } {
  const inputs = values.map((v, i) => {
    const input = h('input', { class: 'qw-input', type: 'number', step: 0.01, inputmode: 'decimal', value: String(v), 'data-role': 'value', 'data-index': i, 'aria-label': `value ${i + 1}` });
    input.addEventListener('input', () => {
      const t = input.value.trim();
      const n = Number(t);
      if (t === '' || !Number.isFinite(n) || Math.abs(n) > 1e6) {
        input.setAttribute('aria-invalid', 'true');
        errorSlot.textContent = `Value ${i + 1} must be a number between −1,000,000 and 1,000,000${t ? `; "${t}" is not` : ''}. The figure still shows the last valid value.`;
        return;
      }
      input.removeAttribute('aria-invalid');
      if (!inputs.some((x) => x.getAttribute('aria-invalid'))) errorSlot.textContent = '';
      onValue(i, n);
    });
    input.addEventListener('focus', () => onFocus(i));
    return input;
  });
  const el = h('div', { class: 'fw-row', role: 'group', 'aria-label': 'Values to quantize' }, h('span', { class: 'fw-seg-label', 'aria-hidden': 'true' }, 'Values'), ...inputs);
  return {
    el,
    // Show values changed elsewhere (dragging, reset) without disturbing the input being typed in.
    sync(vs) {
      vs.forEach((v, i) => {
        const input = inputs[i];
        if (!input || document.activeElement === input && Number(input.value) === v) return;
        input.value = String(Number(v.toFixed(4)));
        input.removeAttribute('aria-invalid');
      });
      if (!inputs.some((x) => x.getAttribute('aria-invalid'))) errorSlot.textContent = '';
    },
  };
}
