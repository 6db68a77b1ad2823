/**
 * Parameter histogram (lessons/smaller-floats.mdx): the distribution of a model's weights (clustered near zero) with an
 * overlay of where float16, bfloat16 or fp8 E4M3FN values lie, and what rounding into that format does
 * to the weights. The weights are the course model's (public/model, fetched when the widget mounts); until
 * they arrive the chart is empty and says so, and if they cannot be loaded a labelled synthetic stand-in
 * takes their place with the reason.
 */
import { FORMATS, roundToFormat, type FormatName } from '../../core/index.ts';
import type { MountWidget } from '../types.ts';
import { fmt, h, injectStyle, liveDescription } from '../shared/dom.ts';
import { svgCanvas, watchWidth } from '../shared/chart.ts';
import { choiceGroup } from '../shared/controls.ts';
import { guardedMount } from '../shared/guarded-mount.ts';
import { FORMAT_LABEL } from '../shared/floats-format.ts';
import { binWeights, drawHistogram, PARAM_CSS } from './chart.ts';
import { courseModelWeights, standInWeights, type WeightSource } from './source.ts';

const OVERLAYS = ['float16', 'bfloat16', 'e4m3fn'] as const;
const BINS = 80;
const HEIGHT = 240;

const mount: MountWidget = (root) => guardedMount(root, () => {
  injectStyle('param-histogram', PARAM_CSS);
  let source: WeightSource = { weights: new Float64Array(0), label: 'Loading the course model\'s weights…', standIn: false };
  let loading = true;
  let overlay: FormatName | null = 'e4m3fn', zoom: 'all' | 'near0' = 'all', width = 640;
  let stopped = false;

  const sourceLine = h('p', { class: 'ph-source', 'data-role': 'source' });
  const svg = svgCanvas(width, HEIGHT, 'histogram');
  const stats = h('p', { class: 'ph-stats', 'data-role': 'stats' });
  const overlayChoice = choiceGroup({
    label: 'Overlay', role: 'overlay', value: 'e4m3fn',
    options: [...OVERLAYS.map((n) => ({ value: n as string, label: FORMAT_LABEL[n] })), { value: 'none', label: 'none' }],
    onChange: (v) => { overlay = v === 'none' ? null : (v as FormatName); render(); },
  });
  const zoomChoice = choiceGroup({ label: 'Range', role: 'range', value: zoom, options: [{ value: 'all', label: 'most weights' }, { value: 'near0', label: 'near zero' }], onChange: (v) => { zoom = v; render(); } });
  const box = h('div', { class: 'fw' }, sourceLine, h('div', { class: 'fw-row' }, overlayChoice.el, zoomChoice.el), svg, stats);
  root.append(box);
  const setAlt = liveDescription(root);

  /** The view: 4 standard deviations each side, or a 16× closer look around zero. */
  function range(): number {
    let sq = 0;
    for (const w of source.weights) sq += w * w;
    const std = source.weights.length ? Math.sqrt(sq / source.weights.length) || 1 : 0.05;
    return (zoom === 'all' ? 4 : 0.25) * std;
  }
  function render(): void {
    const r = range();
    const counts = binWeights(source.weights, -r, r, BINS);
    drawHistogram(svg, counts, -r, r, overlay, width, HEIGHT);
    sourceLine.textContent = source.label;
    sourceLine.toggleAttribute('data-stand-in', source.standIn);
    sourceLine.toggleAttribute('data-loading', loading);
    if (loading) {
      stats.textContent = 'The weights are loading.';
      setAlt(`Histogram of the course model's weights: still loading.${overlay ? ` The strip under the axis marks where ${FORMAT_LABEL[overlay]} values lie.` : ''}`);
      return;
    }
    let roundingText = 'No overlay: only the weights are drawn.';
    if (overlay) {
      const rounded = roundToFormat(Array.from(source.weights), FORMATS[overlay]);
      const distinct = new Set(rounded).size;
      const zeros = rounded.filter((v) => v === 0).length;
      roundingText = `Stored in ${FORMAT_LABEL[overlay]}, the ${source.weights.length.toLocaleString('en-US')} weights take ${distinct.toLocaleString('en-US')} distinct values and ${fmt((100 * zeros) / rounded.length, 3)}% of them become 0. The strip under the bars marks where ${FORMAT_LABEL[overlay]} values lie: densest at zero, like the weights.`;
    }
    stats.textContent = roundingText;
    setAlt(`Histogram of ${source.standIn ? 'stand-in synthetic' : 'the course model\'s'} weights from ${fmt(-r, 3)} to ${fmt(r, 3)}: they cluster around 0. ${roundingText}`);
  }
  const stop = watchWidth(box, (w) => { width = w; render(); });

  courseModelWeights().then((real) => {
    if (stopped) return;
    source = real;
    loading = false;
    render();
  }).catch((err: Error) => {
    if (stopped) return;
    source = standInWeights(`because the course model failed to load (${err.message}).`);
    loading = false;
    render();
  });
  return () => { stopped = true; stop(); };
});

export default mount;
