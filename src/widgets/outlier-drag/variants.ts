/**
 * The four ways the outlier widget quantizes its row of weights, all with the core: one scale for the
 * whole row or one per block, each with or without the largest value kept aside at full precision.
 */
import { dequantizeBlocks, meanAbsRelativeError, quantizeBlocks, restoreOutliers, splitOutliers, type QuantBlock } from '../../core/index.ts';

/** How the row is quantized. */
export interface Variant {
  perBlock: boolean;
  sideTable: boolean;
}

/** The result of one variant: blocks (for scales and buckets), the values brought back, and the error. */
export interface VariantResult extends Variant {
  blocks: QuantBlock[];
  /** The integer each weight was stored as (null for the weight kept in the side table). */
  q: (number | null)[];
  approx: number[];
  error: number;
  /** Index of the weight kept aside, or -1. */
  kept: number;
}

/** Quantize `weights` symmetrically at `bits` in one variant; per block uses `blockSize`. */
export function runVariant(weights: readonly number[], bits: number, blockSize: number, v: Variant): VariantResult {
  const size = v.perBlock ? blockSize : weights.length;
  const split = v.sideTable ? splitOutliers(weights, 1) : { values: weights.slice(), outliers: [] };
  const blocks = quantizeBlocks(split.values, bits, size, 'symmetric');
  const approx = restoreOutliers(dequantizeBlocks(blocks), split.outliers);
  const kept = split.outliers[0]?.index ?? -1;
  const q = blocks.flatMap((b) => b.values).map((x, i) => (i === kept ? null : x));
  return { ...v, blocks, q, approx, error: meanAbsRelativeError(weights, approx), kept };
}

/** All four variants, in table order. */
export const VARIANTS: readonly Variant[] = [
  { perBlock: false, sideTable: false }, { perBlock: true, sideTable: false },
  { perBlock: false, sideTable: true }, { perBlock: true, sideTable: true },
];

/** A variant's name for tables and the text alternative. */
export const variantName = (v: Variant, blockSize: number): string =>
  `${v.perBlock ? `per block of ${blockSize}` : 'per tensor'}${v.sideTable ? ', largest kept aside' : ''}`;
