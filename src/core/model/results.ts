/**
 * The lab's numbers from measurements already taken, without running the model: the float model's
 * reference rows and per-position comparisons with it (what a worker computes), their statistics
 * gathered over workers, a table row, which matrices matter and the bit-budget planner, each given a
 * way to measure (in place, or in the lab's workers).
 * It imports no forward pass and no quantizer, so the lab's page, which only gathers, stays small.
 */
import { median, percentile, type KlStats } from '../metrics/kl.ts';
import { perplexityFromLogProbs } from '../metrics/perplexity.ts';
import { argmax, logSoftmax } from '../metrics/softmax.ts';
import { schemeBitsPerWeight, type MatrixScheme } from './recipe.ts';

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
 * "Which layers matter": the mean KL with one matrix at a time quantized and the rest float, in the
 * order of `names`. `klAlone(name)` measures the model with only that matrix quantized.
 */
export async function matrixSensitivity(names: readonly string[], klAlone: (name: string, index: number) => Promise<number>): Promise<{ name: string; meanKl: number }[]> {
  const out: { name: string; meanKl: number }[] = [];
  for (const [i, name] of names.entries()) out.push({ name, meanKl: await klAlone(name, i) });
  return out;
}

/**
 * Mixed precision under a budget: measure every choice on every matrix alone (`klAlone`, choice by
 * choice), then plan the mix within `budgetBitsPerWeight` over the matrices with planBitBudget.
 */
export async function mixedPrecision(
  matrices: readonly { name: string; weights: number }[],
  choices: readonly { id: string; scheme: MatrixScheme }[],
  budgetBitsPerWeight: number,
  klAlone: (choice: { id: string; scheme: MatrixScheme }, name: string) => Promise<number>,
): Promise<Record<string, MatrixOption>> {
  const kl = new Map<string, number>();
  for (const c of choices) for (const { name } of matrices) kl.set(`${c.id} ${name}`, await klAlone(c, name));
  const options = Object.fromEntries(matrices.map(({ name, weights }) => [name, choices.map((c): MatrixOption => ({
    id: c.id, scheme: c.scheme, bits: schemeBitsPerWeight(c.scheme, weights) * weights, kl: kl.get(`${c.id} ${name}`)!,
  }))]));
  return planBitBudget(options, budgetBitsPerWeight * matrices.reduce((k, m) => k + m.weights, 0));
}
