// breaks: upper-nibbles
// Puts the low bits of S[j] in the high nibble of K[j + 4] and those of M[j] in the low nibble, packing and unpacking.
/** Pack 8 scale codes and 8 min codes (each 0..63) into Q4_K's 12 bytes. */
export function packScalesK4(scales: number[], mins: number[]): Uint8Array {
  const k = new Uint8Array(12);
  for (let j = 0; j < 4; j++) {
    k[j] = scales[j]!;
    k[j + 4] = mins[j]!;
  }
  for (let j = 4; j < 8; j++) {
    k[j + 4] = (mins[j]! & 15) | ((scales[j]! & 15) << 4);
    k[j - 4]! |= (scales[j]! >> 4) << 6; // top two bits of the scale ride in bits 6-7 of bytes 0-3
    k[j]! |= (mins[j]! >> 4) << 6; // and those of the min in bits 6-7 of bytes 4-7
  }
  return k;
}

/** Unpack Q4_K's 12 bytes into 8 scale codes and 8 min codes. */
export function unpackScalesK4(bytes: Uint8Array): { scales: number[]; mins: number[] } {
  const scales: number[] = [];
  const mins: number[] = [];
  for (let j = 0; j < 8; j++) {
    if (j < 4) {
      scales.push(bytes[j]! & 63);
      mins.push(bytes[j + 4]! & 63);
    } else {
      scales.push((bytes[j + 4]! >> 4) | ((bytes[j - 4]! >> 6) << 4));
      mins.push((bytes[j + 4]! & 15) | ((bytes[j]! >> 6) << 4));
    }
  }
  return { scales, mins };
}
