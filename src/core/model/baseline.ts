/**
 * A quantized model against its float baseline: the float model's logits over a held-out text,
 * computed once, and each quantized variant compared against them with the core's klStats (perplexity, KL, top-1 agreement).
 */
import { klStats } from '../metrics/kl.ts';
import { perplexityFromLogits } from '../metrics/perplexity.ts';
import { evaluationTargets, logitRows, textLogits } from './forward.ts';
import { quantizeModel, type QuantRecipe } from './quantize.ts';
import { variantResult, type VariantResult } from './results.ts';
import { encode } from './tokenizer.ts';
import type { Model } from './weights.ts';

// What needs no model run lives in results.ts (the lab's page loads it alone); it is part of this module's API.
export {
  comparePositions, matrixSensitivity, mixedPrecision, planBitBudget, referenceRows, statsFromPositions, variantResult,
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
