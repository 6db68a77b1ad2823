/**
 * Shared input generators for exercises: weight-like arrays of the kinds the lessons talk
 * about (near-Gaussian weights, negative-only blocks, a block with one outlier…).
 * Every draw comes from the rng so the same seed gives the same cases.
 */
import type { Rng } from '../src/core/rng.ts';

/** The shapes of weight arrays the generators can produce. */
export type WeightKind = 'normal' | 'uniform' | 'negative' | 'positive' | 'outlier' | 'constant' | 'tiny' | 'zeros';

/** An array of `n` weight-like numbers of the given kind. */
export function weights(rng: Rng, n: number, kind: WeightKind): number[] {
  const std = rng.pick([0.02, 0.1, 0.5, 1, 3]);
  switch (kind) {
    case 'normal':
      return Array.from({ length: n }, () => rng.normal(0, std));
    case 'uniform':
      return Array.from({ length: n }, () => rng.uniform(-std, std));
    case 'negative':
      return Array.from({ length: n }, () => -Math.abs(rng.normal(0, std)) - 1e-3 * std);
    case 'positive':
      return Array.from({ length: n }, () => Math.abs(rng.normal(0, std)) + 1e-3 * std);
    case 'outlier': {
      const xs = Array.from({ length: n }, () => rng.normal(0, std));
      xs[rng.int(0, n - 1)] = (rng.next() < 0.5 ? -1 : 1) * std * rng.uniform(20, 80);
      return xs;
    }
    case 'constant': {
      const c = rng.normal(0, std);
      return Array.from({ length: n }, () => c);
    }
    case 'tiny':
      return Array.from({ length: n }, () => rng.normal(0, 1e-6));
    case 'zeros':
      return Array.from({ length: n }, () => 0);
  }
}

/** The same as `weights`, rounded to float32 (for llama.cpp formats, whose inputs are float32). */
export function weights32(rng: Rng, n: number, kind: WeightKind): Float32Array {
  return Float32Array.from(weights(rng, n, kind));
}
