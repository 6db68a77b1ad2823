// breaks: msb-first
// Writes and reads the least significant bit first, the order a loop of `% 2` produces naturally.
export function toBits(n: number, width: number): number[] {
  let u = n < 0 ? n + 2 ** width : n;
  const bits: number[] = [];
  for (let i = 0; i < width; i++) {
    bits.push(u % 2);
    u = Math.floor(u / 2);
  }
  return bits;
}

export function fromBits(bits: number[], signed: boolean): number {
  let value = 0;
  for (let i = bits.length - 1; i >= 0; i--) value = value * 2 + bits[i]!;
  return signed && bits[bits.length - 1] === 1 ? value - 2 ** bits.length : value;
}
