/**
 * The lab's engine: the float model's logits over a held-out text, computed once, and each
 * quantized variant compared against them with the core's klStats (perplexity, KL, top-1 agreement).
 */
import { klStats } from '../metrics/kl.ts';
import { perplexityFromLogits } from '../metrics/perplexity.ts';
import { evaluationTargets, logitRows, textLogits } from './forward.ts';
import { quantizeModel, schemeBitsPerWeight, type MatrixScheme, type QuantRecipe } from './quantize.ts';
import { planBitBudget, variantResult, type MatrixOption, type VariantResult } from './results.ts';
import { encode } from './tokenizer.ts';
import type { Model } from './weights.ts';

// What needs no model run lives in results.ts (the lab's page loads it alone); it is part of this module's API.
export {
  comparePositions, planBitBudget, referenceRows, statsFromPositions, variantResult,
  type MatrixOption, type PositionComparison, type ReferenceRows, type VariantResult,
} from './results.ts';

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

/** Compare a variant's logits (same text, same windows) with the baseline's. */
export function compareWithBaseline(base: Baseline, logits: Float32Array, cost: { bitsPerWeight: number; bytes: number }): VariantResult {
  if (logits.length !== base.logits.length) throw new RangeError(`the variant has ${logits.length} logits, the baseline ${base.logits.length}`);
  return variantResult(klStats(base.rows, logitRows(logits, base.model.config.vocabSize), base.targets), cost);
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
