/** Error against bits per weight for every power-of-two block size, both schemes, from the core. */
import { blockSchemeBitsPerWeight, createRng, meanAbsRelativeError, meanSquaredError, roundTripBlocks, type Scheme } from '../../core/index.ts';

/** Block sizes 1, 2, 4, … 256. */
export const BLOCK_SIZES = Array.from({ length: 9 }, (_, k) => 2 ** k);

/** Which error the chart plots. */
export type Metric = 'mse' | 'relative';

/** One point: a block size's storage cost and error. */
export interface Point {
  blockSize: number;
  bitsPerWeight: number;
  error: number;
}

/**
 * 1,024 weight-like values (normal, σ = 0.02) with four outliers twenty times larger, from a fixed seed:
 * enough blocks at every size, and outliers that make large blocks pay.
 */
export function sampleWeights(): number[] {
  const rng = createRng('block-size-error');
  const w = Array.from({ length: 1024 }, () => rng.normal(0, 0.02));
  for (const [i, v] of [[100, 0.45], [301, -0.38], [650, 0.52], [900, -0.41]] as const) w[i] = v;
  return w;
}

/** The curve of one scheme at `bits`: a point per block size, errors measured by `metric`. */
export function series(weights: readonly number[], bits: number, scheme: Scheme, metric: Metric): Point[] {
  return BLOCK_SIZES.map((blockSize) => {
    const back = roundTripBlocks(weights, bits, blockSize, scheme);
    return {
      blockSize,
      bitsPerWeight: blockSchemeBitsPerWeight(bits, blockSize, scheme),
      error: metric === 'mse' ? meanSquaredError(weights, back) : meanAbsRelativeError(weights, back),
    };
  });
}
