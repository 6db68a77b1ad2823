// breaks: unchanged
// Zeroes the outliers in the input array itself and returns it.
type Outlier = { index: number; value: number };

/** Take the k largest-magnitude values out (leaving 0 in their place) and list them by index. */
export function splitOutliers(values: number[], k: number): { values: number[]; outliers: Outlier[] } {
  const order = [...values.keys()].sort((a, b) => Math.abs(values[b]!) - Math.abs(values[a]!) || a - b);
  const chosen = order.slice(0, k).sort((a, b) => a - b);
  const outliers = chosen.map((index) => ({ index, value: values[index]! }));
  for (const i of chosen) values[i] = 0;
  return { values, outliers };
}

/** Write each outlier back at its index, in a new array. */
export function restoreOutliers(values: number[], outliers: Outlier[]): number[] {
  const out = values.slice();
  for (const o of outliers) out[o.index] = o.value;
  return out;
}
