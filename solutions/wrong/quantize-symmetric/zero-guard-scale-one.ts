// breaks: all-zero
// Guards the all-zero block with a scale of 1 instead of 0.
/** Quantize `values` to signed integers of `bits` bits with one scale: q = round(v / scale). */
export function quantizeSymmetric(values: number[], bits: number): { values: number[]; scale: number } {
  const qmax = 2 ** (bits - 1) - 1;
  const maxAbs = Math.max(0, ...values.map(Math.abs));
  if (maxAbs === 0) return { values: values.map(() => 0), scale: 1 };
  const scale = maxAbs / qmax;
  return { values: values.map((v) => Math.round(v / scale)), scale };
}

/** Turn quantized integers back into approximate values: v ≈ q × scale. */
export function dequantizeSymmetric(q: { values: number[]; scale: number }): number[] {
  return q.values.map((x) => x * q.scale);
}
