/**
 * IQ4_NL: 32 values as 4-bit indices into a fixed non-uniform grid of 16 int8 levels, with one float16
 * scale d (18 bytes, 4.5 bits per weight). The quantizer is ggml's quantize_iq4_nl without an importance
 * matrix, which is what llama-quantize writes: weights x², a first fit, then 15 trial scales (ntry = 7).
 * (ggml's quantize_row_iq4_nl_ref uses ntry = -1 and leaves the indices of an all-zero block uninitialised,
 * so it is not a reproducible reference; llama-quantize never calls it.)
 */
import { f16BitsToNumber, f32ToF16Bits } from '../floats/half.ts';
import { defineCodec, readU16, writeU16, type GgmlCodec } from './codec.ts';

const fr = Math.fround;

/** ggml's kvalues_iq4nl: the 16 levels a code stands for, before the scale. */
export const IQ4_NL_LEVELS: readonly number[] = [-127, -104, -83, -65, -49, -35, -22, -10, 1, 13, 25, 38, 53, 69, 89, 113];

/** ggml's GROUP_MAX_EPS: a block whose largest |x| is below it quantizes with scale 0. */
// 1e-15f as a float32, written as a literal so that importing the core runs no code (tests/core/bundle.test.ts).
const GROUP_MAX_EPS = 1.0000000036274937e-15;
const NTRY = 7;

/** ggml's best_index_int8: the index of the level nearest x (ties go to the upper level), by bisection. */
export function nearestLevel(x: number): number {
  const v = IQ4_NL_LEVELS;
  if (x <= v[0]!) return 0;
  if (x >= v[15]!) return 15;
  let ml = 0, mu = 15;
  while (mu - ml > 1) {
    const mav = (ml + mu) >> 1;
    if (x < v[mav]!) mu = mav;
    else ml = mav;
  }
  return fr(x - v[mu - 1]!) < fr(v[mu]! - x) ? mu - 1 : mu;
}

/** Σ w·q·x and Σ w·q² (float32, in ggml's order) for the levels chosen at inverse scale id. */
function fitSums(x: Float32Array, src: number, id: number, L: Uint8Array | null): [number, number] {
  let sumqx = 0, sumq2 = 0;
  for (let j = 0; j < 32; j++) {
    const xj = x[src + j]!;
    const l = nearestLevel(fr(id * xj));
    if (L) L[j] = l;
    const q = IQ4_NL_LEVELS[l]!;
    const w = fr(xj * xj);
    sumqx = fr(sumqx + fr(fr(w * q) * xj));
    sumq2 = fr(sumq2 + fr(fr(w * q) * q));
  }
  return [sumqx, sumq2];
}

export const iq4_nl: GgmlCodec = defineCodec('iq4_nl', {
  /** ggml's quantize_row_iq4_nl_impl for one block of 32 (no importance weights), every intermediate a float32. */
  quantizeBlock(x, src, out, dst) {
    const L = new Uint8Array(32);
    let amax = 0, max = 0;
    for (let j = 0; j < 32; j++) {
      const ax = Math.abs(x[src + j]!);
      if (ax > amax) {
        amax = ax;
        max = x[src + j]!;
      }
    }
    let scale = 0;
    if (!(amax < GROUP_MAX_EPS)) {
      // First fit: the largest |x| on the grid's end (-127), then the least-squares scale for those levels.
      let [sumqx, sumq2] = fitSums(x, src, fr(1 / fr(-max / IQ4_NL_LEVELS[0]!)), L);
      let d = sumq2 > 0 ? fr(sumqx / sumq2) : 0;
      let best = fr(d * sumqx);
      for (let itry = -NTRY; itry <= NTRY; itry++) {
        const id = fr((itry + IQ4_NL_LEVELS[0]!) / max);
        [sumqx, sumq2] = fitSums(x, src, id, null);
        if (sumq2 > 0 && fr(sumqx * sumqx) > fr(best * sumq2)) {
          d = fr(sumqx / sumq2);
          best = fr(d * sumqx);
        }
      }
      scale = d;
    }
    writeU16(out, dst, f32ToF16Bits(scale));
    // The levels again, for the scale chosen (as a float32: the float16 rounding comes only at the store).
    const id = scale ? fr(1 / scale) : 0;
    for (let j = 0; j < 32; j++) L[j] = nearestLevel(fr(id * x[src + j]!));
    for (let j = 0; j < 16; j++) out[dst + 2 + j] = L[j]! | (L[j + 16]! << 4);
  },
  dequantizeBlock(bytes, src, y, dst) {
    const d = f16BitsToNumber(readU16(bytes, src));
    for (let j = 0; j < 16; j++) {
      const b = bytes[src + 2 + j]!;
      y[dst + j] = fr(d * IQ4_NL_LEVELS[b & 0xf]!);
      y[dst + 16 + j] = fr(d * IQ4_NL_LEVELS[b >> 4]!);
    }
  },
});
