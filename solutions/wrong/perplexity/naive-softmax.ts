// breaks: stable
// A naive softmax: exp of the raw logits, which overflows (or underflows) at offsets of ±1000.
/** Perplexity from the probabilities the model gave the correct tokens: exp(mean(-ln p)). */
export function perplexity(probs: number[]): number {
  let sum = 0;
  for (const p of probs) sum += -Math.log(p);
  return Math.exp(sum / probs.length);
}

/** log p(target) from one row of logits, stabilised by the row's maximum. */
function logProb(row: number[], target: number): number {
  let z = 0;
  for (const x of row) z += Math.exp(x);
  return Math.log(Math.exp(row[target]!) / z);
}

/** Perplexity from raw logits (one row per position) and the correct token at each position. */
export function perplexityFromLogits(logits: number[][], targets: number[]): number {
  let sum = 0;
  logits.forEach((row, i) => (sum += -logProb(row, targets[i]!)));
  return Math.exp(sum / logits.length);
}
