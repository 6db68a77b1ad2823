/**
 * Float histogram (lessons/floats.mdx): how many values of a format lie in each interval, counted exactly from
 * the format's structure (the core's countRepresentable), on a linear axis (equal-width intervals)
 * or a log axis (one bar per binade), as counts or as a share of all values. Props: format (default "float32").
 */
import { countNonNaN, countRepresentable, FORMATS } from '../../core/index.ts';
import type { MountWidget } from '../types.ts';
import { fmt, h, injectStyle, liveDescription } from '../shared/dom.ts';
import { svgCanvas, watchWidth } from '../shared/chart.ts';
import { choiceGroup, rovingFocus } from '../shared/controls.ts';
import { guardedMount } from '../shared/guarded-mount.ts';
import { FORMAT_LABEL, formatName } from '../shared/floats-format.ts';
import { binadeBins, linearBins, type Bin } from './bins.ts';
import { drawBars, HISTOGRAM_CSS } from './chart.ts';

const RANGES = [{ value: '1', label: '±1' }, { value: '4', label: '±4' }, { value: '16', label: '±16' }] as const;
const LINEAR_BARS = 16;
const HEIGHT = 230;
const COMPACT = new Intl.NumberFormat('en-US', { notation: 'compact', maximumSignificantDigits: 3 });

const mount: MountWidget = (root, props) => guardedMount(root, () => {
  injectStyle('float-histogram', HISTOGRAM_CSS);
  const name = formatName(props.format, 'float32');
  const f = FORMATS[name];
  const total = countNonNaN(f);
  let axis: 'linear' | 'log' = 'linear', units: 'count' | 'percent' = 'count', range = 1, selected = LINEAR_BARS / 2, width = 640;
  let bins: Bin[] = [];

  const half = countRepresentable(-0.5, 0.5, f);
  const perBinade = countRepresentable(1, 2, f) - countRepresentable(2, 2, f); // the binade [1, 2)
  const headline = h('p', { class: 'fh-headline', 'data-role': 'headline' },
    `${half.toLocaleString('en-US')} of the ${total.toLocaleString('en-US')} ${FORMAT_LABEL[name]} values that are not NaN (${fmt((100 * half) / total, 3)}%) lie in [-0.5, 0.5].`);
  const svg = svgCanvas(width, HEIGHT, 'histogram');
  svg.removeAttribute('aria-hidden'); // its bars are focusable cells with names
  svg.setAttribute('role', 'group');
  svg.setAttribute('aria-label', 'Histogram bars: use the arrow keys to read each one');
  const detail = h('p', { class: 'fh-detail', 'data-role': 'detail' });
  const note = h('p', { class: 'fw-muted', style: 'margin:0;font-size:0.85rem' });
  const axisChoice = choiceGroup({ label: 'Axis', role: 'axis', value: axis, options: [{ value: 'linear', label: 'linear' }, { value: 'log', label: 'log (binades)' }], onChange: (v) => { axis = v; rebin(); } });
  const unitChoice = choiceGroup({ label: 'Show', role: 'units', value: units, options: [{ value: 'count', label: 'counts' }, { value: 'percent', label: 'percent' }], onChange: (v) => { units = v; render(); } });
  const rangeChoice = choiceGroup({ label: 'Range', role: 'range', value: '1', options: RANGES.map((r) => ({ ...r })), onChange: (v) => { range = Number(v); rebin(); } });
  const box = h('div', { class: 'fw' }, headline, h('div', { class: 'fw-row' }, axisChoice.el, unitChoice.el, rangeChoice.el), svg, detail, note);
  root.append(box);
  const setAlt = liveDescription(root);
  rovingFocus(svg as unknown as HTMLElement, '.fh-bar');

  function rebin(): void {
    bins = axis === 'linear' ? linearBins(range, LINEAR_BARS, f) : binadeBins(f);
    selected = axis === 'linear' ? LINEAR_BARS / 2 : Math.min(bins.length - 1, Math.floor(bins.length / 2));
    rangeChoice.el.hidden = axis === 'log';
    note.textContent = axis === 'linear'
      ? `${LINEAR_BARS} intervals of width ${fmt((2 * range) / LINEAR_BARS, 3)}. Select a bar to read its count.`
      : `Positive values only (negative ones mirror them); each bar covers ${binadeSpan()} binade${binadeSpan() > 1 ? 's' : ''} [2^k, 2^(k+1)). Infinity and NaN are not shown.`;
    render();
  }
  const binadeSpan = () => (bins.length > 1 ? Math.round(Math.log2(bins[1]!.hi / bins[1]!.lo)) : 1);
  const share = (n: number) => (100 * n) / total;

  function render(): void {
    const heights = bins.map((b) => (units === 'count' ? b.count : share(b.count)));
    const yLabel = (v: number) => (units === 'count' ? COMPACT.format(v) : `${fmt(v, 3)}%`);
    drawBars(svg, bins, heights, selected, width, HEIGHT, yLabel, (i) => { selected = i; render(); });
    const b = bins[selected]!;
    detail.textContent = `${b.label}: ${b.count.toLocaleString('en-US')} values, ${fmt(share(b.count), 4)}% of all`;
    const biggest = bins.reduce((m, x) => (x.count > m.count ? x : m), bins[0]!);
    const shape = axis === 'linear'
      ? `The fullest bar is ${biggest.label} with ${biggest.count.toLocaleString('en-US')} values.`
      : `Every binade holds the same ${perBinade.toLocaleString('en-US')} values, so the bars are level.`;
    setAlt(`${FORMAT_LABEL[name]} histogram, ${axis === 'linear' ? `linear axis from -${range} to ${range}` : `log axis, ${binadeSpan() === 1 ? 'one bar per binade' : `one bar per ${binadeSpan()} binades`}`}, showing ${units === 'count' ? 'counts' : 'percentages'}. ` +
      `${shape} Selected: ${detail.textContent}. ${headline.textContent}`);
  }
  rebin();
  return watchWidth(box, (w) => { width = w; render(); });
});

export default mount;
