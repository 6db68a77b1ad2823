/** Log-softmax and argmax, stabilised by the row maximum so logits offset by ±1000 stay exact. */

/** ln softmax(row): row[j] − max − ln Σ exp(row[k] − max). */
export function logSoftmax(row: ArrayLike<number>): Float64Array {
  let m = -Infinity;
  for (let j = 0; j < row.length; j++) m = Math.max(m, row[j]!);
  let sum = 0;
  for (let j = 0; j < row.length; j++) sum += Math.exp(row[j]! - m);
  const lse = m + Math.log(sum);
  const out = new Float64Array(row.length);
  for (let j = 0; j < row.length; j++) out[j] = row[j]! - lse;
  return out;
}

/** softmax(row), stabilised by the row maximum. */
export function softmax(row: ArrayLike<number>): Float64Array {
  return logSoftmax(row).map(Math.exp);
}

/** Index of the largest entry; the first index wins ties. */
export function argmax(row: ArrayLike<number>): number {
  let best = 0;
  for (let j = 1; j < row.length; j++) if (row[j]! > row[best]!) best = j;
  return best;
}
