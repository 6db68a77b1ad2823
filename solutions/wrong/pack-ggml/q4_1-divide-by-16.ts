// breaks: q41-scale
// Q4_1 divides the range by 16 (the number of codes) instead of 15.
const f = Math.fround;

/** The float16 bits of x (round to nearest even), as llama.cpp stores its scales. */
function fp16Bits(x: number): number {
  return new Uint16Array(new Float16Array([x]).buffer)[0]!;
}

function putFp16(out: Uint8Array, at: number, x: number): void {
  const h = fp16Bits(x);
  out[at] = h & 0xff;
  out[at + 1] = h >> 8;
}

/** C's roundf: halves away from zero (exact in float64 for a float32 input). */
function roundf(v: number): number {
  return Math.sign(v) * Math.floor(Math.abs(v) + 0.5);
}

/** llama.cpp Q8_0: per block of 32, a float16 scale then 32 int8 values. */
export function packQ8_0(values: Float32Array): Uint8Array {
  const out = new Uint8Array((values.length / 32) * 34);
  for (let b = 0; b < values.length / 32; b++) {
    const x = values.subarray(b * 32, b * 32 + 32);
    let amax = 0;
    for (const v of x) amax = Math.max(amax, Math.abs(v));
    const d = f(amax / 127);
    const id = d ? f(1 / d) : 0;
    putFp16(out, b * 34, d);
    for (let j = 0; j < 32; j++) out[b * 34 + 2 + j] = roundf(f(x[j]! * id)) & 0xff;
  }
  return out;
}

function packNibbles(out: Uint8Array, at: number, nib: (j: number) => number): void {
  for (let j = 0; j < 16; j++) out[at + j] = nib(j) | (nib(j + 16) << 4);
}

/** llama.cpp Q4_0: per block of 32, a float16 scale then 16 bytes of 4-bit values. */
export function packQ4_0(values: Float32Array): Uint8Array {
  const out = new Uint8Array((values.length / 32) * 18);
  for (let b = 0; b < values.length / 32; b++) {
    const x = values.subarray(b * 32, b * 32 + 32);
    let amax = 0, max = 0;
    for (const v of x) if (Math.abs(v) > amax) { amax = Math.abs(v); max = v; }
    const d = f(max / -8);
    const id = d ? f(1 / d) : 0;
    putFp16(out, b * 18, d);
    packNibbles(out, b * 18 + 2, (j) => Math.min(15, Math.trunc(f(f(x[j]! * id) + 8.5))));
  }
  return out;
}

/** llama.cpp Q4_1: per block of 32, float16 scale and minimum, then 16 bytes of 4-bit values. */
export function packQ4_1(values: Float32Array): Uint8Array {
  const out = new Uint8Array((values.length / 32) * 20);
  for (let b = 0; b < values.length / 32; b++) {
    const x = values.subarray(b * 32, b * 32 + 32);
    let min = Infinity, max = -Infinity;
    for (const v of x) { min = Math.min(min, v); max = Math.max(max, v); }
    const d = f(f(max - min) / 16);
    const id = d ? f(1 / d) : 0;
    putFp16(out, b * 20, d);
    putFp16(out, b * 20 + 2, min);
    packNibbles(out, b * 20 + 4, (j) => Math.min(15, Math.trunc(f(f(f(x[j]! - min) * id) + 0.5))));
  }
  return out;
}
