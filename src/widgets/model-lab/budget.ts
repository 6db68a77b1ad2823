/**
 * "Spend a bit budget": a format per matrix within a budget of bits per weight, planned from
 * one-matrix measurements (the core's mixedPrecision) and evaluated against uniform Q4_0.
 */
import { LAB_BUDGET_CHOICES, schemeBitsPerWeight, type MatrixScheme } from '../../core/model/recipe.ts';
import { mixedPrecision } from '../../core/model/results.ts';
import { h } from '../shared/dom.ts';
import { button } from '../shared/controls.ts';
import type { Choice, LabContext } from './context.ts';
import { bpwText, klText, pct } from './format.ts';

/** What each matrix may be stored as in the bit budget (shared with the figures the lesson quotes). */
const BUDGET_IDS = LAB_BUDGET_CHOICES;
const BUDGETS = [3.5, 4, 4.5, 5, 6];
const DEFAULT_BUDGET = 4.5;

/** The budget's section, its buttons, and `ready` to build the per-matrix choices once the engine runs. */
export function budgetSection(ctx: LabContext): { section: HTMLElement; buttons: HTMLButtonElement[]; ready(): void } {
  /** KL of each (budget choice, matrix) measured one matrix at a time, for the planner. */
  const measured = new Map<string, number>();
  const budgetSelect = h('select', { 'data-role': 'budget' });
  for (const b of BUDGETS) budgetSelect.append(h('option', { value: b, selected: b === DEFAULT_BUDGET }, `${b} bits per weight`));
  const meter = h('p', { class: 'ml-meter', 'data-role': 'budget-meter' });
  const matrixSelects = new Map<string, HTMLSelectElement>();
  const budgetGrid = h('div', { class: 'ml-budget-grid', 'data-role': 'budget-grid' });
  const planBtn = button('Plan it from measurements', 'budget-plan', () => void ctx.guarded(planBudget));
  const budgetBtn = button('Evaluate this mix against uniform Q4_0', 'budget-run', () => void ctx.guarded(evaluateMix));
  const budgetBox = h('div', { class: 'ml-budget', 'data-role': 'budget-result' });
  let ready = false;
  budgetSelect.addEventListener('change', updateMeter);
  const section = h('section', { class: 'ml-section', 'aria-label': 'Spend a bit budget' },
    h('p', { class: 'ml-head' }, 'Spend a bit budget'),
    h('p', {}, 'Choose a format for each matrix so that the average over all of them stays within the budget, then compare the result with uniform Q4_0 (4.5 bits per weight everywhere). "Plan it" measures every format on every matrix alone and fills the choices greedily: each step buys the upgrade that removes the most KL per extra bit.'),
    h('label', { class: 'fw-row' }, h('span', { class: 'fw-seg-label' }, 'Budget'), budgetSelect),
    budgetGrid, meter,
    h('div', { class: 'fw-row' }, planBtn, budgetBtn), budgetBox);

  const matrixWeights = () => ctx.engine().model.manifest.linear.map((name) => ({ name, n: ctx.engine().model.tensors[name]!.length }));

  function buildBudgetGrid(): void {
    for (const { name, n } of matrixWeights()) {
      const sel = h('select', { 'data-matrix': name, 'aria-label': `Format of ${name}` });
      for (const id of BUDGET_IDS) sel.append(h('option', { value: id, selected: id === 'q4_0' }, `${id} (${bpwText(schemeBitsPerWeight(ctx.byId(id).scheme, n))})`));
      sel.addEventListener('change', updateMeter);
      matrixSelects.set(name, sel);
      budgetGrid.append(h('label', { class: 'ml-budget-cell' }, h('code', {}, name), sel));
    }
    ready = true;
    updateMeter();
  }

  /** Bits per weight of the mix in the selects, over every linear matrix. */
  function mixBitsPerWeight(): number {
    let bits = 0, weights = 0;
    for (const { name, n } of matrixWeights()) {
      bits += schemeBitsPerWeight(ctx.byId(matrixSelects.get(name)!.value).scheme, n) * n;
      weights += n;
    }
    return bits / weights;
  }

  function updateMeter(): void {
    if (!ready) return;
    const used = mixBitsPerWeight(), budget = Number(budgetSelect.value);
    const over = used > budget + 1e-9;
    meter.dataset.over = String(over);
    meter.textContent = `This mix: ${used.toFixed(3)} bits per weight; budget ${budget}. ${over ? `Over budget by ${(used - budget).toFixed(3)}: choose a cheaper format somewhere.` : `Within budget${used < budget - 1e-9 ? ` (${(budget - used).toFixed(3)} to spare)` : ''}.`}`;
  }

  async function planBudget(): Promise<void> {
    const engine = ctx.engine();
    const weights = matrixWeights();
    const todo = BUDGET_IDS.filter((id) => weights.some(({ name }) => !measured.has(`${id} ${name}`)));
    const total = todo.length * (weights.length + 1);
    let done = 0;
    // A format measured on every matrix before is not measured again; the others quantize every matrix once.
    let prepared: { id: string; replace: Record<string, Float32Array> } | null = null;
    const budget = Number(budgetSelect.value);
    const plan = await mixedPrecision(weights.map(({ name, n }) => ({ name, weights: n })), BUDGET_IDS.map((id) => ({ id, scheme: ctx.byId(id).scheme })), budget, async ({ id, scheme }, name) => {
      if (!todo.includes(id)) return measured.get(`${id} ${name}`)!;
      if (prepared?.id !== id) {
        ctx.step(done++, total, `Quantizing every matrix with ${id}`);
        prepared = { id, replace: (await engine.prepare({ scheme })).replace };
      }
      ctx.step(done++, total, `Measuring ${name} alone at ${id}`);
      const { stats } = await engine.compare({ [name]: prepared.replace[name]! });
      measured.set(`${id} ${name}`, stats.meanKl);
      return stats.meanKl;
    });
    for (const [name, opt] of Object.entries(plan)) matrixSelects.get(name)!.value = opt.id;
    updateMeter();
    ctx.status.textContent = `Planned a mix for ${budget} bits per weight from ${BUDGET_IDS.length * weights.length} one-matrix measurements. The planner adds the KLs of single matrices, an estimate: evaluate the mix to measure it.`;
    ctx.say(ctx.status.textContent);
  }

  async function evaluateMix(): Promise<void> {
    const overrides: Record<string, MatrixScheme> = {};
    const counts = new Map<string, number>();
    for (const [name, sel] of matrixSelects) {
      overrides[name] = ctx.byId(sel.value).scheme;
      counts.set(sel.value, (counts.get(sel.value) ?? 0) + 1);
    }
    const used = mixBitsPerWeight(), budget = Number(budgetSelect.value);
    const q4 = ctx.byId('q4_0');
    const uniformChoice: Choice = { recipe: { scheme: q4.scheme }, label: `${q4.label} everywhere`, learner: false };
    const uniformKnown = ctx.known(uniformChoice);
    const steps = uniformKnown ? 1 : 2;
    const mix = await ctx.addRow({ recipe: { scheme: { kind: 'float' }, overrides }, label: `Your mix (${[...counts].map(([id, k]) => `${id} ×${k}`).join(', ')})`, learner: false }, [0, steps]);
    const uniform = uniformKnown ?? (await ctx.addRow(uniformChoice, [1, steps]));
    const m = mix.result, u = uniform.result;
    const better = m.meanKl < u.meanKl;
    budgetBox.replaceChildren(h('p', { 'data-role': 'budget-verdict', 'data-better': String(better) },
      `Your mix: ${bpwText(m.bitsPerWeight)} bits per weight (budget ${budget}${used > budget + 1e-9 ? ', over it' : ''}), perplexity ${m.perplexity.toFixed(3)} (${pct(m.perplexityChange)}), mean KL ${klText(m.meanKl)}. Uniform Q4_0: ${bpwText(u.bitsPerWeight)} bits per weight, perplexity ${u.perplexity.toFixed(3)} (${pct(u.perplexityChange)}), mean KL ${klText(u.meanKl)}. `
      + (better ? `The mix's mean KL is ${(100 * (1 - m.meanKl / u.meanKl)).toFixed(0)}% lower than uniform Q4_0's.` : `Uniform Q4_0 does better here; try moving bits to the matrices the map shows matter most.`)));
    ctx.status.textContent = budgetBox.textContent ?? '';
    ctx.say(ctx.status.textContent);
  }

  return { section, buttons: [planBtn, budgetBtn], ready: buildBudgetGrid };
}
