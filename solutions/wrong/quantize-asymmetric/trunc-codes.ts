// breaks: rounding
// Rounds the codes toward zero with Math.trunc.
/** Quantize `values` to integers in [-2^(bits-1), 2^(bits-1) - 1] with a scale and a zero point. */
export function quantizeAsymmetric(values: number[], bits: number): { values: number[]; scale: number; zero: number } {
  const qmin = -(2 ** (bits - 1));
  const qmax = 2 ** (bits - 1) - 1;
  let vmin = Math.min(...values);
  let vmax = Math.max(...values);
  if (vmax === vmin) {
    vmin = Math.min(vmin, 0);
    vmax = Math.max(vmax, 0);
  }
  if (vmax === vmin) return { values: values.map(() => 0), scale: 0, zero: 0 };
  const scale = (vmax - vmin) / (qmax - qmin);
  const zero = qmin - Math.round(vmin / scale);
  const q = values.map((v) => Math.min(qmax, Math.max(qmin, Math.trunc(v / scale + zero))));
  return { values: q, scale, zero };
}

/** Turn quantized integers back into approximate values: v ≈ scale × (q - zero). */
export function dequantizeAsymmetric(q: { values: number[]; scale: number; zero: number }): number[] {
  return q.values.map((x) => q.scale * (x - q.zero));
}
