// breaks: probs-formula
// Averages the probabilities themselves: 1 / mean(p).
/** Perplexity from the probabilities the model gave the correct tokens: exp(mean(-ln p)). */
export function perplexity(probs: number[]): number {
  let sum = 0;
  for (const p of probs) sum += p;
  return 1 / (sum / probs.length);
}

/** log p(target) from one row of logits, stabilised by the row's maximum. */
function logProb(row: number[], target: number): number {
  const m = Math.max(...row);
  let z = 0;
  for (const x of row) z += Math.exp(x - m);
  return row[target]! - m - Math.log(z);
}

/** Perplexity from raw logits (one row per position) and the correct token at each position. */
export function perplexityFromLogits(logits: number[][], targets: number[]): number {
  let sum = 0;
  logits.forEach((row, i) => (sum += -logProb(row, targets[i]!)));
  return Math.exp(sum / logits.length);
}
