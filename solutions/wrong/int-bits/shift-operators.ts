// breaks: width-32
// Uses JavaScript's bit operators, which work on 32-bit signed integers: wrong for unsigned 32-bit values.
export function toBits(n: number, width: number): number[] {
  const bits: number[] = [];
  for (let i = width - 1; i >= 0; i--) bits.push((n >> i) & 1);
  return bits;
}

export function fromBits(bits: number[], signed: boolean): number {
  let value = 0;
  for (const b of bits) value = (value << 1) | b;
  return signed && bits[0] === 1 && bits.length < 32 ? value - 2 ** bits.length : value;
}
