/**
 * KL divergence between a base model's and a quantized model's next-token distributions, with the
 * statistics llama.cpp's `llama-perplexity --kl-divergence` reports.
 */
import { perplexityFromLogProbs } from './perplexity.ts';
import { argmax, logSoftmax } from './softmax.ts';

/** KL(P‖Q) = Σ p ln(p / q), natural log; terms with p = 0 count 0; p > 0 with q = 0 gives Infinity. */
export function klDivergence(p: ArrayLike<number>, q: ArrayLike<number>): number {
  if (p.length !== q.length) throw new RangeError(`distributions differ in length: ${p.length} and ${q.length}`);
  let sum = 0;
  for (let i = 0; i < p.length; i++) {
    const pi = p[i]!;
    if (pi > 0) sum += pi * Math.log(pi / q[i]!);
  }
  return sum;
}

/** KL(base‖quant) of one position from logits: Σ p_base (ln p_base − ln p_quant). */
function klFromLogits(base: ArrayLike<number>, quant: ArrayLike<number>): number {
  if (base.length !== quant.length) throw new RangeError(`logit rows differ in length: ${base.length} and ${quant.length}`);
  return klOfLogProbs(logSoftmax(base), logSoftmax(quant));
}

/** Σ p (ln p − ln q) from log-probabilities. */
function klOfLogProbs(lp: Float64Array, lq: Float64Array): number {
  let sum = 0;
  for (let j = 0; j < lp.length; j++) {
    const p = Math.exp(lp[j]!);
    if (p > 0) sum += p * (lp[j]! - lq[j]!);
  }
  return sum;
}

/** Mean over positions of KL(base‖quant), each row of logits one position. */
export function meanKl(baseLogits: readonly ArrayLike<number>[], quantLogits: readonly ArrayLike<number>[]): number {
  return mean(perPositionKl(baseLogits, quantLogits));
}

/** KL(base‖quant) at each position. */
function perPositionKl(baseLogits: readonly ArrayLike<number>[], quantLogits: readonly ArrayLike<number>[]): number[] {
  if (baseLogits.length !== quantLogits.length) throw new RangeError(`${baseLogits.length} base rows but ${quantLogits.length} quantized rows`);
  if (baseLogits.length === 0) throw new RangeError('no positions to compare');
  return baseLogits.map((row, i) => klFromLogits(row, quantLogits[i]!));
}

/** Fraction of positions whose top token (first index on ties) is the same in both. */
export function sameTopShare(baseLogits: readonly ArrayLike<number>[], quantLogits: readonly ArrayLike<number>[]): number {
  if (baseLogits.length !== quantLogits.length || baseLogits.length === 0) throw new RangeError('need the same, non-zero number of rows');
  let same = 0;
  baseLogits.forEach((row, i) => (same += argmax(row) === argmax(quantLogits[i]!) ? 1 : 0));
  return same / baseLogits.length;
}

const mean = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;

/** Percentile of sorted values by linear interpolation at frac × (n − 1), as llama.cpp does. */
export function percentile(sorted: readonly number[], frac: number): number {
  if (sorted.length === 0) throw new RangeError('percentile of no values');
  const pos = frac * (sorted.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo]! + (pos - lo) * (sorted[hi]! - sorted[lo]!);
}

/** Median: the middle value, or the mean of the two middle values when n is even. */
export function median(sorted: readonly number[]): number {
  const n = sorted.length;
  if (n === 0) throw new RangeError('median of no values');
  return n % 2 ? sorted[(n - 1) / 2]! : (sorted[n / 2 - 1]! + sorted[n / 2]!) / 2;
}

/** What llama-perplexity --kl-divergence reports for a base and a quantized model on the same text. */
export interface KlStats {
  pplBase: number;
  pplQuant: number;
  meanKl: number;
  medianKl: number;
  maxKl: number;
  p99Kl: number;
  /** Fraction of positions where the quantized model's top token equals the base's. */
  sameTop: number;
  /** sqrt(mean((p_quant(target) − p_base(target))²)). */
  rmsDeltaP: number;
}

/** Perplexities, KL statistics, top-token agreement and RMS Δp for logits at the same positions. */
export function klStats(baseLogits: readonly ArrayLike<number>[], quantLogits: readonly ArrayLike<number>[], targets: readonly number[]): KlStats {
  const n = baseLogits.length;
  if (n === 0 || quantLogits.length !== n || targets.length !== n) throw new RangeError(`need equal, non-zero counts of base rows (${n}), quantized rows (${quantLogits.length}) and targets (${targets.length})`);
  const kls: number[] = [];
  const lpBase = new Float64Array(n), lpQuant = new Float64Array(n);
  let same = 0, dp2 = 0;
  for (let i = 0; i < n; i++) {
    const lb = logSoftmax(baseLogits[i]!), lq = logSoftmax(quantLogits[i]!);
    if (lb.length !== lq.length) throw new RangeError(`row ${i}: logit rows differ in length`);
    kls.push(klOfLogProbs(lb, lq));
    const t = targets[i]!;
    lpBase[i] = lb[t]!;
    lpQuant[i] = lq[t]!;
    dp2 += (Math.exp(lq[t]!) - Math.exp(lb[t]!)) ** 2;
    if (argmax(baseLogits[i]!) === argmax(quantLogits[i]!)) same++;
  }
  const sorted = kls.slice().sort((a, b) => a - b);
  return {
    pplBase: perplexityFromLogProbs(lpBase),
    pplQuant: perplexityFromLogProbs(lpQuant),
    meanKl: mean(kls),
    medianKl: median(sorted),
    maxKl: sorted[n - 1]!,
    p99Kl: percentile(sorted, 0.99),
    sameTop: same / n,
    rmsDeltaP: Math.sqrt(dp2 / n),
  };
}
