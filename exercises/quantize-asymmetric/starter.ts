/** Quantize `values` to integers in [-2^(bits-1), 2^(bits-1) - 1] with a scale and a zero point. */
export function quantizeAsymmetric(values: number[], bits: number): { values: number[]; scale: number; zero: number } {
  // TODO: scale = (vmax - vmin) / (qmax - qmin), zero = qmin - round(vmin / scale)
  return { values: values.map(() => 0), scale: 1, zero: 0 };
}

/** Turn quantized integers back into approximate values: v ≈ scale × (q - zero). */
export function dequantizeAsymmetric(q: { values: number[]; scale: number; zero: number }): number[] {
  // TODO
  return q.values.map(() => 0);
}
