/**
 * Wrong readings of the statement that agree with llama.cpp on almost every block: the same packers
 * with the float32 roundings left out. They exist only so that the generator can search for blocks
 * where they give other bytes (see telling-blocks.ts): random weights almost never tell them apart.
 * Each returns the quantized bytes of one block of 32 (the codes, without the stored scales).
 */

/** C's roundf: halves away from zero. */
const roundf = (v: number) => Math.sign(v) * Math.floor(Math.abs(v) + 0.5);

/** Q8_0 with d, id and x × id in double. */
export function q8Double(x: Float32Array): number[] {
  let amax = 0;
  for (const v of x) amax = Math.max(amax, Math.abs(v));
  const d = amax / 127;
  const id = d ? 1 / d : 0;
  return Array.from(x, (v) => roundf(v * id) & 0xff);
}

/** Q8_0 in float32 except x × id, left in double before rounding. */
export function q8ProductInDouble(x: Float32Array): number[] {
  let amax = 0;
  for (const v of x) amax = Math.max(amax, Math.abs(v));
  const d = Math.fround(amax / 127);
  const id = d ? Math.fround(1 / d) : 0;
  return Array.from(x, (v) => roundf(v * id) & 0xff);
}

/** Q4_0's element of largest magnitude, the first on equal magnitudes. */
function signedMax(x: Float32Array): number {
  let amax = 0, max = 0;
  for (const v of x) if (Math.abs(v) > amax) { amax = Math.abs(v); max = v; }
  return max;
}

/** Q4_0 with every step in double. */
export function q40Double(x: Float32Array): number[] {
  const d = signedMax(x) / -8;
  const id = d ? 1 / d : 0;
  return Array.from(x, (v) => Math.min(15, Math.trunc(v * id + 8.5)));
}

/** Q4_0 in float32 except the final `+ 8.5`, done in double. */
export function q40AddInDouble(x: Float32Array): number[] {
  const d = Math.fround(signedMax(x) / -8);
  const id = d ? Math.fround(1 / d) : 0;
  return Array.from(x, (v) => Math.min(15, Math.trunc(Math.fround(v * id) + 8.5)));
}

/** Q4_1 with every step in double. */
export function q41Double(x: Float32Array): number[] {
  let min = Infinity, max = -Infinity;
  for (const v of x) { min = Math.min(min, v); max = Math.max(max, v); }
  const d = (max - min) / 15;
  const id = d ? 1 / d : 0;
  return Array.from(x, (v) => Math.min(15, Math.trunc((v - min) * id + 0.5)));
}
