/**
 * How a format's error depends on a weight's size: the mean absolute error per band of magnitude,
 * measured on seeded Gaussian weights (the microscaling lesson's table compares Q4_0, MXFP4 and NVFP4
 * this way). Pure and deterministic: the same seed gives the same figures on every machine.
 */
import { createRng } from '../rng.ts';
import { dequantizeGgml, quantizeGgml, type GgmlType } from '../ggml/index.ts';

/** Mean absolute error per magnitude band and the overall RMS error, both in the weights' own units. */
export interface ErrorBands {
  /** Band edges: band i holds |x| in [edges[i], edges[i + 1]); the last band has no upper edge. */
  edges: number[];
  meanAbs: number[];
  counts: number[];
  rms: number;
}

/** Bucket |original − approx| by |original| at the given ascending edges (the first is usually 0). */
export function errorByMagnitude(original: ArrayLike<number>, approx: ArrayLike<number>, edges: readonly number[]): ErrorBands {
  if (original.length !== approx.length) throw new RangeError(`${original.length} original values but ${approx.length} approximations`);
  if (edges.length === 0 || edges.some((e, i) => i > 0 && !(e > edges[i - 1]!))) throw new RangeError(`band edges must be a non-empty ascending list, got [${edges.join(', ')}]`);
  const sums = edges.map(() => 0), counts = edges.map(() => 0);
  let sq = 0;
  for (let i = 0; i < original.length; i++) {
    const x = original[i]!, err = Math.abs(x - approx[i]!);
    sq += err * err;
    let b = -1;
    for (let k = 0; k < edges.length && Math.abs(x) >= edges[k]!; k++) b = k;
    if (b < 0) continue; // below the first edge: in no band
    sums[b]! += err;
    counts[b]! += 1;
  }
  return { edges: [...edges], meanAbs: sums.map((s, k) => (counts[k] ? s / counts[k]! : NaN)), counts, rms: Math.sqrt(sq / original.length) };
}

/** `n` Gaussian weights (mean 0, standard deviation `sigma`) from the core's seeded generator, as float32. */
export function gaussianWeights(n: number, sigma: number, seed: string | number): Float32Array {
  if (!(Number.isInteger(n) && n > 0)) throw new RangeError(`need a positive whole number of weights, got ${n}`);
  if (!(sigma > 0 && Number.isFinite(sigma))) throw new RangeError(`sigma must be a positive finite number, got ${sigma}`);
  const rng = createRng(seed);
  return Float32Array.from({ length: n }, () => rng.normal(0, sigma));
}

/** A block format's error bands on `weights`, with the band edges given in units of `sigma` and the results in units of `sigma` too. */
export function formatErrorBands(type: GgmlType, weights: Float32Array, sigma: number, edgesInSigma: readonly number[]): ErrorBands {
  const approx = dequantizeGgml(type, quantizeGgml(type, weights), weights.length);
  const bands = errorByMagnitude(weights, approx, edgesInSigma.map((e) => e * sigma));
  return { edges: [...edgesInSigma], meanAbs: bands.meanAbs.map((e) => e / sigma), counts: bands.counts, rms: bands.rms / sigma };
}

/** The microscaling lesson's comparison: three 4-bit formats on 65,536 seeded Gaussian weights, bands at 0, ¼, ½, 1 and 2 σ. */
export const FP4_COMPARISON = { types: ['q4_0', 'mxfp4', 'nvfp4'], weights: 65_536, seed: 'microscaling', edges: [0, 0.25, 0.5, 1, 2] } as const;

/** Each of FP4_COMPARISON's formats' error bands (in units of sigma) on its weights drawn at standard deviation `sigma`. */
export function fp4Comparison(sigma: number): Record<(typeof FP4_COMPARISON.types)[number], ErrorBands> {
  const w = gaussianWeights(FP4_COMPARISON.weights, sigma, FP4_COMPARISON.seed);
  const [a, b, c] = FP4_COMPARISON.types.map((t) => formatErrorBands(t, w, sigma, FP4_COMPARISON.edges));
  return { q4_0: a!, mxfp4: b!, nvfp4: c! };
}
