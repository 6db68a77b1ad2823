/** Q4_0: 32 values as 4-bit nibbles with one float16 scale d (18 bytes, 4.5 bits per weight). ggml's quantize_row_q4_0_ref. */
import { f16BitsToNumber, f32ToF16Bits } from '../floats/half.ts';
import { cToInt, defineCodec, f32Bits, readU16, stepThresholds, toInt8, writeU16, type GgmlCodec } from './codec.ts';
import { quantizeRowWasm } from './wasm-rows.ts';

const fr = Math.fround;

/**
 * Steps of trunc(fround(fround(p) + 8.5)), the code before the MIN(15, …) clamp, for a product p = x·id:
 * STEPS[c] is where the code c becomes c + 1 (see stepThresholds). Padded to 32 entries so that an index
 * masked with & 31 needs no bounds check.
 * Built in a pure initializer, so that a page which never quantizes drops the table and this module.
 */
const STEPS = /* @__PURE__ */ (() => {
  const t = new Float64Array(32).fill(Infinity);
  t.set(stepThresholds((p) => Math.trunc(fr(fr(p) + 8.5)), 17, (n) => n - 8.5).subarray(1));
  return t;
})();

export const q4_0: GgmlCodec = defineCodec('q4_0', {
  /** The reference: ggml's C line by line, every intermediate a float32, every conversion as x86-64 does it. */
  quantizeBlock(x, src, out, dst) {
    // The element of largest magnitude, sign kept: replaced only on a strictly larger |x| (NaN never is).
    let amax = 0, max = 0;
    for (let j = src; j < src + 32; j++) {
      const v = x[j]!;
      if (amax < Math.abs(v)) {
        amax = Math.abs(v);
        max = v;
      }
    }
    const d = fr(max / -8);
    const id = d ? fr(1 / d) : 0;
    writeU16(out, dst, f32ToF16Bits(d));
    for (let j = 0; j < 16; j++) {
      const x0 = fr(x[src + j]! * id);
      const x1 = fr(x[src + 16 + j]! * id);
      // const uint8_t xi0 = MIN(15, (int8_t)(x0 + 8.5f)); the float-to-int8 conversion of a NaN or an
      // infinite sum (from 1/d overflowing to Inf on a block of subnormals) is undefined in C: cToInt gives
      // x86's INT_MIN, whose low byte is 0.
      const xi0 = Math.min(15, toInt8(cToInt(fr(x0 + 8.5)))) & 0xff;
      const xi1 = Math.min(15, toInt8(cToInt(fr(x1 + 8.5)))) & 0xff;
      out[dst + 2 + j] = (xi0 | (xi1 << 4)) & 0xff;
    }
  },
  /**
   * The fast path, byte for byte the reference. The largest magnitude is found on the float32 bit
   * patterns (|x| orders as its bits with the sign masked off; a NaN has bits above +Inf's and sends
   * its block to the reference). A code c = ⌊p + 8.5⌋ of the exact double product p = x·id, plus one
   * when p ≥ STEPS[c]: |p| ≤ 8 (to a few ulps), and the float32 roundings the reference makes move
   * p + 8.5 across an integer only in the last few ulps below it. An infinite id (a block of
   * subnormals) goes to the reference too. Where WebAssembly SIMD runs, its kernel (wasm-q4_0.ts) does
   * the row instead, several times faster.
   */
  quantizeRow(x, out) {
    if (quantizeRowWasm((w) => w.q4_0, 18, x, out, q4_0.quantizeBlock)) return;
    const bits = f32Bits(x);
    const view = new DataView(out.buffer, out.byteOffset, out.byteLength);
    const steps = STEPS;
    for (let s = 0, o = 0; s < x.length; s += 32, o += 18) {
      // amax, and `at`, the start of the run of 8 where amax last rose: the first element reaching amax is in it.
      let amax = 0, at = s;
      for (let j = s, e = s + 32; j < e; j += 8) {
        const before = amax;
        const a0 = bits[j]! & 0x7fffffff, a1 = bits[j + 1]! & 0x7fffffff, a2 = bits[j + 2]! & 0x7fffffff, a3 = bits[j + 3]! & 0x7fffffff;
        const a4 = bits[j + 4]! & 0x7fffffff, a5 = bits[j + 5]! & 0x7fffffff, a6 = bits[j + 6]! & 0x7fffffff, a7 = bits[j + 7]! & 0x7fffffff;
        if (a0 > amax) amax = a0;
        if (a1 > amax) amax = a1;
        if (a2 > amax) amax = a2;
        if (a3 > amax) amax = a3;
        if (a4 > amax) amax = a4;
        if (a5 > amax) amax = a5;
        if (a6 > amax) amax = a6;
        if (a7 > amax) amax = a7;
        at += (j - at) & -(amax !== before); // no branch: which run raises amax is anyone's guess
      }
      if (amax > 0x7f800000) {
        q4_0.quantizeBlock(x, s, out, o);
        continue;
      }
      let max = 0;
      if (amax !== 0) {
        let j = at;
        while ((bits[j]! & 0x7fffffff) !== amax) j++;
        max = x[j]!;
      }
      const d = fr(max / -8);
      const id = d ? fr(1 / d) : 0;
      if (id === Infinity || id === -Infinity) {
        q4_0.quantizeBlock(x, s, out, o);
        continue;
      }
      view.setUint16(o, f32ToF16Bits(d), true);
      // Four bytes per step: elements j … j+3 in the low nibbles, j+16 … j+19 in the high ones.
      for (let j = s, k = o + 2, e = s + 16; j < e; j += 4, k += 4) {
        const p0 = x[j]! * id, q0 = x[j + 16]! * id, p1 = x[j + 1]! * id, q1 = x[j + 17]! * id;
        const p2 = x[j + 2]! * id, q2 = x[j + 18]! * id, p3 = x[j + 3]! * id, q3 = x[j + 19]! * id;
        let a0 = (p0 + 8.5) | 0, b0 = (q0 + 8.5) | 0, a1 = (p1 + 8.5) | 0, b1 = (q1 + 8.5) | 0;
        let a2 = (p2 + 8.5) | 0, b2 = (q2 + 8.5) | 0, a3 = (p3 + 8.5) | 0, b3 = (q3 + 8.5) | 0;
        // A comparison added as a number, not a branch: it is rarely true, and a branch first taken after
        // optimization would throw the optimized code away.
        a0 += +(p0 >= steps[a0 & 31]!);
        b0 += +(q0 >= steps[b0 & 31]!);
        a1 += +(p1 >= steps[a1 & 31]!);
        b1 += +(q1 >= steps[b1 & 31]!);
        a2 += +(p2 >= steps[a2 & 31]!);
        b2 += +(q2 >= steps[b2 & 31]!);
        a3 += +(p3 >= steps[a3 & 31]!);
        b3 += +(q3 >= steps[b3 & 31]!);
        // A code is 0 … 16 (16 only near −max): c − (c >> 4) is MIN(15, c).
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
    for (let j = 0; j < 16; j++) {
      const b = bytes[src + 2 + j]!;
      y[dst + j] = fr(((b & 0xf) - 8) * d);
      y[dst + 16 + j] = fr(((b >> 4) - 8) * d);
    }
  },
});
