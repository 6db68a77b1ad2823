/** Q4_0: 32 values as 4-bit nibbles with one float16 scale d (18 bytes, 4.5 bits per weight). ggml's quantize_row_q4_0_ref. */
import { f16BitsToNumber, f32ToF16Bits } from '../floats/half.ts';
import { cToInt, readU16, toInt8, writeU16, type GgmlCodec } from './codec.ts';

const fr = Math.fround;

export const q4_0: GgmlCodec = {
  name: 'q4_0',
  blockSize: 32,
  blockBytes: 18,
  quantizeBlock(x, src, out, dst) {
    // The element of largest magnitude, sign kept; ggml replaces it only on a strictly larger |x|, so it
    // is the first element reaching amax. Two passes avoid a hard-to-predict branch per element.
    let amax = 0, max = 0;
    for (let j = src; j < src + 32; j++) {
      const a = Math.abs(x[j]!);
      amax = a > amax ? a : amax;
    }
    if (amax > 0) {
      for (let j = src; j < src + 32; j++) {
        if (Math.abs(x[j]!) === amax) {
          max = x[j]!;
          break;
        }
      }
    }
    const d = fr(max / -8);
    const id = d ? fr(1 / d) : 0;
    writeU16(out, dst, f32ToF16Bits(d));
    if (id !== Infinity) {
      // Hot path: |x·id| ≤ 8, so x·id + 8.5 lies in [0.5, 16.5] and `| 0` truncates exactly as C does.
      for (let j = 0; j < 16; j++) {
        const lo = fr(fr(x[src + j]! * id) + 8.5) | 0;
        const hi = fr(fr(x[src + 16 + j]! * id) + 8.5) | 0;
        out[dst + 2 + j] = (lo > 15 ? 15 : lo) | ((hi > 15 ? 15 : hi) << 4);
      }
      return;
    }
    for (let j = 0; j < 16; j++) {
      // 1/d overflowed (a block of subnormals): ggml's MIN(15, (int8_t)(x*id + 8.5f)) meets Inf/NaN, undefined
      // in C; cToInt mimics x86 (INT_MIN, low byte 0) and & 0xf keeps the stored uint8_t's low nibble.
      const lo = Math.min(15, toInt8(cToInt(fr(fr(x[src + j]! * id) + 8.5)))) & 0xf;
      const hi = Math.min(15, toInt8(cToInt(fr(fr(x[src + 16 + j]! * id) + 8.5)))) & 0xf;
      out[dst + 2 + j] = lo | (hi << 4);
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
};
