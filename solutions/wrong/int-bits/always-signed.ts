// breaks: unsigned-weight
// Gives the first bit its negative weight whether or not `signed` asks for it.
export function toBits(n: number, width: number): number[] {
  let u = n < 0 ? n + 2 ** width : n;
  const bits = new Array<number>(width);
  for (let i = width - 1; i >= 0; i--) {
    bits[i] = u % 2;
    u = Math.floor(u / 2);
  }
  return bits;
}

export function fromBits(bits: number[], _signed: boolean): number {
  let value = 0;
  for (const b of bits) value = value * 2 + b;
  return bits[0] === 1 ? value - 2 ** bits.length : value;
}
