/**
 * The lab (lesson "Lab: quantize a real model"): quantize the course's small language model with a
 * chosen scheme, or with the learner's own quantizeBlocks, run it over held-out text in Web Workers,
 * and fill a table (bits per weight, size, perplexity and its change, mean KL, top-1 agreement, a
 * sample). Also: the lab's exercise (the learner's quantizer against the course's), a per-matrix KL
 * map, and a bit budget spent matrix by matrix against uniform Q4_0. Everything heavy runs in workers;
 * the page gathers results between steps, so it stays responsive, and Stop ends a series early.
 */
// Specific core modules, not the barrels: the page only gathers results, so it loads neither the forward pass nor the quantizers.
import { labSchemes, schemeBitsPerWeight, type MatrixScheme, type QuantRecipe } from '../../core/model/recipe.ts';
import { matrixSensitivity, mixedPrecision, type VariantResult } from '../../core/model/results.ts';
import { QUANTIZER_CHECK_SETTINGS, QUANTIZER_TOLERANCE } from '../../../exercises/lab-quantizer/settings.ts';
import { encode } from '../../core/model/tokenizer.ts';
import { createEngine, fetchModel, judgeQuantizer, LEARNER_TIMEOUT_MS, savedQuantizer, warmLearnerRunner, type Engine, type Evaluation } from '../../lab/index.ts';
import { h, injectStyle, liveDescription } from '../shared/dom.ts';
import { button, guardedMount } from '../shared/floats-controls.ts';
import { LAB_CSS } from './style.ts';

const DEFAULT_PROMPT = 'The whale ';
/** Characters written for each row's sample: with the default prompt, exactly one context of 64. */
const SAMPLE_LENGTH = 54;
const OUTLIER_FRACTION = 0.001;
const CUSTOM = 'custom';
const LEARNER = 'learner';
/** The essay's table, plus Q2_K beside naive 2-bit. */
const ESSAY_IDS = ['q8_0', 'q4_1', 'q4_0', 'int3-asym', 'int2-asym', 'q2_K', 'int4-sym-tensor'];
/** What each matrix may be stored as in the bit budget. */
const BUDGET_IDS = ['q2_K', 'int3-asym', 'q4_0', 'q4_1', 'q8_0'];
const BUDGETS = [3.5, 4, 4.5, 5, 6];
const DEFAULT_BUDGET = 4.5;

/** A recipe as the controls describe it. */
interface Choice {
  recipe: QuantRecipe;
  label: string;
  /** Integer blocks go through the learner's saved quantizeBlocks. */
  learner: boolean;
}

class Stopped extends Error {}

const NO_CODE = 'There is no saved quantizeBlocks in this browser yet. Write it in the exercise of the lesson "Outliers and blocks" (it saves as you type), then come back: the lab runs the code saved there.';

const pct = (x: number) => `${x >= 0 ? '+' : '−'}${Math.abs(x * 100).toFixed(Math.abs(x) >= 1 ? 0 : 1)}%`;
/** A mean KL: four decimals, or two significant digits when smaller than that shows. */
const klText = (x: number) => (x === 0 || x >= 0.001 ? x.toFixed(4) : x.toPrecision(2));
// SI kilobytes, as everywhere else in the course (112,960 float32 weights are 451,840 bytes: 452 KB).
const kb = (bytes: number) => `${(bytes / 1000).toFixed(0)} KB`;
const bpwText = (b: number) => b.toFixed(3).replace(/0+$/, '').replace(/\.$/, '');
const intLabel = (bits: number, bs: number | 'tensor', scheme: string) => `${bits}-bit ${scheme}, ${bs === 'tensor' ? 'one scale per matrix' : `blocks of ${bs}`}`;

const mount = (root: HTMLElement) => guardedMount(root, () => {
  injectStyle('model-lab', LAB_CSS);
  let engine: Engine | null = null;
  let closed = false, busy = false, stopAsked = false;
  let prompt = DEFAULT_PROMPT;
  /** Evaluations of built-in recipes, by key, reused by the check and the budget. */
  const known = new Map<string, Evaluation>();
  /** KL of each (budget choice, matrix) measured one matrix at a time, for the planner. */
  const measured = new Map<string, number>();

  const status = h('p', { class: 'ml-status', 'data-role': 'status' }, 'Loading the model…');
  const progress = h('progress', { class: 'ml-progress', 'data-role': 'progress', max: 1, value: 0, hidden: true, 'aria-label': 'Evaluation progress' });
  const say = liveDescription(root);
  const schemes = labSchemes();
  const byId = (id: string) => schemes.find((s) => s.id === id)!;

  // Scheme controls.
  const schemeSelect = h('select', { 'data-role': 'scheme', 'aria-label': 'Scheme' });
  for (const s of schemes) schemeSelect.append(h('option', { value: s.id }, s.label));
  schemeSelect.append(h('option', { value: CUSTOM }, 'Integer blocks: choose bits, block size and scheme'));
  schemeSelect.append(h('option', { value: LEARNER }, 'Your quantizeBlocks (from Outliers and blocks): choose bits, block size and scheme'));
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
  const learnerNote = h('p', { class: 'ml-note', 'data-role': 'learner-note', hidden: true });
  schemeSelect.addEventListener('change', () => {
    custom.hidden = schemeSelect.value !== CUSTOM && schemeSelect.value !== LEARNER;
    learnerNote.hidden = schemeSelect.value !== LEARNER;
    if (schemeSelect.value === LEARNER) {
      const saved = savedQuantizer();
      const how = `It is compiled and run in the exercise's sandbox, with ${LEARNER_TIMEOUT_MS / 1000} seconds for all nine matrices.`;
      learnerNote.textContent = !saved ? NO_CODE : saved.passed
        ? `Using the quantizeBlocks saved in this browser, which passed its exercise. ${how}`
        : `Using the quantizeBlocks saved in this browser. It has not passed its exercise yet, so its rows may differ from the course's. ${how}`;
      if (saved) warmLearnerRunner();
    }
  });
  const outlierBox = h('input', { type: 'checkbox', 'data-role': 'outliers' });
  const outlierLabel = h('label', { class: 'ml-tick' }, outlierBox, h('span', {}, `Outlier table: keep the largest ${OUTLIER_FRACTION * 100}% of each matrix's weights in float32`));
  const promptInput = h('input', { type: 'text', 'data-role': 'prompt', value: DEFAULT_PROMPT, maxlength: 40, size: 24, spellcheck: false });
  promptInput.addEventListener('change', () => {
    const text = promptInput.value;
    try {
      if (!text) throw new RangeError('the prompt is empty');
      if (engine) encode(engine.model.manifest, text);
      prompt = text;
      status.textContent = `New samples will continue ${JSON.stringify(text)}.`;
    } catch (err) {
      status.textContent = `That prompt cannot be used (${(err as Error).message}); samples keep ${JSON.stringify(prompt)}.`;
    }
  });

  // Results table.
  // One tbody per variant: its figures, then its sample on a row of its own, so that the table fits the column.
  const table = h('table', { class: 'fw-table ml-table', 'data-role': 'results' },
    h('caption', {}, 'Each row: the model quantized one way, measured on held-out text against the float model, with a sample of its text below.'),
    h('thead', {}, h('tr', {}, ...['Variant', 'Bits / weight', 'Size', 'Perplexity (change)', 'Mean KL', 'Top-1 agreement'].map((t) => h('th', { scope: 'col' }, t)))));

  const runBtn = button('Add to table', 'run', () => void guarded(async () => { await addRow(currentChoice()); }));
  const essayBtn = button("Fill in the essay's table", 'essay', () => void guarded(essayTable));
  const stopBtn = button('Stop', 'stop', () => {
    stopAsked = true;
    stopBtn.disabled = true;
    status.textContent = 'Stopping after the current step…';
  });
  const clearBtn = button('Clear the table', 'clear', () => {
    for (const variant of [...table.tBodies].slice(1)) variant.remove();
  });

  // The exercise.
  const checkBtn = button('Check my quantizeBlocks', 'check', () => void guarded(checkQuantizer));
  const checkBox = h('div', { class: 'ml-check', 'data-role': 'check-result' });
  const tol = QUANTIZER_TOLERANCE;
  const settingsText = QUANTIZER_CHECK_SETTINGS.map((s) => intLabel(s.bits, s.blockSize, s.scheme)).join('; ');

  // Which matrices matter.
  const mapBtn = button('Quantize one matrix at a time (current scheme)', 'map', () => void guarded(matrixMap));
  const mapBox = h('div', { class: 'ml-map', 'data-role': 'kl-map' });

  // Bit budget.
  const budgetSelect = h('select', { 'data-role': 'budget' });
  for (const b of BUDGETS) budgetSelect.append(h('option', { value: b, selected: b === DEFAULT_BUDGET }, `${b} bits per weight`));
  const meter = h('p', { class: 'ml-meter', 'data-role': 'budget-meter' });
  const matrixSelects = new Map<string, HTMLSelectElement>();
  const budgetGrid = h('div', { class: 'ml-budget-grid', 'data-role': 'budget-grid' });
  const planBtn = button('Plan it from measurements', 'budget-plan', () => void guarded(planBudget));
  const budgetBtn = button('Evaluate this mix against uniform Q4_0', 'budget-run', () => void guarded(evaluateMix));
  const budgetBox = h('div', { class: 'ml-budget', 'data-role': 'budget-result' });
  budgetSelect.addEventListener('change', updateMeter);

  const actions = [runBtn, essayBtn, clearBtn, checkBtn, mapBtn, planBtn, budgetBtn];
  for (const b of [...actions, stopBtn]) b.disabled = true;

  root.append(h('div', { class: 'fw ml' },
    status, progress,
    h('div', { class: 'fw-row' }, h('label', { class: 'fw-row' }, h('span', { class: 'fw-seg-label' }, 'Scheme'), schemeSelect)),
    custom, learnerNote, outlierLabel,
    h('label', { class: 'fw-row' }, h('span', { class: 'fw-seg-label' }, 'Samples continue'), promptInput),
    h('div', { class: 'fw-row' }, runBtn, essayBtn, stopBtn, clearBtn),
    h('div', { class: 'ml-scroll', role: 'region', tabindex: 0, 'aria-label': 'Results, one row per variant' }, table),
    h('section', { class: 'ml-section', 'aria-label': 'Check your quantizeBlocks' },
      h('p', { class: 'ml-head' }, 'The lab\'s exercise: check your quantizeBlocks'),
      h('p', {}, `Your quantizeBlocks passes when, at each of these settings (${settingsText}), the model quantized with it has a perplexity at most ${tol.perplexityRel * 100}% above the one the course's quantizer gives, and a mean KL at most ${tol.klAbs} plus ${tol.klRel * 100}% above the course's. Doing better is fine.`),
      h('div', { class: 'fw-row' }, checkBtn), checkBox),
    h('section', { class: 'ml-section', 'aria-label': 'Which matrices matter' },
      h('p', { class: 'ml-head' }, 'Which matrices matter?'),
      h('p', {}, 'Quantize a single matrix with the scheme chosen above, keep the other eight in float32, and measure the mean KL. Repeat for each matrix.'),
      h('div', { class: 'fw-row' }, mapBtn), mapBox),
    h('section', { class: 'ml-section', 'aria-label': 'Spend a bit budget' },
      h('p', { class: 'ml-head' }, 'Spend a bit budget'),
      h('p', {}, 'Choose a format for each matrix so that the average over all nine stays within the budget, then compare the result with uniform Q4_0 (4.5 bits per weight everywhere). "Plan it" measures every format on every matrix alone and fills the choices greedily: each step buys the upgrade that removes the most KL per extra bit.'),
      h('label', { class: 'fw-row' }, h('span', { class: 'fw-seg-label' }, 'Budget'), budgetSelect),
      budgetGrid, meter,
      h('div', { class: 'fw-row' }, planBtn, budgetBtn), budgetBox)));

  /** The recipe the controls describe. */
  function currentChoice(): Choice {
    const outliers = outlierBox.checked ? OUTLIER_FRACTION : 0;
    const suffix = outliers ? ' + outlier table' : '';
    if (schemeSelect.value === CUSTOM || schemeSelect.value === LEARNER) {
      const bits = Number(bitsSelect.value), bs = blockSelect.value === 'tensor' ? 'tensor' : Number(blockSelect.value);
      const scheme: MatrixScheme = { kind: 'int', bits, blockSize: bs, scheme: symSelect.value as 'symmetric' | 'asymmetric' };
      const learner = schemeSelect.value === LEARNER;
      return { recipe: { scheme, outlierFraction: outliers }, learner, label: `${learner ? 'Your quantizeBlocks: ' : ''}${intLabel(bits, bs, symSelect.value)}${suffix}` };
    }
    const s = byId(schemeSelect.value);
    return { recipe: { scheme: s.scheme, outlierFraction: outliers }, learner: false, label: s.label + suffix };
  }

  /** Run `body` with the action buttons disabled, Stop enabled, and errors shown in the status line. */
  async function guarded(body: () => Promise<void>): Promise<void> {
    if (busy || !engine) return;
    busy = true;
    stopAsked = false;
    for (const b of actions) b.disabled = true;
    stopBtn.disabled = false;
    root.dataset.busy = 'true';
    try {
      await body();
    } catch (err) {
      if (closed) return;
      if (err instanceof Stopped) status.textContent = 'Stopped.';
      else status.textContent = `That did not work. ${(err as Error).message}`;
      say(status.textContent);
    } finally {
      busy = false;
      progress.hidden = true;
      for (const b of actions) b.disabled = closed;
      stopBtn.disabled = true;
      root.dataset.busy = 'false';
    }
  }

  function step(done: number, total: number, what: string): void {
    if (stopAsked) throw new Stopped();
    progress.hidden = false;
    progress.max = total;
    progress.value = done;
    status.textContent = total > 1 ? `${what} (step ${done + 1} of ${total})…` : `${what}…`;
  }

  const keyOf = (c: Choice) => JSON.stringify(c.recipe);

  /** Evaluate a choice (built-in results are remembered and reused). */
  async function evaluate(c: Choice): Promise<Evaluation> {
    if (c.learner) {
      const saved = savedQuantizer();
      if (!saved) throw new Error(NO_CODE);
      return engine!.evaluate(c.recipe, { code: saved.code });
    }
    const ev = await engine!.evaluate(c.recipe);
    known.set(keyOf(c), ev);
    return ev;
  }

  async function addRow(c: Choice, at: [number, number] = [0, 1]): Promise<Evaluation> {
    step(at[0], at[1], `Evaluating ${c.label}`);
    const ev = await evaluate(c);
    const sample = await engine!.generate(ev.replace, prompt, SAMPLE_LENGTH);
    const r = ev.result;
    table.append(row(c.label, r, sample, ev));
    const learnerPart = ev.learner ? `, of which ${ev.learner.compileMs.toFixed(0)} ms compiling your code and ${ev.learner.runMs.toFixed(0)} ms running it in the sandbox` : '';
    status.textContent = `${c.label}: perplexity ${r.perplexity.toFixed(3)} (${pct(r.perplexityChange)}), mean KL ${klText(r.meanKl)}, top-1 agreement ${(r.top1 * 100).toFixed(1)}%. Evaluated in ${ev.totalMs.toFixed(0)} ms (quantizing ${ev.quantizeMs.toFixed(0)} ms${learnerPart}; running and comparing ${ev.compareMs.toFixed(0)} ms) on ${engine!.pool.size} workers.`;
    say(`Added ${c.label}: ${bpwText(r.bitsPerWeight)} bits per weight, perplexity ${r.perplexity.toFixed(3)}, change ${pct(r.perplexityChange)}, mean KL ${klText(r.meanKl)}, top-1 agreement ${(r.top1 * 100).toFixed(1)}%.`);
    return ev;
  }

  /** A variant's figures (a row with data-label) and, below them, a row with its sample. */
  function row(label: string, r: VariantResult | null, sample: string, ev?: Evaluation): HTMLTableSectionElement {
    const floatBytes = Object.values(engine!.model.tensors).reduce((n, t) => n + 4 * t.length, 0);
    const tr = h('tr', r ? {
      'data-label': label, 'data-bpw': r.bitsPerWeight, 'data-ppl': r.perplexity, 'data-change': r.perplexityChange, 'data-kl': r.meanKl, 'data-top1': r.top1,
      'data-ms': ev?.totalMs.toFixed(1), 'data-quantize-ms': ev?.quantizeMs.toFixed(1), 'data-compare-ms': ev?.compareMs.toFixed(1), 'data-worker-ms': ev?.workerMs.toFixed(1), 'data-learner-compile-ms': ev?.learner?.compileMs.toFixed(1), 'data-learner-run-ms': ev?.learner?.runMs.toFixed(1),
    } : { 'data-label': label, 'data-bpw': 32, 'data-ppl': engine!.floatStats.pplBase, 'data-float': '' },
    h('th', { scope: 'row' }, ...labelParts(label)),
    h('td', {}, r ? bpwText(r.bitsPerWeight) : '32'),
    h('td', {}, kb(r ? r.bytes : floatBytes)),
    h('td', {}, r ? `${r.perplexity.toFixed(3)} (${pct(r.perplexityChange)})` : engine!.floatStats.pplBase.toFixed(3)),
    h('td', {}, r ? klText(r.meanKl) : '—'),
    h('td', {}, r ? `${(r.top1 * 100).toFixed(1)}%` : '—'));
    const sampleRow = h('tr', { class: 'ml-sample-row' },
      h('td', { colspan: 6, class: 'ml-sample' }, h('span', { class: 'ml-sample-label' }, 'Sample: '), h('q', {}, h('span', { class: 'ml-prompt' }, prompt), sample)));
    return h('tbody', { class: 'ml-variant' }, tr, sampleRow);
  }

  /** "Q4_0 (4-bit symmetric, blocks of 32)" as the name and, smaller, what it is. */
  function labelParts(label: string): (string | HTMLElement)[] {
    const m = /^([^(]+?) \((.+)\)(.*)$/.exec(label);
    return m ? [`${m[1]}${m[3]}`, h('span', { class: 'ml-detail' }, m[2])] : [label];
  }

  async function essayTable(): Promise<void> {
    for (const [i, id] of ESSAY_IDS.entries()) {
      const s = byId(id);
      await addRow({ recipe: { scheme: s.scheme }, label: s.label, learner: false }, [i, ESSAY_IDS.length]);
    }
    status.textContent += ' The essay\'s table is complete.';
  }

  /** A built-in recipe's evaluation, from memory when it was already run. */
  async function reference(c: Choice): Promise<Evaluation> {
    return known.get(keyOf(c)) ?? evaluate(c);
  }

  async function checkQuantizer(): Promise<void> {
    const saved = savedQuantizer();
    if (!saved) throw new Error(NO_CODE);
    const settings = QUANTIZER_CHECK_SETTINGS;
    const total = 2 * settings.length;
    const rows: HTMLTableRowElement[] = [];
    let passed = 0;
    checkBox.replaceChildren();
    for (const [i, s] of settings.entries()) {
      const recipe: QuantRecipe = { scheme: { kind: 'int', ...s } };
      const label = intLabel(s.bits, s.blockSize, s.scheme);
      step(2 * i, total, `The course's quantizer, ${label}`);
      const ref = await reference({ recipe, label, learner: false });
      step(2 * i + 1, total, `Your quantizeBlocks, ${label}`);
      const yours = await engine!.evaluate(recipe, { code: saved.code });
      const v = judgeQuantizer(ref.result, yours.result);
      if (v.passed) passed++;
      const mark = (ok: boolean) => h('td', { class: ok ? 'ml-ok' : 'ml-bad' }, ok ? 'within' : 'too high');
      rows.push(h('tr', { 'data-passed': String(v.passed) },
        h('th', { scope: 'row' }, label),
        h('td', {}, v.perplexity.reference.toFixed(3)), h('td', {}, v.perplexity.yours.toFixed(3)), mark(v.perplexity.ok),
        h('td', {}, klText(v.meanKl.reference)), h('td', {}, klText(v.meanKl.yours)), mark(v.meanKl.ok)));
    }
    const ok = passed === settings.length;
    checkBox.replaceChildren(
      h('table', { class: 'fw-table ml-verdict' },
        h('thead', {}, h('tr', {}, ...['Setting', 'Course perplexity', 'Yours', '', 'Course mean KL', 'Yours', ''].map((t) => h('th', { scope: 'col' }, t)))),
        h('tbody', {}, ...rows)),
      h('p', { class: ok ? 'ml-ok' : 'ml-bad', 'data-role': 'check-verdict', 'data-passed': String(ok) },
        ok ? `Passed: your quantizeBlocks matches the course's at all ${settings.length} settings.`
          : `Not yet: ${settings.length - passed} of ${settings.length} settings are outside the tolerance. Compare your code with the rules in the exercise (scale, zero point, rounding, the range of the codes).`));
    status.textContent = ok ? 'Your quantizeBlocks passed the lab\'s check.' : 'Your quantizeBlocks did not pass the lab\'s check yet.';
    say(status.textContent);
  }

  async function matrixMap(): Promise<void> {
    const c = currentChoice();
    const names = engine!.model.manifest.linear;
    step(0, names.length + 1, `Quantizing every matrix with ${c.label}`);
    const saved = c.learner ? savedQuantizer() : null;
    if (c.learner && !saved) throw new Error(NO_CODE);
    const prepared = await engine!.prepare(c.recipe, saved ? { code: saved.code } : undefined);
    const kls = (await matrixSensitivity(names, async (name, i) => {
      step(i + 1, names.length + 1, `Quantizing only ${name}`);
      const only = prepared.replace[name];
      return only ? (await engine!.compare({ [name]: only })).stats.meanKl : 0;
    })).map((m) => m.meanKl);
    const max = Math.max(...kls, 1e-12);
    const cell = (name: string) => {
      const kl = kls[names.indexOf(name)]!;
      return h('td', { style: `--heat: ${(kl / max).toFixed(3)}`, 'data-matrix': name, 'data-kl': kl, title: `${name}: mean KL ${klText(kl)}` }, klText(kl));
    };
    const layers = engine!.model.config.layers;
    const kinds = ['attn.qkv', 'attn.proj', 'mlp.fc1', 'mlp.fc2'];
    mapBox.replaceChildren(
      h('div', { class: 'ml-scroll', role: 'region', tabindex: 0, 'aria-label': 'Which matrices matter: KL per matrix' }, h('table', { class: 'fw-table ml-heat' },
        h('caption', {}, `Mean KL when only one matrix is quantized (${c.label}); the other eight stay float32. Darker matters more.`),
        h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Layer'), ...kinds.map((k) => h('th', { scope: 'col' }, k)))),
        h('tbody', {},
          ...Array.from({ length: layers }, (_, l) => h('tr', {}, h('th', { scope: 'row' }, `layer ${l}`), ...kinds.map((k) => cell(`layers.${l}.${k}`)))),
          h('tr', {}, h('th', { scope: 'row' }, 'output (head)'), cell('head'), h('td', { colspan: kinds.length - 1 }, ''))))));
    const order = names.map((n, i) => [n, kls[i]!] as const).sort((a, b) => b[1] - a[1]);
    status.textContent = `Per-matrix map done: under ${c.label}, ${order[0]![0]} matters most (mean KL ${klText(order[0]![1])}) and ${order[order.length - 1]![0]} least (${klText(order[order.length - 1]![1])}).`;
    say(`Mean KL per matrix under ${c.label}: ${order.map(([n, k]) => `${n} ${klText(k)}`).join('; ')}.`);
  }

  // The bit budget.
  const matrixWeights = () => engine!.model.manifest.linear.map((name) => ({ name, n: engine!.model.tensors[name]!.length }));

  function buildBudgetGrid(): void {
    for (const { name } of matrixWeights()) {
      const sel = h('select', { 'data-matrix': name, 'aria-label': `Format of ${name}` });
      for (const id of BUDGET_IDS) sel.append(h('option', { value: id, selected: id === 'q4_0' }, `${id} (${bpwText(schemeBitsPerWeight(byId(id).scheme, engine!.model.tensors[name]!.length))})`));
      sel.addEventListener('change', updateMeter);
      matrixSelects.set(name, sel);
      budgetGrid.append(h('label', { class: 'ml-budget-cell' }, h('code', {}, name), sel));
    }
    updateMeter();
  }

  /** Bits per weight of the mix in the selects, over the nine matrices. */
  function mixBitsPerWeight(): number {
    let bits = 0, weights = 0;
    for (const { name, n } of matrixWeights()) {
      bits += schemeBitsPerWeight(byId(matrixSelects.get(name)!.value).scheme, n) * n;
      weights += n;
    }
    return bits / weights;
  }

  function updateMeter(): void {
    if (!engine) return;
    const used = mixBitsPerWeight(), budget = Number(budgetSelect.value);
    const over = used > budget + 1e-9;
    meter.dataset.over = String(over);
    meter.textContent = `This mix: ${used.toFixed(3)} bits per weight; budget ${budget}. ${over ? `Over budget by ${(used - budget).toFixed(3)}: choose a cheaper format somewhere.` : `Within budget${used < budget - 1e-9 ? ` (${(budget - used).toFixed(3)} to spare)` : ''}.`}`;
  }

  async function planBudget(): Promise<void> {
    const weights = matrixWeights();
    const todo = BUDGET_IDS.filter((id) => weights.some(({ name }) => !measured.has(`${id} ${name}`)));
    const total = todo.length * (weights.length + 1);
    let done = 0;
    // A format measured on every matrix before is not measured again; the others quantize every matrix once.
    let prepared: { id: string; replace: Record<string, Float32Array> } | null = null;
    const budget = Number(budgetSelect.value);
    const plan = await mixedPrecision(weights.map(({ name, n }) => ({ name, weights: n })), BUDGET_IDS.map((id) => ({ id, scheme: byId(id).scheme })), budget, async ({ id, scheme }, name) => {
      if (!todo.includes(id)) return measured.get(`${id} ${name}`)!;
      if (prepared?.id !== id) {
        step(done++, total, `Quantizing every matrix with ${id}`);
        prepared = { id, replace: (await engine!.prepare({ scheme })).replace };
      }
      step(done++, total, `Measuring ${name} alone at ${id}`);
      const { stats } = await engine!.compare({ [name]: prepared.replace[name]! });
      measured.set(`${id} ${name}`, stats.meanKl);
      return stats.meanKl;
    });
    for (const [name, opt] of Object.entries(plan)) matrixSelects.get(name)!.value = opt.id;
    updateMeter();
    status.textContent = `Planned a mix for ${budget} bits per weight from ${BUDGET_IDS.length * weights.length} one-matrix measurements. The planner adds the KLs of single matrices, an estimate: evaluate the mix to measure it.`;
    say(status.textContent);
  }

  async function evaluateMix(): Promise<void> {
    const overrides: Record<string, MatrixScheme> = {};
    const counts = new Map<string, number>();
    for (const [name, sel] of matrixSelects) {
      overrides[name] = byId(sel.value).scheme;
      counts.set(sel.value, (counts.get(sel.value) ?? 0) + 1);
    }
    const used = mixBitsPerWeight(), budget = Number(budgetSelect.value);
    const q4 = byId('q4_0');
    const uniformChoice: Choice = { recipe: { scheme: q4.scheme }, label: `${q4.label} everywhere`, learner: false };
    const uniformKnown = known.get(keyOf(uniformChoice));
    const steps = uniformKnown ? 1 : 2;
    const mix = await addRow({ recipe: { scheme: { kind: 'float' }, overrides }, label: `Your mix (${[...counts].map(([id, k]) => `${id} ×${k}`).join(', ')})`, learner: false }, [0, steps]);
    const uniform = uniformKnown ?? (await addRow(uniformChoice, [1, steps]));
    const m = mix.result, u = uniform.result;
    const better = m.meanKl < u.meanKl;
    budgetBox.replaceChildren(h('p', { 'data-role': 'budget-verdict', 'data-better': String(better) },
      `Your mix: ${bpwText(m.bitsPerWeight)} bits per weight (budget ${budget}${used > budget + 1e-9 ? ', over it' : ''}), perplexity ${m.perplexity.toFixed(3)} (${pct(m.perplexityChange)}), mean KL ${klText(m.meanKl)}. Uniform Q4_0: ${bpwText(u.bitsPerWeight)} bits per weight, perplexity ${u.perplexity.toFixed(3)} (${pct(u.perplexityChange)}), mean KL ${klText(u.meanKl)}. `
      + (better ? `The mix's mean KL is ${(100 * (1 - m.meanKl / u.meanKl)).toFixed(0)}% lower than uniform Q4_0's.` : `Uniform Q4_0 does better here; try moving bits to the matrices the map shows matter most.`)));
    status.textContent = budgetBox.textContent ?? '';
    say(status.textContent);
  }

  void (async () => {
    try {
      const cm = await fetchModel();
      if (closed) return;
      const tokens = encode(cm.model.manifest, cm.heldout);
      status.textContent = 'Starting the evaluation workers and running the float model once…';
      progress.hidden = false;
      progress.removeAttribute('value'); // indeterminate while the workers start
      const e = await createEngine(cm.model, tokens);
      if (closed) return e.close();
      engine = e;
      const sample = await e.generate({}, prompt, SAMPLE_LENGTH);
      table.append(row('float32 (the trained model)', null, sample));
      buildBudgetGrid();
      progress.hidden = true;
      status.textContent = `Ready: ${(tokens.length - 1).toLocaleString('en-US')} held-out predictions, split over ${e.pool.size} workers. The float model's perplexity is ${e.floatStats.pplBase.toFixed(3)} (computed once in ${e.pool.floatMs.toFixed(0)} ms).`;
      root.dataset.ready = 'true';
      say(`The float model's perplexity on the held-out text is ${e.floatStats.pplBase.toFixed(3)}.`);
      for (const b of actions) b.disabled = false;
    } catch (err) {
      if (!closed) {
        progress.hidden = true;
        status.textContent = `The lab could not start: ${(err as Error).message}. Reload the page to try again.`;
        root.dataset.ready = 'error';
      }
    }
  })();

  return () => {
    closed = true;
    engine?.close();
  };
});

export default mount;
