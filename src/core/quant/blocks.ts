/** Block-wise quantization: each run of `blockSize` values gets its own scale (and zero point). */
import { quantizeAsymmetric, quantizeSymmetric } from './schemes.ts';

/** The two integer schemes. */
export type Scheme = 'symmetric' | 'asymmetric';

/** One quantized block; symmetric blocks have zero = 0, so value ≈ scale × (q − zero) for both. */
export interface QuantBlock {
  scheme: Scheme;
  values: number[];
  scale: number;
  zero: number;
}

/** Quantize consecutive blocks of `blockSize` values (the last may be shorter), each on its own. */
export function quantizeBlocks(values: readonly number[], bits: number, blockSize: number, scheme: Scheme): QuantBlock[] {
  if (!Number.isInteger(blockSize) || blockSize < 1) throw new RangeError(`blockSize must be a positive integer, got ${blockSize}`);
  const blocks: QuantBlock[] = [];
  for (let i = 0; i < values.length; i += blockSize) {
    const block = values.slice(i, i + blockSize);
    if (scheme === 'symmetric') blocks.push({ scheme, ...quantizeSymmetric(block, bits), zero: 0 });
    else blocks.push({ scheme, ...quantizeAsymmetric(block, bits) });
  }
  return blocks;
}

/** Every block's scale × (q − zero), concatenated. */
export function dequantizeBlocks(blocks: readonly Pick<QuantBlock, 'values' | 'scale' | 'zero'>[]): number[] {
  return blocks.flatMap((b) => b.values.map((q) => b.scale * (q - b.zero)));
}

/** Quantize then dequantize in blocks: what the weights look like after a round trip. */
export function roundTripBlocks(values: readonly number[], bits: number, blockSize: number, scheme: Scheme): number[] {
  return dequantizeBlocks(quantizeBlocks(values, bits, blockSize, scheme));
}

/**
 * Bits per weight of an integer block scheme whose scale (and zero point) are stored in
 * `paramBits` bits each: bits + (1 or 2) × paramBits / blockSize.
 */
export function blockSchemeBitsPerWeight(bits: number, blockSize: number, scheme: Scheme, paramBits = 16): number {
  return bits + ((scheme === 'symmetric' ? 1 : 2) * paramBits) / blockSize;
}
