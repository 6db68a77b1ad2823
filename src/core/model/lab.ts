/**
 * The lab's engine: the float model's logits over a held-out text, computed once, and each
 * quantized variant compared against them with the core's klStats (perplexity, KL, top-1 agreement).
 */
import { klStats, median, percentile, type KlStats } from '../metrics/kl.ts';
import { perplexityFromLogProbs, perplexityFromLogits } from '../metrics/perplexity.ts';
import { argmax, logSoftmax } from '../metrics/softmax.ts';
import type { Scheme } from '../quant/blocks.ts';
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

/** A VariantResult from KlStats and the variant's cost. */
export function variantResult(stats: KlStats, cost: { bitsPerWeight: number; bytes: number }): VariantResult {
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

/**
 * The float model's side of a comparison over some positions, kept by whoever evaluates them (a
 * worker keeps its share): log-probabilities per row, the target's log-probability, the top token.
 */
export interface ReferenceRows {
  vocabSize: number;
  /** Row i of logSoftmax(float logits), flat. */
  logProbs: Float64Array;
  /** exp of logProbs (the float model's probabilities), computed once rather than per comparison. */
  probs: Float64Array;
  targets: Int32Array;
  /** argmax of the float logits per row. */
  top: Int32Array;
}

/** The float model's reference for rows of logits and their targets (done once). */
export function referenceRows(logits: Float32Array, targets: ArrayLike<number>, vocabSize: number): ReferenceRows {
  const n = logits.length / vocabSize;
  if (!Number.isInteger(n) || n !== targets.length) throw new RangeError(`${logits.length} logits are not ${targets.length} rows of ${vocabSize}`);
  const logProbs = new Float64Array(logits.length), top = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const row = logits.subarray(i * vocabSize, (i + 1) * vocabSize);
    logProbs.set(logSoftmax(row), i * vocabSize);
    top[i] = argmax(row);
  }
  return { vocabSize, logProbs, probs: logProbs.map(Math.exp), targets: Int32Array.from(targets), top };
}

/** Per position: KL(float‖variant), both models' log-probability of the target, and whether their top tokens agree. */
export interface PositionComparison {
  kl: Float64Array;
  lpBase: Float64Array;
  lpQuant: Float64Array;
  sameTop: Uint8Array;
}

/** Compare a variant's logits at the reference's positions, position by position (what klStats sums). */
export function comparePositions(ref: ReferenceRows, logits: Float32Array): PositionComparison {
  const V = ref.vocabSize, n = ref.targets.length;
  if (logits.length !== n * V) throw new RangeError(`the variant has ${logits.length} logits, the reference ${n} rows of ${V}`);
  const kl = new Float64Array(n), lpBase = new Float64Array(n), lpQuant = new Float64Array(n), sameTop = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const row = logits.subarray(i * V, (i + 1) * V);
    const lq = logSoftmax(row);
    const o = i * V, lp = ref.logProbs, probs = ref.probs;
    let sum = 0;
    for (let j = 0; j < V; j++) {
      const p = probs[o + j]!;
      if (p > 0) sum += p * (lp[o + j]! - lq[j]!);
    }
    const t = ref.targets[i]!;
    kl[i] = sum;
    lpBase[i] = lp[o + t]!;
    lpQuant[i] = lq[t]!;
    sameTop[i] = argmax(row) === ref.top[i] ? 1 : 0;
  }
  return { kl, lpBase, lpQuant, sameTop };
}

/**
 * KlStats from position comparisons taken in order (a worker's share each): the numbers klStats gives
 * for the whole text, to the last bit, since every sum runs over the same values in the same order.
 */
export function statsFromPositions(parts: readonly PositionComparison[]): KlStats {
  const n = parts.reduce((k, p) => k + p.kl.length, 0);
  if (n === 0) throw new RangeError('no positions to compare');
  const kls: number[] = [], lpBase = new Float64Array(n), lpQuant = new Float64Array(n);
  let same = 0, dp2 = 0, at = 0;
  for (const p of parts) {
    for (let i = 0; i < p.kl.length; i++) {
      kls.push(p.kl[i]!);
      lpBase[at] = p.lpBase[i]!;
      lpQuant[at] = p.lpQuant[i]!;
      dp2 += (Math.exp(p.lpQuant[i]!) - Math.exp(p.lpBase[i]!)) ** 2;
      same += p.sameTop[i]!;
      at++;
    }
  }
  const sorted = kls.slice().sort((a, b) => a - b);
  return {
    pplBase: perplexityFromLogProbs(lpBase),
    pplQuant: perplexityFromLogProbs(lpQuant),
    meanKl: kls.reduce((a, b) => a + b, 0) / n,
    medianKl: median(sorted),
    maxKl: sorted[n - 1]!,
    p99Kl: percentile(sorted, 0.99),
    sameTop: same / n,
    rmsDeltaP: Math.sqrt(dp2 / n),
  };
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

/**
 * The settings at which the lab checks a learner's quantizeBlocks against the course's. Each costs a
 * run of the learner's function over every weight and a model evaluation, so two: asymmetric at 4
 * and 3 bits catch a coarser grid and an ignored `scheme` (always symmetric is 3% and 24% worse);
 * the exercise's hidden rows hold the symmetric branch to the course's error.
 */
export const QUANTIZER_CHECK_SETTINGS: readonly { bits: number; blockSize: number; scheme: Scheme }[] = [
  { bits: 4, blockSize: 32, scheme: 'asymmetric' },
  { bits: 3, blockSize: 32, scheme: 'asymmetric' },
];

/**
 * How close a learner's quantizer must come to the course's at each check setting: perplexity at most
 * 1% above the reference's, mean KL at most 0.005 nats plus 5% of the reference's above it. Doing
 * better passes: the bits are fixed by the setting (checkLearnerBlocks), so better is just better.
 */
export const QUANTIZER_TOLERANCE = { perplexityRel: 0.01, klAbs: 0.005, klRel: 0.05 } as const;

/** One setting's verdict: both measures, the reference's and the learner's, and whether each is within tolerance. */
export interface QuantizerCheck {
  passed: boolean;
  perplexity: { reference: number; yours: number; allowed: number; ok: boolean };
  meanKl: { reference: number; yours: number; allowed: number; ok: boolean };
}

/** Judge a learner's result against the reference scheme's at the same setting (`allowed`: how far above the reference). */
export function judgeQuantizer(reference: VariantResult, yours: VariantResult, tol = QUANTIZER_TOLERANCE): QuantizerCheck {
  const pAllowed = tol.perplexityRel * reference.perplexity;
  const kAllowed = tol.klAbs + tol.klRel * reference.meanKl;
  const pOk = yours.perplexity - reference.perplexity <= pAllowed;
  const kOk = yours.meanKl - reference.meanKl <= kAllowed;
  return {
    passed: pOk && kOk,
    perplexity: { reference: reference.perplexity, yours: yours.perplexity, allowed: pAllowed, ok: pOk },
    meanKl: { reference: reference.meanKl, yours: yours.meanKl, allowed: kAllowed, ok: kOk },
  };
}
