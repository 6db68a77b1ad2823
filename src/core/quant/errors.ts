/** Error measures between original values and their quantized approximation. */

function checkLengths(a: ArrayLike<number>, b: ArrayLike<number>): void {
  if (a.length !== b.length) throw new RangeError(`arrays differ in length: ${a.length} and ${b.length}`);
}

/** Mean of |v − v̂| / |v| over the entries with v ≠ 0 (0 when there are none). */
export function meanAbsRelativeError(original: ArrayLike<number>, approx: ArrayLike<number>): number {
  checkLengths(original, approx);
  let sum = 0, n = 0;
  for (let i = 0; i < original.length; i++) {
    if (original[i] === 0) continue;
    sum += Math.abs(original[i]! - approx[i]!) / Math.abs(original[i]!);
    n++;
  }
  return n ? sum / n : 0;
}

/** Mean squared error. */
export function meanSquaredError(original: ArrayLike<number>, approx: ArrayLike<number>): number {
  checkLengths(original, approx);
  let sum = 0;
  for (let i = 0; i < original.length; i++) sum += (original[i]! - approx[i]!) ** 2;
  return original.length ? sum / original.length : 0;
}

/** Largest absolute error. */
export function maxAbsError(original: ArrayLike<number>, approx: ArrayLike<number>): number {
  checkLengths(original, approx);
  let m = 0;
  for (let i = 0; i < original.length; i++) m = Math.max(m, Math.abs(original[i]! - approx[i]!));
  return m;
}
