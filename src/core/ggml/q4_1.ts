/** Q4_1: 32 values as nibbles with a float16 scale d and minimum m (20 bytes, 5 bits per weight). ggml's quantize_row_q4_1_ref. */
import { f16BitsToNumber, f32ToF16Bits } from '../floats/half.ts';
import { cToInt, defineCodec, FLT_MAX, readU16, stepThresholds, toInt8, writeU16, type GgmlCodec } from './codec.ts';
import { quantizeRowWasm } from './wasm-rows.ts';

const fr = Math.fround;

/**
 * Steps of trunc(fround(fround(p) + 0.5)), the code before the MIN(15, …) clamp, for p = (x − min)·id ≥ 0:
 * STEPS[c] is where c becomes c + 1, for c = 0 … 15; padded to 32 entries so that an index masked with
 * & 31 needs no bounds check.
 * Built in a pure initializer, so that a page which never quantizes drops the table and this module.
 */
const STEPS = /* @__PURE__ */ (() => {
  const t = new Float64Array(32).fill(Infinity);
  t.set(stepThresholds((p) => Math.trunc(fr(fr(p) + 0.5)), 16, (k) => k - 0.5).subarray(1));
  return t;
})();

export const q4_1: GgmlCodec = defineCodec('q4_1', {
  /** The reference: ggml's C line by line, every intermediate a float32, every conversion as x86-64 does it. */
  quantizeBlock(x, src, out, dst) {
    let min = FLT_MAX, max = -FLT_MAX;
    for (let j = 0; j < 32; j++) {
      const v = x[src + j]!;
      if (v < min) min = v;
      if (v > max) max = v;
    }
    const d = fr(fr(max - min) / 15);
    const id = d ? fr(1 / d) : 0;
    writeU16(out, dst, f32ToF16Bits(d));
    writeU16(out, dst + 2, f32ToF16Bits(min));
    for (let j = 0; j < 16; j++) {
      const x0 = fr(fr(x[src + j]! - min) * id);
      const x1 = fr(fr(x[src + 16 + j]! - min) * id);
      // const uint8_t xi0 = MIN(15, (int8_t)(x0 + 0.5f)); a NaN or infinite sum converts as x86 does (byte 0).
      const xi0 = Math.min(15, toInt8(cToInt(fr(x0 + 0.5)))) & 0xff;
      const xi1 = Math.min(15, toInt8(cToInt(fr(x1 + 0.5)))) & 0xff;
      out[dst + 4 + j] = (xi0 | (xi1 << 4)) & 0xff;
    }
  },
  /**
   * The fast path, byte for byte the reference: the same min/max scan, then a code c = ⌊p + 0.5⌋ of the
   * exact double product p = fround(x − min)·id, plus one when p ≥ STEPS[c] (0 ≤ p ≤ 15 to a few ulps).
   * NaN and infinite products give code 0 as in the reference, except with an infinite id (a block of
   * subnormals), which goes to the reference. Where WebAssembly SIMD runs, its kernel (wasm-q4_1.ts)
   * does the row instead.
   */
  quantizeRow(x, out) {
    if (quantizeRowWasm((w) => w.q4_1, 20, x, out, q4_1.quantizeBlock)) return;
    const view = new DataView(out.buffer, out.byteOffset, out.byteLength);
    const steps = STEPS;
    for (let s = 0, o = 0; s < x.length; s += 32, o += 20) {
      let min = FLT_MAX, max = -FLT_MAX;
      for (let j = s, e = s + 32; j < e; j += 2) {
        const v0 = x[j]!, v1 = x[j + 1]!;
        if (v0 < min) min = v0;
        if (v0 > max) max = v0;
        if (v1 < min) min = v1;
        if (v1 > max) max = v1;
      }
      const d = fr(fr(max - min) / 15);
      const id = d ? fr(1 / d) : 0;
      if (id === Infinity) {
        q4_1.quantizeBlock(x, s, out, o);
        continue;
      }
      view.setUint16(o, f32ToF16Bits(d), true);
      view.setUint16(o + 2, f32ToF16Bits(min), true);
      for (let j = s, k = o + 4, e = s + 16; j < e; j += 4, k += 4) {
        const p0 = fr(x[j]! - min) * id, q0 = fr(x[j + 16]! - min) * id, p1 = fr(x[j + 1]! - min) * id, q1 = fr(x[j + 17]! - min) * id;
        const p2 = fr(x[j + 2]! - min) * id, q2 = fr(x[j + 18]! - min) * id, p3 = fr(x[j + 3]! - min) * id, q3 = fr(x[j + 19]! - min) * id;
        let a0 = (p0 + 0.5) | 0, b0 = (q0 + 0.5) | 0, a1 = (p1 + 0.5) | 0, b1 = (q1 + 0.5) | 0;
        let a2 = (p2 + 0.5) | 0, b2 = (q2 + 0.5) | 0, a3 = (p3 + 0.5) | 0, b3 = (q3 + 0.5) | 0;
        // A comparison added as a number, not a branch (see q4_0).
        a0 += +(p0 >= steps[a0 & 31]!);
        b0 += +(q0 >= steps[b0 & 31]!);
        a1 += +(p1 >= steps[a1 & 31]!);
        b1 += +(q1 >= steps[b1 & 31]!);
        a2 += +(p2 >= steps[a2 & 31]!);
        b2 += +(q2 >= steps[b2 & 31]!);
        a3 += +(p3 >= steps[a3 & 31]!);
        b3 += +(q3 >= steps[b3 & 31]!);
        // c − (c >> 4) is MIN(15, c).
        view.setUint32(k,
          (a0 - (a0 >> 4)) | ((b0 - (b0 >> 4)) << 4) |
          ((a1 - (a1 >> 4)) << 8) | ((b1 - (b1 >> 4)) << 12) |
          ((a2 - (a2 >> 4)) << 16) | ((b2 - (b2 >> 4)) << 20) |
          ((a3 - (a3 >> 4)) << 24) | ((b3 - (b3 >> 4)) << 28), true);
      }
    }
  },
  dequantizeBlock(bytes, src, y, dst) {
    const d = f16BitsToNumber(readU16(bytes, src));
    const m = f16BitsToNumber(readU16(bytes, src + 2));
    for (let j = 0; j < 16; j++) {
      const b = bytes[src + 4 + j]!;
      // Multiply, round, add, round: ggml's reference has no fused multiply-add.
      y[dst + j] = fr(fr((b & 0xf) * d) + m);
      y[dst + 16 + j] = fr(fr((b >> 4) * d) + m);
    }
  },
});
