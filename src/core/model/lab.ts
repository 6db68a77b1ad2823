/**
 * The lab's engine: the float model's logits over a held-out text, computed once, and each
 * quantized variant compared against them with the core's klStats (perplexity, KL, top-1 agreement).
 */
import { klStats, type KlStats } from '../metrics/kl.ts';
import { perplexityFromLogits } from '../metrics/perplexity.ts';
import { evaluationTargets, logitRows, textLogits } from './forward.ts';
import { quantizeModel, schemeBitsPerWeight, type MatrixScheme, type QuantRecipe } from './quantize.ts';
import { encode } from './tokenizer.ts';
import type { Model } from './weights.ts';

/** The float model's view of a text: tokens, targets and logits, computed once per page or test. */
export interface Baseline {
  model: Model;
  tokens: Int32Array;
  targets: number[];
  /** Flat logits, one row of vocabSize per prediction. */
  logits: Float32Array;
  rows: Float32Array[];
  perplexity: number;
}

/** Run the float model over `text` once. */
export function createBaseline(model: Model, text: string): Baseline {
  const tokens = encode(model.manifest, text);
  const logits = textLogits(model, tokens);
  const rows = logitRows(logits, model.config.vocabSize);
  const targets = Array.from(evaluationTargets(tokens));
  return { model, tokens, targets, logits, rows, perplexity: perplexityFromLogits(rows, targets) };
}

/** One row of the lab's table. */
export interface VariantResult {
  bitsPerWeight: number;
  bytes: number;
  perplexity: number;
  /** Relative change against the float model: 0.055 is +5.5%. */
  perplexityChange: number;
  meanKl: number;
  /** Share of positions whose most likely next character is the float model's. */
  top1: number;
  stats: KlStats;
}

/** Compare a variant's logits (same text, same windows) with the baseline's. */
export function compareWithBaseline(base: Baseline, logits: Float32Array, cost: { bitsPerWeight: number; bytes: number }): VariantResult {
  if (logits.length !== base.logits.length) throw new RangeError(`the variant has ${logits.length} logits, the baseline ${base.logits.length}`);
  const stats = klStats(base.rows, logitRows(logits, base.model.config.vocabSize), base.targets);
  return {
    bitsPerWeight: cost.bitsPerWeight,
    bytes: cost.bytes,
    perplexity: stats.pplQuant,
    perplexityChange: stats.pplQuant / stats.pplBase - 1,
    meanKl: stats.meanKl,
    top1: stats.sameTop,
    stats,
  };
}

/** Quantize the model with `recipe`, run it over the baseline's text and compare. */
export function evaluateRecipe(base: Baseline, recipe: QuantRecipe): VariantResult {
  const q = quantizeModel(base.model, recipe);
  return compareWithBaseline(base, textLogits(q.model, base.tokens), q);
}

/** "Which layers matter": quantize one matrix at a time (the rest float) and report its mean KL. */
export function matrixSensitivity(base: Baseline, scheme: MatrixScheme, outlierFraction = 0): { name: string; meanKl: number; perplexityChange: number }[] {
  const float: MatrixScheme = { kind: 'float' };
  return base.model.manifest.linear.map((name) => {
    const r = evaluateRecipe(base, { scheme: float, overrides: { [name]: scheme }, outlierFraction });
    return { name, meanKl: r.meanKl, perplexityChange: r.perplexityChange };
  });
}

/** One way to store one matrix, with its measured cost (total bits) and damage (KL when only it is quantized). */
export interface MatrixOption {
  id: string;
  scheme: MatrixScheme;
  bits: number;
  kl: number;
}

/**
 * Mixed precision under a budget: start every matrix at its cheapest option, then repeatedly take
 * the upgrade that removes the most KL per extra bit while the total stays within `budgetBits`.
 * One-at-a-time KLs are treated as additive, a first-order estimate the lab then checks by measuring.
 */
export function planBitBudget(options: Readonly<Record<string, readonly MatrixOption[]>>, budgetBits: number): Record<string, MatrixOption> {
  const plan: Record<string, MatrixOption> = {};
  let used = 0;
  for (const [name, opts] of Object.entries(options)) {
    if (opts.length === 0) throw new RangeError(`matrix ${name} has no options`);
    plan[name] = opts.reduce((a, b) => (b.bits < a.bits ? b : a));
    used += plan[name]!.bits;
  }
  if (used > budgetBits) throw new RangeError(`the budget of ${budgetBits} bits is below the cheapest choice for every matrix (${used} bits)`);
  for (;;) {
    let best: { name: string; opt: MatrixOption; gain: number } | null = null;
    for (const [name, opts] of Object.entries(options)) {
      const cur = plan[name]!;
      for (const opt of opts) {
        const extra = opt.bits - cur.bits, gain = cur.kl - opt.kl;
        if (extra <= 0 || gain <= 0 || used + extra > budgetBits) continue;
        if (!best || gain / extra > best.gain) best = { name, opt, gain: gain / extra };
      }
    }
    if (!best) return plan;
    used += best.opt.bits - plan[best.name]!.bits;
    plan[best.name] = best.opt;
  }
}

/**
 * Measure every (matrix, scheme) pair one at a time, plan a mix within `budgetBitsPerWeight` over the
 * linear matrices, and evaluate the mix. Costs one evaluation per pair plus one.
 */
export function mixedPrecision(base: Baseline, choices: readonly { id: string; scheme: MatrixScheme }[], budgetBitsPerWeight: number): {
  plan: Record<string, string>;
  result: VariantResult;
} {
  const { model } = base;
  const options: Record<string, MatrixOption[]> = {};
  let weights = 0;
  for (const name of model.manifest.linear) {
    const n = model.tensors[name]!.length;
    weights += n;
    options[name] = choices.map((c) => {
      const r = evaluateRecipe(base, { scheme: { kind: 'float' }, overrides: { [name]: c.scheme } });
      return { id: c.id, scheme: c.scheme, bits: schemeBitsPerWeight(c.scheme, n) * n, kl: r.meanKl };
    });
  }
  const chosen = planBitBudget(options, budgetBitsPerWeight * weights);
  const overrides = Object.fromEntries(Object.entries(chosen).map(([k, o]) => [k, o.scheme]));
  return {
    plan: Object.fromEntries(Object.entries(chosen).map(([k, o]) => [k, o.id])),
    result: evaluateRecipe(base, { scheme: { kind: 'float' }, overrides }),
  };
}
