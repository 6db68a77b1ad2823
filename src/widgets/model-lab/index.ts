/**
 * The lab (lesson 12): quantize the course's small language model with a chosen scheme, run it over
 * held-out text in Web Workers, and fill a table (bits per weight, size, perplexity and its change,
 * mean KL, top-1 agreement, a sample). Also a per-matrix KL map and a bit budget against uniform Q4_0.
 * Quantization happens on the page with the core; the workers only run the forward pass.
 */
import {
  compareWithBaseline, encode, evaluationTargets, labSchemes, logitRows, planBitBudget, quantizeModel, schemeBitsPerWeight,
  type Baseline, type MatrixOption, type MatrixScheme, type Model, type QuantRecipe, type VariantResult,
} from '../../core/model/index.ts';
import { perplexityFromLogits } from '../../core/index.ts';
import { fetchModel } from '../../lab/load-model.ts';
import { h, injectStyle, liveDescription } from '../shared/dom.ts';
import { button, guardedMount } from '../shared/floats-controls.ts';
import { createPool, type EvalPool } from './pool.ts';
import type { Replacements } from './protocol.ts';
import { LAB_CSS } from './style.ts';

const PROMPT = 'The whale ';
const SAMPLE_LENGTH = 80;
const SAMPLE_TEMPERATURE = 0.6;
const SAMPLE_SEED = 1;
const OUTLIER_FRACTION = 0.001;
const CUSTOM = 'custom';

/** The float weights of every linear matrix that a recipe changes, quantized on the page. */
function replacementsFor(model: Model, recipe: QuantRecipe): { replace: Replacements; cost: { bitsPerWeight: number; bytes: number } } {
  const q = quantizeModel(model, recipe);
  const replace: Replacements = {};
  for (const name of model.manifest.linear) if (q.model.tensors[name] !== model.tensors[name]) replace[name] = q.model.tensors[name]!;
  return { replace, cost: q };
}

const pct = (x: number) => `${x >= 0 ? '+' : '−'}${Math.abs(x * 100).toFixed(x > 1 ? 0 : 1)}%`;
const kb = (bytes: number) => `${(bytes / 1024).toFixed(0)} KB`;

const mount = (root: HTMLElement) => guardedMount(root, () => {
  injectStyle('model-lab', LAB_CSS);
  let pool: EvalPool | null = null;
  let base: Baseline | null = null;
  let closed = false;
  let busy = false;

  const status = h('p', { class: 'ml-status', 'data-role': 'status', role: 'status' }, 'Loading the model…');
  const progress = h('progress', { class: 'ml-progress', 'data-role': 'progress', max: 1, value: 0, hidden: true, 'aria-label': 'Evaluation progress' });
  const schemes = labSchemes();
  const schemeSelect = h('select', { 'data-role': 'scheme' });
  for (const s of schemes) schemeSelect.append(h('option', { value: s.id }, s.label));
  schemeSelect.append(h('option', { value: CUSTOM }, 'Integer blocks: choose bits, block size and scheme'));
  const bitsSelect = h('select', { 'data-role': 'bits' });
  for (const b of [2, 3, 4, 5, 6, 8]) bitsSelect.append(h('option', { value: b, selected: b === 4 }, `${b} bits`));
  const blockSelect = h('select', { 'data-role': 'block-size' });
  for (const b of ['8', '16', '32', '64', '128', '256', 'tensor']) blockSelect.append(h('option', { value: b, selected: b === '32' }, b === 'tensor' ? 'one per matrix' : `blocks of ${b}`));
  const symSelect = h('select', { 'data-role': 'int-scheme' });
  for (const s of ['asymmetric', 'symmetric']) symSelect.append(h('option', { value: s }, s));
  const custom = h('div', { class: 'fw-row', hidden: true, 'data-role': 'custom' },
    h('label', { class: 'fw-row' }, h('span', { class: 'fw-seg-label' }, 'Bits'), bitsSelect),
    h('label', { class: 'fw-row' }, h('span', { class: 'fw-seg-label' }, 'Scale per'), blockSelect),
    h('label', { class: 'fw-row' }, h('span', { class: 'fw-seg-label' }, 'Scheme'), symSelect));
  schemeSelect.addEventListener('change', () => (custom.hidden = schemeSelect.value !== CUSTOM));
  const outlierBox = h('input', { type: 'checkbox', 'data-role': 'outliers' });
  const outlierLabel = h('label', { class: 'fw-row' }, outlierBox, h('span', {}, `Outlier table: keep the largest ${OUTLIER_FRACTION * 100}% of each matrix in float32`));

  const tbody = h('tbody', {});
  const table = h('table', { class: 'fw-table ml-table', 'data-role': 'results' },
    h('caption', {}, 'Each row: the model quantized one way, measured on held-out text against the float model.'),
    h('thead', {}, h('tr', {}, ...['Variant', 'Bits / weight', 'Size', 'Perplexity (change)', 'Mean KL', 'Top-1 agreement', 'Sample'].map((t) => h('th', { scope: 'col' }, t)))),
    tbody);
  const mapBox = h('div', { class: 'ml-map', 'data-role': 'kl-map' });
  const budgetBox = h('div', { class: 'ml-budget', 'data-role': 'budget' });
  const say = liveDescription(root);

  const runBtn = button('Add to table', 'run', () => void guarded(async () => { await addRow(currentRecipe()); }));
  const essayBtn = button("Fill in the essay's table", 'essay', () => void guarded(essayTable));
  const mapBtn = button('Which matrices matter? (current scheme)', 'map', () => void guarded(matrixMap));
  const budgetBtn = button('Bit budget vs uniform Q4_0', 'budget-run', () => void guarded(budgetStudy));
  const clearBtn = button('Clear', 'clear', () => {
    for (const tr of [...tbody.querySelectorAll('tr')].slice(1)) tr.remove();
  });
  const buttons = [runBtn, essayBtn, mapBtn, budgetBtn, clearBtn];
  for (const b of buttons) b.disabled = true;

  root.append(h('div', { class: 'fw ml' },
    status, progress,
    h('div', { class: 'fw-row' }, h('label', { class: 'fw-row' }, h('span', { class: 'fw-seg-label' }, 'Scheme'), schemeSelect)),
    custom, outlierLabel,
    h('div', { class: 'fw-row' }, runBtn, essayBtn, clearBtn),
    h('div', { class: 'ml-scroll' }, table),
    h('div', { class: 'fw-row' }, mapBtn, budgetBtn),
    mapBox, budgetBox));

  /** The recipe the controls describe, and a label for it. */
  function currentRecipe(): { recipe: QuantRecipe; label: string } {
    const outliers = outlierBox.checked ? OUTLIER_FRACTION : 0;
    const suffix = outliers ? ' + outlier table' : '';
    if (schemeSelect.value === CUSTOM) {
      const bits = Number(bitsSelect.value), bs = blockSelect.value === 'tensor' ? 'tensor' : Number(blockSelect.value);
      const scheme: MatrixScheme = { kind: 'int', bits, blockSize: bs, scheme: symSelect.value as 'symmetric' | 'asymmetric' };
      return { recipe: { scheme, outlierFraction: outliers }, label: `${bits}-bit ${symSelect.value}, ${bs === 'tensor' ? 'one scale per matrix' : `blocks of ${bs}`}${suffix}` };
    }
    const s = schemes.find((x) => x.id === schemeSelect.value)!;
    return { recipe: { scheme: s.scheme, outlierFraction: outliers }, label: s.label + suffix };
  }

  /** Run `body` with the buttons disabled and errors shown in the status line. */
  async function guarded(body: () => Promise<void>): Promise<void> {
    if (busy || !pool || !base) return;
    busy = true;
    for (const b of buttons) b.disabled = true;
    try {
      await body();
    } catch (err) {
      if (!closed) status.textContent = `That did not work: ${(err as Error).message}`;
    } finally {
      busy = false;
      progress.hidden = true;
      for (const b of buttons) b.disabled = closed;
    }
  }

  function setProgress(done: number, total: number, what: string): void {
    progress.hidden = false;
    progress.max = total;
    progress.value = done;
    status.textContent = `${what} (${done} of ${total})`;
  }

  /** Quantize on the page, evaluate in the workers, compare with the float logits. */
  async function measure(recipe: QuantRecipe): Promise<{ result: VariantResult; replace: Replacements }> {
    const { replace, cost } = replacementsFor(base!.model, recipe);
    const logits = await pool!.logits(replace);
    return { result: compareWithBaseline(base!, logits, cost), replace };
  }

  async function addRow({ recipe, label }: { recipe: QuantRecipe; label: string }, step?: [number, number]): Promise<VariantResult> {
    const t0 = performance.now();
    if (step) setProgress(step[0], step[1], `Evaluating ${label}`);
    else setProgress(0, 1, `Evaluating ${label}`);
    const { result, replace } = await measure(recipe);
    const ms = performance.now() - t0;
    const sample = await pool!.generate(replace, PROMPT, SAMPLE_LENGTH, SAMPLE_TEMPERATURE, SAMPLE_SEED);
    tbody.append(row(label, result.bitsPerWeight, result.bytes, result.perplexity, result.perplexityChange, result.meanKl, result.top1, sample));
    status.textContent = `${label}: perplexity ${result.perplexity.toFixed(3)} (${pct(result.perplexityChange)}), mean KL ${result.meanKl.toFixed(4)}; evaluated in ${ms.toFixed(0)} ms on ${pool!.size} workers.`;
    say(`Added ${label}: ${result.bitsPerWeight.toFixed(2)} bits per weight, perplexity ${result.perplexity.toFixed(3)}, change ${pct(result.perplexityChange)}, mean KL ${result.meanKl.toFixed(4)}, top-1 agreement ${(result.top1 * 100).toFixed(1)}%.`);
    return result;
  }

  function row(label: string, bpw: number, bytes: number, ppl: number, change: number | null, kl: number | null, top1: number | null, sample: string): HTMLTableRowElement {
    return h('tr', {},
      h('th', { scope: 'row' }, label),
      h('td', {}, bpw.toFixed(bpw % 1 ? 3 : 0).replace(/0+$/, '').replace(/\.$/, '')),
      h('td', {}, kb(bytes)),
      h('td', {}, change === null ? ppl.toFixed(3) : `${ppl.toFixed(3)} (${pct(change)})`),
      h('td', {}, kl === null ? '—' : kl.toFixed(4)),
      h('td', {}, top1 === null ? '—' : `${(top1 * 100).toFixed(1)}%`),
      h('td', { class: 'ml-sample' }, h('q', {}, PROMPT + sample)));
  }

  async function essayTable(): Promise<void> {
    const ids = ['q8_0', 'q4_1', 'q4_0', 'int3-asym', 'int2-asym', 'int4-sym-tensor'];
    for (const [i, id] of ids.entries()) {
      const s = schemes.find((x) => x.id === id)!;
      await addRow({ recipe: { scheme: s.scheme }, label: s.label }, [i, ids.length]);
    }
  }

  async function matrixMap(): Promise<void> {
    const { recipe, label } = currentRecipe();
    const names = base!.model.manifest.linear;
    const kls: number[] = [];
    for (const [i, name] of names.entries()) {
      setProgress(i, names.length, `Quantizing only ${name}`);
      const { result } = await measure({ ...recipe, scheme: { kind: 'float' }, overrides: { [name]: recipe.scheme } });
      kls.push(result.meanKl);
    }
    const max = Math.max(...kls, 1e-12);
    const cell = (name: string) => {
      const kl = kls[names.indexOf(name)]!;
      return h('td', { style: `--heat: ${(kl / max).toFixed(3)}`, 'data-matrix': name, title: `${name}: mean KL ${kl.toFixed(4)}` }, kl.toFixed(4));
    };
    const layers = base!.model.config.layers;
    const kinds = ['attn.qkv', 'attn.proj', 'mlp.fc1', 'mlp.fc2'];
    mapBox.replaceChildren(
      h('table', { class: 'fw-table ml-heat' },
        h('caption', {}, `Mean KL when only one matrix is quantized (${label}); the rest stay float. Darker matters more.`),
        h('thead', {}, h('tr', {}, h('th', {}, 'Layer'), ...kinds.map((k) => h('th', { scope: 'col' }, k)))),
        h('tbody', {},
          ...Array.from({ length: layers }, (_, l) => h('tr', {}, h('th', { scope: 'row' }, `layer ${l}`), ...kinds.map((k) => cell(`layers.${l}.${k}`)))),
          h('tr', {}, h('th', { scope: 'row' }, 'output (head)'), cell('head')))));
    const worst = names[kls.indexOf(Math.max(...kls))]!;
    status.textContent = `Per-matrix map done: ${worst} is the most sensitive to ${label}.`;
    say(`Mean KL per matrix under ${label}: ${names.map((n, i) => `${n} ${kls[i]!.toFixed(4)}`).join('; ')}.`);
  }

  async function budgetStudy(): Promise<void> {
    const choices = ['int2-asym', 'int3-asym', 'q4_0', 'q8_0'].map((id) => schemes.find((s) => s.id === id)!);
    const q4 = schemes.find((s) => s.id === 'q4_0')!;
    const names = base!.model.manifest.linear;
    const total = names.length * choices.length + 2;
    const options: Record<string, MatrixOption[]> = {};
    let done = 0, weights = 0;
    for (const name of names) {
      const n = base!.model.tensors[name]!.length;
      weights += n;
      options[name] = [];
      for (const c of choices) {
        setProgress(done++, total, `Measuring ${name} at ${c.id}`);
        const { result } = await measure({ scheme: { kind: 'float' }, overrides: { [name]: c.scheme } });
        options[name]!.push({ id: c.id, scheme: c.scheme, bits: schemeBitsPerWeight(c.scheme, n) * n, kl: result.meanKl });
      }
    }
    const budget = schemeBitsPerWeight(q4.scheme, 32);
    const plan = planBitBudget(options, budget * weights);
    const overrides = Object.fromEntries(Object.entries(plan).map(([k, o]) => [k, o.scheme]));
    const mix = await addRow({ recipe: { scheme: { kind: 'float' }, overrides }, label: `Mixed under a ${budget}-bit budget` }, [done++, total]);
    const uniform = await addRow({ recipe: { scheme: q4.scheme }, label: `${q4.label} everywhere` }, [done++, total]);
    budgetBox.replaceChildren(
      h('p', {}, `The budget mix (${mix.bitsPerWeight.toFixed(2)} bits per weight) scores mean KL ${mix.meanKl.toFixed(4)} against ${uniform.meanKl.toFixed(4)} for uniform Q4_0 (${uniform.bitsPerWeight} bits per weight).`),
      h('ul', {}, ...names.map((n) => h('li', {}, h('code', {}, n), `: ${plan[n]!.id}`))));
    say(`Bit budget: mix mean KL ${mix.meanKl.toFixed(4)}, uniform Q4_0 ${uniform.meanKl.toFixed(4)}.`);
  }

  void (async () => {
    try {
      const cm = await fetchModel();
      if (closed) return;
      const tokens = encode(cm.model.manifest, cm.heldout);
      status.textContent = 'Starting the evaluation workers…';
      pool = await createPool(cm.model, tokens);
      if (closed) return pool.terminate();
      setProgress(0, 1, 'Running the float model once');
      const logits = await pool.logits({});
      const rows = logitRows(logits, cm.model.config.vocabSize);
      const targets = Array.from(evaluationTargets(tokens));
      base = { model: cm.model, logits, rows, targets, perplexity: perplexityFromLogits(rows, targets), tokens };
      const sample = await pool.generate({}, PROMPT, SAMPLE_LENGTH, SAMPLE_TEMPERATURE, SAMPLE_SEED);
      const floatBytes = Object.values(cm.model.tensors).reduce((n, t) => n + 4 * t.length, 0);
      tbody.append(row('float32 (the trained model)', 32, floatBytes, base.perplexity, null, null, null, sample));
      progress.hidden = true;
      status.textContent = `Ready: ${targets.length.toLocaleString('en-US')} held-out predictions on ${pool.size} workers. Float perplexity ${base.perplexity.toFixed(3)}.`;
      say(`The float model's perplexity on the held-out text is ${base.perplexity.toFixed(3)}.`);
      for (const b of buttons) b.disabled = false;
    } catch (err) {
      if (!closed) status.textContent = `The lab could not start: ${(err as Error).message}`;
    }
  })();

  return () => {
    closed = true;
    pool?.terminate();
  };
});

export default mount;
