/**
 * Symmetric and asymmetric quantization with the essay's formulas, in float64 with Math.round
 * (halves toward +Infinity), as the course's exercises state them.
 */

/** Symmetrically quantized values: q integers and one scale; value ≈ q × scale. */
export interface SymmetricQuantized {
  values: number[];
  scale: number;
}

/** Asymmetrically quantized values: value ≈ scale × (q − zero). */
export interface AsymmetricQuantized {
  values: number[];
  scale: number;
  zero: number;
}

function checkBits(bits: number): void {
  if (!Number.isInteger(bits) || bits < 2 || bits > 32) throw new RangeError(`bits must be an integer from 2 to 32, got ${bits}`);
}

/** Largest magnitude of a list (0 for an empty one). */
export function maxAbs(values: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < values.length; i++) m = Math.max(m, Math.abs(values[i]!));
  return m;
}

function checkFinite(values: readonly number[]): void {
  for (const v of values) if (!Number.isFinite(v)) throw new RangeError(`cannot quantize ${v}: values must be finite numbers`);
}

/**
 * scale = max|v| / qmax, qmax = 2^(bits-1) - 1; q = round(v / scale), clamped to ±qmax (the clamp only
 * matters when the scale itself was rounded, for subnormal inputs). All zeros give scale 0.
 */
export function quantizeSymmetric(values: readonly number[], bits: number): SymmetricQuantized {
  checkBits(bits);
  checkFinite(values);
  const qmax = 2 ** (bits - 1) - 1;
  const m = maxAbs(values);
  const scale = m / qmax;
  if (scale === 0) return { values: values.map(() => 0), scale: 0 }; // all zeros (or a scale that underflowed)
  return { values: values.map((v) => Math.min(qmax, Math.max(-qmax, Math.round(v / scale)))), scale };
}

/** q × scale for each q. */
export function dequantizeSymmetric(q: SymmetricQuantized): number[] {
  return q.values.map((v) => v * q.scale);
}

/**
 * scale = (vmax − vmin) / (qmax − qmin) with qmin = −2^(bits−1); zero = qmin − round(vmin / scale);
 * q = clamp(round(v / scale + zero)). A constant block first widens its range to include 0; an
 * all-zero block gives scale 0 and zero 0.
 */
export function quantizeAsymmetric(values: readonly number[], bits: number): AsymmetricQuantized {
  checkBits(bits);
  checkFinite(values);
  const qmin = -(2 ** (bits - 1)), qmax = 2 ** (bits - 1) - 1;
  let vmin = Infinity, vmax = -Infinity;
  for (const v of values) {
    vmin = Math.min(vmin, v);
    vmax = Math.max(vmax, v);
  }
  if (!(vmax > vmin)) {
    vmin = Math.min(vmin, 0);
    vmax = Math.max(vmax, 0);
  }
  const scale = (vmax - vmin) / (qmax - qmin);
  // All zeros, or a range so tiny (subnormal) that the scale underflows: nothing to spread.
  if (!(scale > 0)) return { values: values.map(() => 0), scale: 0, zero: 0 };
  if (scale === Infinity) throw new RangeError(`the range ${vmin}..${vmax} is too wide for float64`);
  const zero = qmin - Math.round(vmin / scale);
  return { values: values.map((v) => Math.min(qmax, Math.max(qmin, Math.round(v / scale + zero)))), scale, zero };
}

/** scale × (q − zero) for each q. */
export function dequantizeAsymmetric(q: AsymmetricQuantized): number[] {
  return q.values.map((v) => q.scale * (v - q.zero));
}
