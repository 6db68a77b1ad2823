// breaks: result
// Names the codes `q` in the result.
/** Quantize `values` to signed integers of `bits` bits with one scale: q = round(v / scale). */
export function quantizeSymmetric(values: number[], bits: number): { values: number[]; scale: number } {
  const qmax = 2 ** (bits - 1) - 1;
  const maxAbs = Math.max(0, ...values.map(Math.abs));
  if (maxAbs === 0) return { values: values.map(() => 0), scale: 0 };
  const scale = maxAbs / qmax;
  return { q: values.map((v) => Math.round(v / scale)), scale } as unknown as { values: number[]; scale: number };
}

/** Turn quantized integers back into approximate values: v ≈ q × scale. */
export function dequantizeSymmetric(q: { values: number[]; scale: number }): number[] {
  return q.values.map((x) => x * q.scale);
}
