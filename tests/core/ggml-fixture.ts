/**
 * Deterministic float32 rows for the ggml byte fixtures. Built from a plain integer LCG, not the core's
 * rng, so the expected bytes (computed once with ggml's C reference quantizers) never drift with it.
 */
import { createHash } from 'node:crypto';

type Shape = 'normal' | 'negative' | 'positive' | 'outlier' | 'ints' | 'mixed';
const SHAPES: Shape[] = ['normal', 'negative', 'positive', 'outlier', 'ints', 'mixed'];

/** `blocks` blocks of `blockSize` values; block b has shape SHAPES[b mod 6] and scale 10^(b mod 5 − 2). */
export function lcgRow(blocks: number, blockSize: number): Float32Array {
  const x = new Float32Array(blocks * blockSize);
  let state = 12345;
  const u = () => (state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 4294967296;
  for (let b = 0; b < blocks; b++) {
    const shape = SHAPES[b % SHAPES.length]!;
    const scale = 10 ** ((b % 5) - 2);
    for (let i = 0; i < blockSize; i++) {
      const g = (u() + u() + u() + u() - 2) * scale;
      const k = b * blockSize + i;
      switch (shape) {
        case 'normal': x[k] = g; break;
        case 'negative': x[k] = -Math.abs(g); break;
        case 'positive': x[k] = Math.abs(g); break;
        case 'outlier': x[k] = i === 7 ? 40 * scale : g; break;
        case 'ints': x[k] = Math.floor(u() * 17) - 8; break;
        case 'mixed': x[k] = g * 10 ** Math.floor(u() * 4 - 2); break;
      }
    }
  }
  return x;
}

/** SHA-256 of raw bytes (of a Uint8Array or a Float32Array's storage), hex. */
export function sha256(data: Uint8Array | Float32Array): string {
  return createHash('sha256').update(new Uint8Array(data.buffer, data.byteOffset, data.byteLength)).digest('hex');
}

/** Bytes from a hex string. */
export const fromHex = (hex: string): Uint8Array => Uint8Array.from(hex.match(/../g)!.map((h) => parseInt(h, 16)));

/** The float32 bit pattern of a number. */
export function f32Bits(x: number): number {
  return new Uint32Array(Float32Array.of(x).buffer)[0]!;
}

/** The float32 with a given bit pattern. */
export function f32FromBits(b: number): number {
  return new Float32Array(Uint32Array.of(b >>> 0).buffer)[0]!;
}

/** The float32 `k` ulps away from v (towards +Inf for k > 0), through ±0 like nextafterf. */
export function ulps(v: number, k: number): number {
  let x = Math.fround(v);
  for (let i = 0; i < Math.abs(k); i++) {
    const up = k > 0;
    if (x === 0) x = up ? f32FromBits(1) : -f32FromBits(1);
    else x = f32FromBits((x > 0) === up ? f32Bits(x) + 1 : f32Bits(x) - 1);
  }
  return x;
}

/**
 * A fixed row of 48 blocks of 32 for the Q8_0/Q4_0/Q4_1 byte fixtures, exercising the corners: the
 * lcgRow shapes, halves and integers on rounding ties, zeros and −0, NaN, ±Inf, FLT_MAX, blocks of
 * subnormals (1/d overflows), equal magnitudes of both signs, and elements a few ulps around each
 * rounding step of each format (in blocks whose scale is 1).
 */
export function cornerRow(): Float32Array {
  const x = lcgRow(48, 32);
  const set = (b: number, vals: number[]) => vals.forEach((v, i) => (x[b * 32 + i] = v));
  set(0, Array.from({ length: 32 }, (_, i) => (i % 17) - 8 + (i % 2) * 0.5));
  set(1, Array.from({ length: 32 }, (_, i) => (i - 16) * 7.5 - 0.5));
  set(2, Array.from({ length: 32 }, (_, i) => (i === 3 ? -0 : 0)));
  set(3, [NaN, 1, -2, 3, NaN]);
  set(4, [Infinity, 1, -1]);
  set(5, [-Infinity, 2, 5]);
  set(6, [3.4028234663852886e38, -3.4028234663852886e38, 1]);
  set(7, Array.from({ length: 32 }, (_, i) => f32FromBits(i * 37 + 1) * (i % 3 ? 1 : -1)));
  set(8, [2, -2, 1]);
  set(9, [-2, 2, 1]);
  set(10, Array.from({ length: 32 }, () => NaN));
  set(11, [1e-40, -3e-41, 2e-45]);
  for (let b = 12; b < 20; b++) {
    // Q4_0 with max = −8: d = 1, so the steps sit just below x = n − 8.5.
    set(b, Array.from({ length: 32 }, (_, i) => (i === 0 ? -8 : ulps(((b * 5 + i) % 16) - 7.5, ((b + i) % 7) - 3))));
  }
  for (let b = 20; b < 28; b++) {
    // Q8_0 with amax = 100: id = 1/fround(100/127) rounded, and |x|·id a few ulps around k − 0.5, where the
    // rounding of the product to float32 decides between k − 1 and k.
    const id = Math.fround(1 / Math.fround(100 / 127));
    set(b, Array.from({ length: 32 }, (_, i) => (i === 0 ? 100 : ulps((((b * 11 + i * 13) % 254) - 126.5) / id, ((b + i) % 7) - 3))));
  }
  for (let b = 28; b < 36; b++) {
    // Q4_1 with min = 0, max = 15: d = 1, steps just below x = k + 0.5.
    set(b, Array.from({ length: 32 }, (_, i) => (i === 0 ? 0 : i === 1 ? 15 : ulps(((b * 3 + i) % 15) + 0.5, ((b + i) % 7) - 3))));
  }
  return x;
}
