/** Model size and the memory-bandwidth bound on generation speed. */

/** Bytes to store `params` parameters at `bitsPerWeight` bits each. */
export function modelBytes(params: number, bitsPerWeight: number): number {
  return (params * bitsPerWeight) / 8;
}

/** Average bits per value of a block format: blockSize values of bitsPerValue bits plus overheadBits per block. */
export function blockFormatBitsPerWeight(bitsPerValue: number, blockSize: number, overheadBits: number): number {
  return (blockSize * bitsPerValue + overheadBits) / blockSize;
}

/**
 * Upper bound on tokens per second when every weight is read once per token:
 * bandwidth (GB/s, 1 GB = 10^9 bytes) ÷ model bytes.
 */
export function tokensPerSecond(params: number, bitsPerWeight: number, bandwidthGBs: number): number {
  return (bandwidthGBs * 1e9) / modelBytes(params, bitsPerWeight);
}
