// breaks: new-array
// Writes the outliers back into the array it was given.
type Outlier = { index: number; value: number };

/** Take the k largest-magnitude values out (leaving 0 in their place) and list them by index. */
export function splitOutliers(values: number[], k: number): { values: number[]; outliers: Outlier[] } {
  const order = [...values.keys()].sort((a, b) => Math.abs(values[b]!) - Math.abs(values[a]!) || a - b);
  const chosen = order.slice(0, k).sort((a, b) => a - b);
  const rest = values.slice();
  for (const i of chosen) rest[i] = 0;
  return { values: rest, outliers: chosen.map((index) => ({ index, value: values[index]! })) };
}

/** Write each outlier back at its index, in a new array. */
export function restoreOutliers(values: number[], outliers: Outlier[]): number[] {
  const out = values;
  for (const o of outliers) out[o.index] = o.value;
  return out;
}
