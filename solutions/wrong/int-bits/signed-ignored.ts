// breaks: signed-weight
// Reads every pattern as unsigned, forgetting the negative weight of the first bit when `signed`.
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
  return value;
}
