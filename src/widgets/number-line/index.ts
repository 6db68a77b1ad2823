/**
 * Number lines (lessons/round-to-nearest.mdx, fp8-range.mdx): one line per format with its representable values as ticks; drag the value
 * (pointer, or arrow keys on the handle) and each line marks the value it would be rounded to, with the
 * error. Props: formats (comma-separated FORMATS keys; default "float16,bfloat16,e4m3fn,e2m1"), value (default 1.3).
 */
import type { FormatName } from '../../core/index.ts';
import type { MountWidget } from '../types.ts';
import { fmt, h, injectStyle, liveDescription, s } from '../shared/dom.ts';
import { linear, svgCanvas, ticks, watchWidth, xAxis } from '../shared/chart.ts';
import { choiceGroup } from '../shared/controls.ts';
import { guardedMount } from '../shared/guarded-mount.ts';
import { formatNames } from '../shared/floats-format.ts';
import { readoutTable, rounding } from './readout.ts';
import { drawRow } from './rows.ts';

const CSS = `
.nl-svg { touch-action: none; cursor: ew-resize; user-select: none; }
.nl-handle { outline: none; cursor: grab; }
.nl-handle line { stroke: var(--fw-fg); stroke-width: 2; }
.nl-handle rect { fill: var(--fw-fg); }
.nl-handle:focus-visible rect, .nl-handle:focus rect { fill: var(--fw-accent); }
.nl-handle:focus-visible line, .nl-handle:focus line { stroke: var(--fw-accent); stroke-width: 3; }
.nl-handle text { fill: var(--fw-bg); }
.nl-labels { pointer-events: none; }
`;

/** Widths of the view the zoom buttons offer. */
const ZOOMS = [{ value: '16', label: 'width 16' }, { value: '4', label: '4' }, { value: '1', label: '1' }, { value: '0.125', label: '1/8' }] as const;
const LEFT = 12, TOP = 8, ROW = 56;

const mount: MountWidget = (root, props) => guardedMount(root, () => {
  injectStyle('number-line', CSS);
  const names: FormatName[] = formatNames(props.formats, ['float16', 'bfloat16', 'e4m3fn', 'e2m1']);
  let value = props.value === undefined ? 1.3 : Number(props.value);
  if (!Number.isFinite(value)) throw new Error(`the starting value "${String(props.value)}" must be a finite number`);
  let width = 4;
  let lo = 0;
  /** Centre the view on the value, snapped to an eighth of the width so the ticks land on round numbers. */
  const recentre = () => { lo = Math.round((value - width / 2) / (width / 8)) * (width / 8); };
  recentre();

  const height = TOP + names.length * ROW + 26;
  let W = 640, RIGHT = W - LEFT;
  const svg = svgCanvas(W, height, 'lines');
  svg.classList.add('nl-svg');
  svg.removeAttribute('aria-hidden'); // it holds the focusable handle; the rows themselves are hidden below
  const rowsG = s('g', { 'aria-hidden': 'true' });
  const handle = s('g', { class: 'nl-handle', tabindex: 0, role: 'slider', 'data-role': 'handle', 'aria-label': 'Value to round', 'aria-orientation': 'horizontal' });
  // The rows' labels sit above the handle, outlined in the background colour, so its line passes behind them.
  const labelsG = s('g', { 'aria-hidden': 'true', class: 'nl-labels' });
  svg.append(rowsG, handle, labelsG);
  const tableSlot = h('div', { class: 'fw-scroll' });
  const zoom = choiceGroup({ label: 'View', role: 'zoom', value: '4', options: ZOOMS.map((z) => ({ ...z })), onChange: (v) => { width = Number(v); recentre(); render(); } });
  const box = h('div', { class: 'fw' }, zoom.el, svg, tableSlot);
  root.append(box);
  const setAlt = liveDescription(root);

  const xScale = () => linear(lo, lo + width, LEFT, RIGHT);
  /** Move the value, panning the view by half a width when the keyboard takes it past an edge. */
  const setValue = (v: number, pan: boolean) => {
    if (pan) { while (v > lo + width) lo += width / 2; while (v < lo) lo -= width / 2; }
    value = Math.min(lo + width, Math.max(lo, v));
    render();
  };
  const fromPointer = (e: PointerEvent) => {
    const r = svg.getBoundingClientRect();
    const vx = ((e.clientX - r.left) / r.width) * W;
    setValue(lo + ((vx - LEFT) / (RIGHT - LEFT)) * width, false);
  };
  svg.addEventListener('pointerdown', (e) => { svg.setPointerCapture(e.pointerId); fromPointer(e); (handle as unknown as HTMLElement).focus(); e.preventDefault(); });
  svg.addEventListener('pointermove', (e) => { if (svg.hasPointerCapture(e.pointerId)) fromPointer(e); });
  handle.addEventListener('keydown', (e) => {
    const step = { ArrowRight: 1, ArrowUp: 1, ArrowLeft: -1, ArrowDown: -1, PageUp: 10, PageDown: -10 }[e.key];
    if (e.key === 'Home') setValue(lo, false);
    else if (e.key === 'End') setValue(lo + width, false);
    else if (step !== undefined) setValue(value + (step * (e.shiftKey ? 10 : 1) * width) / 200, true);
    else return;
    e.preventDefault();
  });

  function render(): void {
    const x = xScale();
    const geometry = { x, left: LEFT, right: RIGHT, top: TOP, rowHeight: ROW };
    rowsG.replaceChildren(...names.map((n, i) => drawRow(n, i, lo, lo + width, value, geometry)),
      xAxis(ticks(lo, lo + width, Math.max(3, Math.floor(W / 80))), x, TOP + names.length * ROW + 2, LEFT, RIGHT));
    labelsG.replaceChildren(...rowsG.querySelectorAll('.nl-row > text'));
    const px = x(value);
    handle.replaceChildren(s('line', { x1: px, x2: px, y1: TOP, y2: TOP + names.length * ROW - 6 }),
      s('rect', { x: px - 7, y: TOP, width: 14, height: 14, rx: 3 }));
    handle.setAttribute('aria-valuenow', String(value));
    handle.setAttribute('aria-valuemin', String(lo));
    handle.setAttribute('aria-valuemax', String(lo + width));
    handle.setAttribute('aria-valuetext', fmt(value, 6));
    tableSlot.replaceChildren(readoutTable(value, names));
    setAlt(`Value ${fmt(value, 6)}, view from ${fmt(lo, 4)} to ${fmt(lo + width, 4)}. ${names.map((n) => rounding(value, n).text).join('; ')}.`);
  }
  // Draw at the figure's own width (1 unit per pixel), again whenever it changes.
  return watchWidth(box, (w) => { W = w; RIGHT = W - LEFT; svg.setAttribute('viewBox', `0 0 ${W} ${height}`); render(); });
});

export default mount;
