// breaks: k-largest
// Takes every value at least as large in magnitude as the k-th largest, so ties at the cut take more than k.
type Outlier = { index: number; value: number };

/** Take the k largest-magnitude values out (leaving 0 in their place) and list them by index. */
export function splitOutliers(values: number[], k: number): { values: number[]; outliers: Outlier[] } {
  const order = [...values.keys()].sort((a, b) => Math.abs(values[b]!) - Math.abs(values[a]!) || a - b);
  const cut = k === 0 ? Infinity : Math.abs(values[order[k - 1]!]!);
  const chosen = [...values.keys()].filter((i) => Math.abs(values[i]!) >= cut);
  const rest = values.slice();
  for (const i of chosen) rest[i] = 0;
  return { values: rest, outliers: chosen.map((index) => ({ index, value: values[index]! })) };
}

/** Write each outlier back at its index, in a new array. */
export function restoreOutliers(values: number[], outliers: Outlier[]): number[] {
  const out = values.slice();
  for (const o of outliers) out[o.index] = o.value;
  return out;
}
