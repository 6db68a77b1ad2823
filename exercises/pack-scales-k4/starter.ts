/** Pack 8 scale codes and 8 min codes (each 0..63) into Q4_K's 12 bytes. */
export function packScalesK4(scales: number[], mins: number[]): Uint8Array {
  const k = new Uint8Array(12);
  // TODO: sub-blocks 0-3, then 4-7 (whose top two bits go into bytes 0-7)
  return k;
}

/** Unpack Q4_K's 12 bytes into 8 scale codes and 8 min codes. */
export function unpackScalesK4(bytes: Uint8Array): { scales: number[]; mins: number[] } {
  const scales: number[] = [];
  const mins: number[] = [];
  // TODO
  return { scales, mins };
}
