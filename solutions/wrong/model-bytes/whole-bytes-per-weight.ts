// breaks: bytes
// Gives every weight a whole number of bytes (4.5 bits take 1 byte), as if weights could not share a byte.
/** Bytes needed for `params` parameters stored at `bitsPerWeight` bits each. */
export function modelBytes(params: number, bitsPerWeight: number): number {
  return params * Math.ceil(bitsPerWeight / 8);
}

/** Average bits per value of a block format, per-block overhead included. */
export function blockFormatBitsPerWeight(bitsPerValue: number, blockSize: number, overheadBits: number): number {
  return (blockSize * bitsPerValue + overheadBits) / blockSize;
}
