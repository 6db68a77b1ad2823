/** Quantize `values` to signed integers of `bits` bits with one scale: q = round(v / scale). */
export function quantizeSymmetric(values: number[], bits: number): { values: number[]; scale: number } {
  // TODO: scale = max|v| / qmax, with qmax = 2^(bits-1) - 1
  return { values: values.map(() => 0), scale: 1 };
}

/** Turn quantized integers back into approximate values: v ≈ q × scale. */
export function dequantizeSymmetric(q: { values: number[]; scale: number }): number[] {
  // TODO
  return q.values.map(() => 0);
}
