/** The `width` bits of `n` (two's complement when negative), most significant first. */
export function toBits(n: number, width: number): number[] {
  // TODO
  return new Array(width).fill(0);
}

/** The integer an array of bits represents (two's complement when `signed`). */
export function fromBits(bits: number[], signed: boolean): number {
  // TODO
  return 0;
}
