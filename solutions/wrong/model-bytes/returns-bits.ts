// breaks: bytes
// Returns the number of bits, forgetting to divide by 8.
/** Bytes needed for `params` parameters stored at `bitsPerWeight` bits each. */
export function modelBytes(params: number, bitsPerWeight: number): number {
  return params * bitsPerWeight;
}

/** Average bits per value of a block format, per-block overhead included. */
export function blockFormatBitsPerWeight(bitsPerValue: number, blockSize: number, overheadBits: number): number {
  return (blockSize * bitsPerValue + overheadBits) / blockSize;
}
