// breaks: twos-complement
// Writes a negative number as a sign bit followed by its magnitude (sign-magnitude, not two's complement).
export function toBits(n: number, width: number): number[] {
  let u = Math.abs(n);
  const bits = new Array<number>(width);
  for (let i = width - 1; i >= 0; i--) {
    bits[i] = u % 2;
    u = Math.floor(u / 2);
  }
  if (n < 0) bits[0] = 1;
  return bits;
}

export function fromBits(bits: number[], signed: boolean): number {
  let value = 0;
  for (const b of bits) value = value * 2 + b;
  return signed && bits[0] === 1 ? value - 2 ** bits.length : value;
}
