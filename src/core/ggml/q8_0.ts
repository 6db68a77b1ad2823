/** Q8_0: 32 values as int8 with one float16 scale d (34 bytes, 8.5 bits per weight). ggml's quantize_row_q8_0_ref. */
import { f16BitsToNumber, f32ToF16Bits } from '../floats/half.ts';
import { cToInt, defineCodec, f32Bits, f32FromBits, readU16, roundf, stepThresholds, toInt8, writeU16, type GgmlCodec } from './codec.ts';
import { quantizeRowWasm } from './wasm-rows.ts';

const fr = Math.fround;

/**
 * Steps of roundf(fround(a)) = ⌊fround(a) + 0.5⌋ for a magnitude a = |x·id| ≥ 0: STEPS[c] is where c
 * becomes c + 1, for c = 0 … 127; padded to 256 entries so that an index masked with & 255 needs no
 * bounds check.
 * Built in a pure initializer, so that a page which never quantizes drops the table and this module.
 */
const STEPS = /* @__PURE__ */ (() => {
  const t = new Float64Array(256).fill(Infinity);
  t.set(stepThresholds((a) => Math.floor(fr(a) + 0.5), 128, (k) => k - 0.5).subarray(1));
  return t;
})();

export const q8_0: GgmlCodec = defineCodec('q8_0', {
  /** The reference: ggml's C line by line, every intermediate a float32, every conversion as x86-64 does it. */
  quantizeBlock(x, src, out, dst) {
    let amax = 0;
    for (let j = src; j < src + 32; j++) {
      const a = Math.abs(x[j]!);
      amax = amax > a ? amax : a; // exactly ggml's MAX(amax, fabsf(v)), NaN behaviour included
    }
    const d = fr(amax / 127);
    const id = d ? fr(1 / d) : 0;
    writeU16(out, dst, f32ToF16Bits(d));
    for (let j = 0; j < 32; j++) {
      // y[i].qs[j] = roundf(x0): a float-to-int8 conversion, which x86 does through int32; out of range
      // (a NaN, or a huge product after a NaN reset amax) it is undefined in C, and cToInt gives INT_MIN → byte 0.
      out[dst + 2 + j] = toInt8(cToInt(roundf(fr(x[src + j]! * id)))) & 0xff;
    }
  },
  /**
   * The fast path, byte for byte the reference. amax is the largest float32 bit pattern with the sign
   * masked off; a NaN (bits above +Inf's) sends its block to the reference, since ggml's MAX lets a NaN
   * reset amax. The magnitude of a code is c = ⌊a + 0.5⌋ of the exact double a = |x|·id, plus one when
   * a ≥ STEPS[c] (a ≤ 127 to a few ulps); its sign is the sign bit of x (id ≥ 0), put back with an xor,
   * and the byte keeps it as int8. An infinite id (a block of subnormals) goes to the reference too.
   * Where WebAssembly SIMD runs, its kernel (wasm-q8_0.ts) does the row instead.
   */
  quantizeRow(x, out) {
    if (quantizeRowWasm((w) => w.q8_0, 34, x, out, q8_0.quantizeBlock)) return;
    const bits = f32Bits(x);
    const view = new DataView(out.buffer, out.byteOffset, out.byteLength);
    const steps = STEPS;
    for (let s = 0, o = 0; s < x.length; s += 32, o += 34) {
      let amax = 0;
      for (let j = s, e = s + 32; j < e; j += 8) {
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
      }
      const d = fr(f32FromBits(amax) / 127);
      const id = d ? fr(1 / d) : 0;
      if (amax > 0x7f800000 || id === Infinity) {
        q8_0.quantizeBlock(x, s, out, o);
        continue;
      }
      view.setUint16(o, f32ToF16Bits(d), true);
      for (let j = s, k = o + 2, e = s + 32; j < e; j += 4, k += 4) {
        const a0 = Math.abs(x[j]!) * id, a1 = Math.abs(x[j + 1]!) * id, a2 = Math.abs(x[j + 2]!) * id, a3 = Math.abs(x[j + 3]!) * id;
        let c0 = (a0 + 0.5) | 0, c1 = (a1 + 0.5) | 0, c2 = (a2 + 0.5) | 0, c3 = (a3 + 0.5) | 0;
        // A comparison added as a number, not a branch (see q4_0).
        c0 += +(a0 >= steps[c0 & 255]!);
        c1 += +(a1 >= steps[c1 & 255]!);
        c2 += +(a2 >= steps[c2 & 255]!);
        c3 += +(a3 >= steps[c3 & 255]!);
        const s0 = bits[j]! >> 31, s1 = bits[j + 1]! >> 31, s2 = bits[j + 2]! >> 31, s3 = bits[j + 3]! >> 31;
        view.setUint32(k,
          (((c0 ^ s0) - s0) & 0xff) | ((((c1 ^ s1) - s1) & 0xff) << 8) |
          ((((c2 ^ s2) - s2) & 0xff) << 16) | (((c3 ^ s3) - s3) << 24), true);
      }
    }
  },
  dequantizeBlock(bytes, src, y, dst) {
    const d = f16BitsToNumber(readU16(bytes, src));
    for (let j = 0; j < 32; j++) y[dst + j] = fr(toInt8(bytes[src + 2 + j]!) * d);
  },
});
