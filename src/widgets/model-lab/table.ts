/** The lab's results table: one tbody per variant, its figures on one row and a sample of its text below. */
import type { VariantResult } from '../../core/model/results.ts';
import type { Engine, Evaluation } from '../../lab/index.ts';
import { h } from '../shared/dom.ts';
import { downloadCell, type GgufForm } from './download.ts';
import { bpwText, kb, klText, pct } from './format.ts';

/** The empty table with its caption and header. */
export function resultsTable(): HTMLTableElement {
  // One tbody per variant: its figures, then its sample on a row of its own, so that the table fits the column.
  return h('table', { class: 'fw-table ml-table', 'data-role': 'results' },
    h('caption', {}, 'Each row: the model quantized one way, measured on held-out text against the float model, with a sample of its text below.'),
    h('thead', {}, h('tr', {}, ...['Variant', 'Bits / weight', 'Size', 'Perplexity (change)', 'Mean KL', 'Top-1 agreement', 'GGUF'].map((t) => h('th', { scope: 'col' }, t)))));
}

/** How a row offers its GGUF: its form, and where the download says what it wrote. */
export interface RowGguf {
  form: GgufForm;
  report: (text: string) => void;
}

/** A variant's figures (a row with data-label) and, below them, a row with its sample; `r` null for the float model. */
export function variantRows(engine: Engine, prompt: string, label: string, r: VariantResult | null, sample: string, gguf: RowGguf, ev?: Evaluation): HTMLTableSectionElement {
  const floatBytes = Object.values(engine.model.tensors).reduce((n, t) => n + 4 * t.length, 0);
  const parts = labelParts(label);
  const tr = h('tr', r ? {
    'data-label': label, 'data-bpw': r.bitsPerWeight, 'data-ppl': r.perplexity, 'data-change': r.perplexityChange, 'data-kl': r.meanKl, 'data-top1': r.top1,
    'data-ms': ev?.totalMs.toFixed(1), 'data-quantize-ms': ev?.quantizeMs.toFixed(1), 'data-compare-ms': ev?.compareMs.toFixed(1), 'data-worker-ms': ev?.workerMs.toFixed(1), 'data-learner-compile-ms': ev?.learner?.compileMs.toFixed(1), 'data-learner-run-ms': ev?.learner?.runMs.toFixed(1),
  } : { 'data-label': label, 'data-bpw': 32, 'data-ppl': engine.floatStats.pplBase, 'data-float': '' },
  h('th', { scope: 'row' }, ...parts),
  h('td', {}, r ? bpwText(r.bitsPerWeight) : '32'),
  h('td', {}, kb(r ? r.bytes : floatBytes)),
  h('td', {}, r ? `${r.perplexity.toFixed(3)} (${pct(r.perplexityChange)})` : engine.floatStats.pplBase.toFixed(3)),
  h('td', {}, r ? klText(r.meanKl) : '—'),
  h('td', {}, r ? `${(r.top1 * 100).toFixed(1)}%` : '—'),
  downloadCell(engine.model, gguf.form, typeof parts[0] === 'string' ? parts[0] : label, gguf.report));
  const sampleRow = h('tr', { class: 'ml-sample-row' },
    h('td', { colspan: 7, class: 'ml-sample' }, h('div', { class: 'ml-sample-text' }, h('span', { class: 'ml-sample-label' }, 'Sample: '), h('q', {}, h('span', { class: 'ml-prompt' }, prompt), sample))));
  return h('tbody', { class: 'ml-variant' }, tr, sampleRow);
}

/** "Q4_0 (4-bit symmetric, blocks of 32)" as the name and, smaller, what it is. */
function labelParts(label: string): (string | HTMLElement)[] {
  const m = /^([^(]+?) \((.+)\)(.*)$/.exec(label);
  return m ? [`${m[1]}${m[3]}`, h('span', { class: 'ml-detail' }, m[2])] : [label];
}
