/**
 * Q5_0: 32 values as 5-bit codes with one float16 scale d (22 bytes, 5.5 bits per weight): the low four bits
 * of each code as nibbles, the fifth bits gathered in a 32-bit word. ggml's quantize_row_q5_0_ref.
 */
import { f16BitsToNumber, f32ToF16Bits } from '../floats/half.ts';
import { cToInt, defineCodec, readU16, toInt8, writeU16, type GgmlCodec } from './codec.ts';

const fr = Math.fround;

/** Write a 32-bit word little-endian (the block's fifth bits, as ggml's memcpy of a uint32_t lays them). */
export function writeU32(out: Uint8Array, at: number, v: number): void {
  for (let i = 0; i < 4; i++) out[at + i] = (v >>> (8 * i)) & 0xff;
}

/** Read a 32-bit word little-endian, unsigned. */
export const readU32 = (bytes: Uint8Array, at: number): number =>
  (bytes[at]! | (bytes[at + 1]! << 8) | (bytes[at + 2]! << 16) | (bytes[at + 3]! << 24)) >>> 0;

export const q5_0: GgmlCodec = defineCodec('q5_0', {
  /** The reference: ggml's C line by line, every intermediate a float32, every conversion as x86-64 does it. */
  quantizeBlock(x, src, out, dst) {
    // The element of largest magnitude, sign kept, as Q4_0 finds it; d maps it to code 0 (value -16).
    let amax = 0, max = 0;
    for (let j = src; j < src + 32; j++) {
      const v = x[j]!;
      if (amax < Math.abs(v)) {
        amax = Math.abs(v);
        max = v;
      }
    }
    const d = fr(max / -16);
    const id = d ? fr(1 / d) : 0;
    writeU16(out, dst, f32ToF16Bits(d));
    let qh = 0;
    for (let j = 0; j < 16; j++) {
      // const uint8_t xi0 = MIN(31, (int8_t)(x0 + 16.5f)); NaN and overflow convert as x86 does (byte 0).
      const xi0 = Math.min(31, toInt8(cToInt(fr(fr(x[src + j]! * id) + 16.5)))) & 0xff;
      const xi1 = Math.min(31, toInt8(cToInt(fr(fr(x[src + 16 + j]! * id) + 16.5)))) & 0xff;
      out[dst + 6 + j] = (xi0 & 0x0f) | ((xi1 & 0x0f) << 4);
      qh |= ((xi0 & 0x10) >> 4) << j;
      qh |= ((xi1 & 0x10) >> 4) << (j + 16);
    }
    writeU32(out, dst + 2, qh);
  },
  dequantizeBlock(bytes, src, y, dst) {
    const d = f16BitsToNumber(readU16(bytes, src));
    const qh = readU32(bytes, src + 2);
    for (let j = 0; j < 16; j++) {
      const b = bytes[src + 6 + j]!;
      const x0 = ((b & 0x0f) | (((qh >>> j) << 4) & 0x10)) - 16;
      const x1 = ((b >> 4) | ((qh >>> (j + 12)) & 0x10)) - 16;
      y[dst + j] = fr(x0 * d);
      y[dst + 16 + j] = fr(x1 * d);
    }
  },
});
