/**
 * Sine in every format (lessons/smaller-floats.mdx): one period of sin drawn after rounding each sample into float32,
 * float16, bfloat16, fp8 E4M3FN, fp8 E5M2 and fp4 E2M1 (the core's roundToFormat); 1x/30x/200x zoom
 * shows the staircases the coarse formats make. Props: formats (comma-separated FORMATS keys).
 */
import type { FormatName } from '../../core/index.ts';
import type { MountWidget } from '../types.ts';
import { fmt, h, injectStyle, liveDescription, prefersReducedMotion, s } from '../shared/dom.ts';
import { linear, svgCanvas, watchWidth } from '../shared/chart.ts';
import { choiceGroup } from '../shared/controls.ts';
import { guardedMount } from '../shared/guarded-mount.ts';
import { FORMAT_LABEL, formatNames } from '../shared/floats-format.ts';
import { SERIES } from '../shared/floats-style.ts';
import { sampleView, summarise, viewAt, type View } from './sample.ts';

const CSS = `
.sf-legend { display: flex; flex-wrap: wrap; gap: 4px; }
.sf-key { display: inline-flex; align-items: center; gap: 0.4rem; }
.sf-key svg { width: 28px; height: 10px; }
.sf-key[aria-pressed="false"] { opacity: 0.55; text-decoration: line-through; }
.fw .sf-key[aria-pressed="true"] { background: var(--fw-bg); color: var(--fw-fg); border-color: var(--fw-fg); }
.sf-exact { stroke: var(--fw-muted); stroke-width: 1; fill: none; stroke-dasharray: 2 3; }
`;
const SAMPLES = 500;
const ZOOMS = [{ value: '1', label: '1x' }, { value: '30', label: '30x' }, { value: '200', label: '200x' }];

const mount: MountWidget = (root, props) => guardedMount(root, () => {
  injectStyle('sine-formats', CSS);
  const names = formatNames(props.formats, ['float32', 'float16', 'bfloat16', 'e4m3fn', 'e5m2', 'e2m1']);
  const shown = new Set<FormatName>(names);
  let zoom = 1, width = 640, frame = 0;
  const svg = svgCanvas(width, 300, 'plot');
  const clipId = `sf-clip-${Math.random().toString(36).slice(2, 8)}`;

  const legend = h('div', { class: 'sf-legend', role: 'group', 'aria-label': 'Formats to draw' });
  for (const n of names) {
    const st = SERIES[n]!;
    const swatch = s('svg', { viewBox: '0 0 28 10', 'aria-hidden': 'true' }, s('line', { x1: 0, x2: 28, y1: 5, y2: 5, stroke: st.color, 'stroke-width': 3, 'stroke-dasharray': st.dash }));
    const b = h('button', { type: 'button', class: 'fw-btn sf-key', 'aria-pressed': 'true', 'data-role': 'series', 'data-value': n }, swatch, FORMAT_LABEL[n]);
    b.addEventListener('click', () => {
      if (shown.has(n)) shown.delete(n); else shown.add(n);
      b.setAttribute('aria-pressed', String(shown.has(n)));
      render(viewAt(zoom));
    });
    legend.append(b);
  }
  const zoomChoice = choiceGroup({ label: 'Zoom', role: 'zoom', value: '1', options: ZOOMS, onChange: (v) => zoomTo(Number(v)) });
  const box = h('div', { class: 'fw' }, zoomChoice.el, legend, svg);
  root.append(box);
  const setAlt = liveDescription(root);

  /** Glide to a new zoom (on a log scale), or jump there when the reader prefers reduced motion. */
  function zoomTo(target: number): void {
    cancelAnimationFrame(frame);
    const from = zoom, t0 = performance.now(), ms = 400;
    zoom = target;
    if (prefersReducedMotion()) { render(viewAt(target)); return; }
    const step = (now: number) => {
      const t = Math.min(1, (now - t0) / ms), ease = 1 - (1 - t) ** 3;
      render(viewAt(from * (target / from) ** ease));
      if (t < 1) frame = requestAnimationFrame(step);
    };
    frame = requestAnimationFrame(step);
  }

  function render(v: View): void {
    const height = Math.round(Math.min(320, Math.max(200, width * 0.5)));
    const left = 46, right = width - 8, top = 8, bottom = height - 22;
    const x = linear(v.x0, v.x1, left, right), y = linear(v.y0, v.y1, bottom, top);
    const active = names.filter((n) => shown.has(n));
    const data = sampleView(v, SAMPLES, active);
    const path = (ys: number[]) => ys.map((yy, i) => `${i ? 'L' : 'M'}${x(data.xs[i]!).toFixed(1)},${y(yy).toFixed(1)}`).join('');
    svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
    svg.replaceChildren(
      s('defs', {}, s('clipPath', { id: clipId }, s('rect', { x: left, y: top, width: right - left, height: bottom - top }))),
      s('rect', { x: left, y: top, width: right - left, height: bottom - top, class: 'fw-grid' }),
      s('text', { class: 'fw-tick-label', x: left - 4, y: top + 10, 'text-anchor': 'end', 'font-size': 11 }, fmt(v.y1, 4)),
      s('text', { class: 'fw-tick-label', x: left - 4, y: bottom, 'text-anchor': 'end', 'font-size': 11 }, fmt(v.y0, 4)),
      s('text', { class: 'fw-tick-label', x: left, y: bottom + 16, 'font-size': 11 }, `x = ${fmt(v.x0, 4)}`),
      s('text', { class: 'fw-tick-label', x: right, y: bottom + 16, 'text-anchor': 'end', 'font-size': 11 }, fmt(v.x1, 4)),
      s('g', { 'clip-path': `url(#${clipId})` },
        ...[...active].reverse().map((n) => s('path', { d: path(data.rounded.get(n)!), fill: 'none', stroke: SERIES[n]!.color, 'stroke-width': 2, 'stroke-dasharray': SERIES[n]!.dash, 'data-format': n })),
        s('path', { class: 'sf-exact', d: path(data.exact) })),
    );
    const parts = active.map((n) => {
      const r = summarise(data.rounded.get(n)!, data.exact, v);
      return `${FORMAT_LABEL[n]} ${r.visible ? `takes ${r.levels} distinct value${r.levels === 1 ? '' : 's'}` : 'lies entirely outside this view'}, largest error ${fmt(r.maxError, 2)}`;
    });
    setAlt(`sin(x) at ${fmt(zoom, 3)}x zoom, x from ${fmt(v.x0, 4)} to ${fmt(v.x1, 4)}, ${SAMPLES} samples. ` +
      (parts.length ? parts.join('; ') + '.' : 'No format selected.') + ' The dotted line is the exact sine.');
  }
  const stop = watchWidth(box, (w) => { width = w; render(viewAt(zoom)); });
  return () => { stop(); cancelAnimationFrame(frame); };
});

export default mount;
