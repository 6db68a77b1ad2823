/** An outlier side table: keep the k largest |w| aside at full precision, restore them after dequantizing. */

/** One value kept aside, and where it goes back. */
export interface Outlier {
  index: number;
  value: number;
}

/**
 * Take out the k largest-magnitude values (the lower index wins equal magnitudes); their places
 * become 0 and they are listed in ascending index order. The input is not changed.
 */
export function splitOutliers(values: readonly number[], k: number): { values: number[]; outliers: Outlier[] } {
  if (!Number.isInteger(k) || k < 0) throw new RangeError(`k must be a non-negative integer, got ${k}`);
  const order = [...values.keys()].sort((a, b) => Math.abs(values[b]!) - Math.abs(values[a]!) || a - b);
  const chosen = order.slice(0, k).sort((a, b) => a - b);
  const rest = values.slice();
  for (const i of chosen) rest[i] = 0;
  return { values: rest, outliers: chosen.map((index) => ({ index, value: values[index]! })) };
}

/** A new array with each outlier written back at its index. */
export function restoreOutliers(values: readonly number[], outliers: readonly Outlier[]): number[] {
  const out = values.slice();
  for (const o of outliers) {
    if (!Number.isInteger(o.index) || o.index < 0 || o.index >= out.length) throw new RangeError(`outlier index ${o.index} is outside 0..${out.length - 1}`);
    out[o.index] = o.value;
  }
  return out;
}
