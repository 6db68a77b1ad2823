/**
 * Fast float16 conversions for the hot paths (the scales of ggml blocks). They agree with the
 * generic encodeFloat/decodeFloat for every float32 input; tests check that.
 */
import { decodeFloat } from './codec.ts';
import { FORMATS } from './format.ts';

const f32 = new Float32Array(1);
// A pure initializer: to the bundler, reading .buffer is a side effect that would keep this module in every page.
const u32 = /* @__PURE__ */ (() => new Uint32Array(f32.buffer))();

/** The float16 bits of a float32 value (round to nearest even, overflow to ±Inf, NaN to 0x7e00). */
export function f32ToF16Bits(x: number): number {
  f32[0] = x;
  const u = u32[0]!;
  const sign = (u >>> 16) & 0x8000;
  const a = u & 0x7fffffff;
  if (a > 0x7f800000) return 0x7e00; // NaN: canonical quiet NaN, sign dropped as the generic encoder does
  if (a >= 0x477ff000) return sign | 0x7c00; // ≥ 65520 rounds past 65504: Inf (and Inf itself)
  if (a >= 0x38800000) {
    // Normal half: rebias the exponent and round the 13 dropped significand bits to nearest even.
    return sign | ((a - 0x38000000 + 0xfff + ((a >>> 13) & 1)) >>> 13);
  }
  // Subnormal half (or zero): count units of 2^-24, ties to even. Exact in float64.
  const v = Math.abs(f32[0]!) * 16777216;
  const fl = Math.floor(v);
  const r = v - fl;
  return sign | (r > 0.5 || (r === 0.5 && fl % 2 === 1) ? fl + 1 : fl);
}

let table: Float32Array | undefined;

/** The value of float16 bits (a 65,536-entry table, built on first use). */
export function f16BitsToNumber(bits: number): number {
  if (!table) {
    table = new Float32Array(65536);
    for (let i = 0; i < 65536; i++) table[i] = decodeFloat(i, FORMATS.float16);
  }
  return table[bits & 0xffff]!;
}
