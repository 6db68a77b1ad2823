/**
 * The lab (lesson "Lab: quantize a real model"): quantize the course's small language model with a
 * chosen scheme, or with the learner's own quantizeBlocks, run it over held-out text in Web Workers,
 * and fill a table (bits per weight, size, perplexity and its change, mean KL, top-1 agreement, a
 * sample). Below it, the sections: the lab's exercise (check.ts), a per-matrix KL map (map.ts) and a
 * bit budget (budget.ts). Everything heavy runs in the lab's workers (src/lab); the page gathers
 * results between steps, so it stays responsive, and Stop ends a series early.
 */
// Specific core modules, not the barrels: the page only gathers results, so it loads neither the forward pass nor the quantizers.
import { LAB_OUTLIER_FRACTION, labSchemes, type MatrixScheme } from '../../core/model/recipe.ts';
import { encode } from '../../core/model/tokenizer.ts';
import { createEngine, fetchModel, LEARNER_TIMEOUT_MS, savedQuantizer, warmLearnerRunner, type Engine, type Evaluation } from '../../lab/index.ts';
import { h, injectStyle, liveDescription } from '../shared/dom.ts';
import { button } from '../shared/controls.ts';
import { guardedMount } from '../shared/guarded-mount.ts';
import { budgetSection } from './budget.ts';
import { checkSection } from './check.ts';
import { NO_CODE, Stopped, type Choice, type LabContext } from './context.ts';
import { bpwText, intLabel, klText, pct } from './format.ts';
import { mapSection } from './map.ts';
import { LAB_CSS } from './style.ts';
import { ggufFormOf } from './download.ts';
import { resultsTable, variantRows } from './table.ts';

const DEFAULT_PROMPT = 'The whale ';
/** Characters written for each row's sample: with the default prompt, exactly one context of 64. */
const SAMPLE_LENGTH = 54;
// Shared with the figures the lessons quote for the outlier table.
const OUTLIER_FRACTION = LAB_OUTLIER_FRACTION;
const CUSTOM = 'custom';
const LEARNER = 'learner';
/** The essay's table, plus Q2_K beside naive 2-bit. */
const ESSAY_IDS = ['q8_0', 'q4_1', 'q4_0', 'int3-asym', 'int2-asym', 'q2_K', 'int4-sym-tensor'];

const mount = (root: HTMLElement) => guardedMount(root, () => {
  injectStyle('model-lab', LAB_CSS);
  let engine: Engine | null = null;
  let closed = false, busy = false, stopAsked = false;
  let prompt = DEFAULT_PROMPT;
  /** Evaluations of built-in recipes, by key, reused by the check and the budget. */
  const known = new Map<string, Evaluation>();

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
      const how = `It is compiled and run in the exercise's sandbox, with ${LEARNER_TIMEOUT_MS / 1000} seconds for all of the model's matrices.`;
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

  const table = resultsTable();
  const ggufNote = h('p', { class: 'ml-note', 'data-role': 'gguf-note' },
    'Save (the GGUF column) downloads a row as a file llama.cpp runs, the same bytes ', h('code', {}, 'quantcourse gguf export'), ' writes; a dash means the row has no GGUF form (hover it for why). Where a matrix\'s rows do not fit a format\'s blocks, that tensor falls back to another type, as llama-quantize does (',
    h('a', { href: '../into-llama-cpp/#get-the-files' }, 'Into llama.cpp'), '); after a download, this line lists them. A row of your own quantizeBlocks saves too when its setting is a ggml format (blocks of 32: symmetric 4, 5 or 8 bits, asymmetric 4 or 5): the file holds the codes your code returned, with each scale rounded to float16 as ggml stores it.');
  const reportGguf = (text: string) => {
    ggufNote.textContent = text;
    say(text);
  };
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

  const keyOf = (c: Choice) => JSON.stringify(c.recipe);
  const ctx: LabContext = {
    engine: () => engine!,
    status,
    say,
    step,
    guarded,
    byId,
    currentChoice,
    reference: async (c) => known.get(keyOf(c)) ?? evaluate(c),
    known: (c) => known.get(keyOf(c)),
    addRow,
  };
  const check = checkSection(ctx), map = mapSection(ctx), budget = budgetSection(ctx);

  const actions = [runBtn, essayBtn, clearBtn, ...check.buttons, ...map.buttons, ...budget.buttons];
  for (const b of [...actions, stopBtn]) b.disabled = true;

  root.append(h('div', { class: 'fw ml' },
    status, progress,
    h('div', { class: 'fw-row' }, h('label', { class: 'fw-row' }, h('span', { class: 'fw-seg-label' }, 'Scheme'), schemeSelect)),
    custom, learnerNote, outlierLabel,
    h('label', { class: 'fw-row' }, h('span', { class: 'fw-seg-label' }, 'Samples continue'), promptInput),
    h('div', { class: 'fw-row' }, runBtn, essayBtn, stopBtn, clearBtn),
    h('div', { class: 'ml-scroll', role: 'region', tabindex: 0, 'aria-label': 'Results, one row per variant' }, table),
    ggufNote,
    check.section, map.section, budget.section));

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
    table.append(variantRows(engine!, prompt, c.label, r, sample, { form: ggufFormOf(c.recipe, c.learner, { blocks: ev.learnerBlocks, replace: ev.replace }), report: reportGguf }, ev));
    const learnerPart = ev.learner ? `, of which ${ev.learner.compileMs.toFixed(0)} ms compiling your code and ${ev.learner.runMs.toFixed(0)} ms running it in the sandbox` : '';
    status.textContent = `${c.label}: perplexity ${r.perplexity.toFixed(3)} (${pct(r.perplexityChange)}), mean KL ${klText(r.meanKl)}, top-1 agreement ${(r.top1 * 100).toFixed(1)}%. Evaluated in ${ev.totalMs.toFixed(0)} ms (quantizing ${ev.quantizeMs.toFixed(0)} ms${learnerPart}; running and comparing ${ev.compareMs.toFixed(0)} ms) on ${engine!.pool.size} workers.`;
    say(`Added ${c.label}: ${bpwText(r.bitsPerWeight)} bits per weight, perplexity ${r.perplexity.toFixed(3)}, change ${pct(r.perplexityChange)}, mean KL ${klText(r.meanKl)}, top-1 agreement ${(r.top1 * 100).toFixed(1)}%.`);
    return ev;
  }

  async function essayTable(): Promise<void> {
    for (const [i, id] of ESSAY_IDS.entries()) {
      const s = byId(id);
      await addRow({ recipe: { scheme: s.scheme }, label: s.label, learner: false }, [i, ESSAY_IDS.length]);
    }
    status.textContent += ' The essay\'s table is complete.';
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
      table.append(variantRows(e, prompt, 'float32 (the trained model)', null, sample, { form: { scheme: 'f32' }, report: reportGguf }));
      budget.ready();
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
