/** Perplexity: exp of the mean negative log-probability of the correct tokens. Lower is better. */
import { logSoftmax } from './softmax.ts';

/** exp(mean(−ln p)) over the probabilities the model gave the correct tokens. */
export function perplexity(probs: readonly number[]): number {
  if (probs.length === 0) throw new RangeError('perplexity of no predictions is undefined');
  let nll = 0;
  for (const p of probs) nll -= Math.log(p);
  return Math.exp(nll / probs.length);
}

/** exp of the mean negative log-probability, given the log-probabilities directly. */
export function perplexityFromLogProbs(logProbs: ArrayLike<number>): number {
  if (logProbs.length === 0) throw new RangeError('perplexity of no predictions is undefined');
  let nll = 0;
  for (let i = 0; i < logProbs.length; i++) nll -= logProbs[i]!;
  return Math.exp(nll / logProbs.length);
}

/** Perplexity from raw logits (one row per position) and the index of the correct token at each. */
export function perplexityFromLogits(logits: readonly ArrayLike<number>[], targets: readonly number[]): number {
  if (logits.length !== targets.length) throw new RangeError(`${logits.length} rows of logits but ${targets.length} targets`);
  return perplexityFromLogProbs(logits.map((row, i) => logSoftmax(row)[targets[i]!]!));
}
