type Outlier = { index: number; value: number };

/** Take the k largest-magnitude values out (leaving 0 in their place) and list them by index. */
export function splitOutliers(values: number[], k: number): { values: number[]; outliers: Outlier[] } {
  // TODO
  return { values: values.slice(), outliers: [] };
}

/** Write each outlier back at its index, in a new array. */
export function restoreOutliers(values: number[], outliers: Outlier[]): number[] {
  // TODO
  return values.slice();
}
