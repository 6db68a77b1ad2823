// breaks: log-softmax
// Normalises over the whole matrix at once instead of each row.
/** Perplexity from the probabilities the model gave the correct tokens: exp(mean(-ln p)). */
export function perplexity(probs: number[]): number {
  let sum = 0;
  for (const p of probs) sum += -Math.log(p);
  return Math.exp(sum / probs.length);
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
  const all = logits.flat();
  const m = Math.max(...all);
  let z = 0;
  for (const x of all) z += Math.exp(x - m);
  let sum = 0;
  logits.forEach((row, i) => (sum += -(row[targets[i]!]! - m - Math.log(z))));
  return Math.exp(sum / logits.length);
}
