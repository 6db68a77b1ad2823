/** Integers as bits: unsigned and two's complement, most significant bit first. */

/** The `width` bits of integer n (two's complement when negative), most significant first. */
export function toBits(n: number, width: number): number[] {
  if (!Number.isInteger(width) || width < 1 || width > 53) throw new RangeError(`width must be an integer from 1 to 53, got ${width}`);
  if (!Number.isInteger(n) || n < -(2 ** (width - 1)) || n >= 2 ** width) throw new RangeError(`${n} does not fit in ${width} bits`);
  const u = n < 0 ? n + 2 ** width : n;
  return Array.from({ length: width }, (_, i) => Math.floor(u / 2 ** (width - 1 - i)) % 2);
}

/** Read bits (most significant first) as an unsigned integer, or as two's complement when `signed`. */
export function fromBits(bits: readonly number[], signed: boolean): number {
  let u = 0;
  for (const b of bits) {
    if (b !== 0 && b !== 1) throw new RangeError(`bits must be 0 or 1, got ${b}`);
    u = u * 2 + b;
  }
  return signed && bits[0] === 1 ? u - 2 ** bits.length : u;
}

/** The range of a `bits`-bit integer: [0, 2^bits - 1] unsigned, [-2^(bits-1), 2^(bits-1) - 1] signed. */
export function intRange(bits: number, signed: boolean): { min: number; max: number } {
  return signed ? { min: -(2 ** (bits - 1)), max: 2 ** (bits - 1) - 1 } : { min: 0, max: 2 ** bits - 1 };
}
