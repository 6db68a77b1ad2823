// breaks: per-block-overhead
// Treats the overhead as bytes: adds overheadBits × 8 per block.
/** Bytes needed for `params` parameters stored at `bitsPerWeight` bits each. */
export function modelBytes(params: number, bitsPerWeight: number): number {
  return (params * bitsPerWeight) / 8;
}

/** Average bits per value of a block format, per-block overhead included. */
export function blockFormatBitsPerWeight(bitsPerValue: number, blockSize: number, overheadBits: number): number {
  return (blockSize * bitsPerValue + overheadBits * 8) / blockSize;
}
