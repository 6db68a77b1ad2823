/** Perplexity from the probabilities the model gave the correct tokens: exp(mean(-ln p)). */
export function perplexity(probs: number[]): number {
  // TODO
  return 0;
}

/** Perplexity from raw logits (one row per position) and the correct token at each position. */
export function perplexityFromLogits(logits: number[][], targets: number[]): number {
  // TODO: a numerically stable log-softmax per row
  return 0;
}
