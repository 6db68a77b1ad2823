// breaks: same-top
// Compares the highest logits themselves instead of their indices.
/** KL(P ‖ Q) = Σ p·ln(p/q), natural log; p = 0 terms count 0. */
export function klDivergence(p: number[], q: number[]): number {
  let sum = 0;
  for (let i = 0; i < p.length; i++) if (p[i]! > 0) sum += p[i]! * Math.log(p[i]! / q[i]!);
  return sum;
}

function logSoftmax(row: number[]): number[] {
  const m = Math.max(...row);
  let z = 0;
  for (const x of row) z += Math.exp(x - m);
  const lz = Math.log(z);
  return row.map((x) => x - m - lz);
}

/** Mean over positions of KL(softmax(base row) ‖ softmax(quant row)). */
export function meanKl(baseLogits: number[][], quantLogits: number[][]): number {
  let total = 0;
  baseLogits.forEach((row, i) => {
    const lp = logSoftmax(row), lq = logSoftmax(quantLogits[i]!);
    let kl = 0;
    for (let j = 0; j < lp.length; j++) kl += Math.exp(lp[j]!) * (lp[j]! - lq[j]!);
    total += kl;
  });
  return total / baseLogits.length;
}

function argmax(row: number[]): number {
  let best = 0;
  for (let j = 1; j < row.length; j++) if (row[j]! > row[best]!) best = j;
  return best;
}

/** Fraction of positions whose top token is unchanged by quantization. */
export function sameTopShare(baseLogits: number[][], quantLogits: number[][]): number {
  let same = 0;
  baseLogits.forEach((row, i) => (same += Math.max(...row) === Math.max(...quantLogits[i]!) ? 1 : 0));
  return same / baseLogits.length;
}
