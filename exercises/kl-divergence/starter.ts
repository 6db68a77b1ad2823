/** KL(P ‖ Q) = Σ p·ln(p/q), natural log; p = 0 terms count 0. */
export function klDivergence(p: number[], q: number[]): number {
  // TODO
  return -1;
}

/** Mean over positions of KL(softmax(base row) ‖ softmax(quant row)). */
export function meanKl(baseLogits: number[][], quantLogits: number[][]): number {
  // TODO
  return -1;
}

/** Fraction of positions whose top token is unchanged by quantization. */
export function sameTopShare(baseLogits: number[][], quantLogits: number[][]): number {
  // TODO
  return -1;
}
