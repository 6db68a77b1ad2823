// breaks: average
// Forgets the overhead: returns bitsPerValue.
/** Bytes needed for `params` parameters stored at `bitsPerWeight` bits each. */
export function modelBytes(params: number, bitsPerWeight: number): number {
  return (params * bitsPerWeight) / 8;
}

/** Average bits per value of a block format, per-block overhead included. */
export function blockFormatBitsPerWeight(bitsPerValue: number, blockSize: number, overheadBits: number): number {
  return bitsPerValue;
}
