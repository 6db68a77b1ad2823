/** Q4_0: 32 values as 4-bit nibbles with one float16 scale d (18 bytes, 4.5 bits per weight). ggml's quantize_row_q4_0_ref. */
import { f16BitsToNumber, f32ToF16Bits } from '../floats/half.ts';
import { cToInt, readU16, toInt8, writeU16, type GgmlCodec } from './codec.ts';

const fr = Math.fround;

export const q4_0: GgmlCodec = {
  name: 'q4_0',
  blockSize: 32,
  blockBytes: 18,
  quantizeBlock(x, src, out, dst) {
    // The element of largest magnitude, sign kept; only a strictly larger |x| replaces it.
    let amax = 0, max = 0;
    for (let j = 0; j < 32; j++) {
      const v = x[src + j]!;
      if (amax < Math.abs(v)) {
        amax = Math.abs(v);
        max = v;
      }
    }
    const d = fr(max / -8);
    const id = d ? fr(1 / d) : 0;
    writeU16(out, dst, f32ToF16Bits(d));
    for (let j = 0; j < 16; j++) {
      // ggml: MIN(15, (int8_t)(x*id + 8.5f)), stored in a uint8_t; the & 0xf mirrors that byte's low nibble.
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
