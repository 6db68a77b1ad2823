/** Q4_0: 32 values as 4-bit nibbles with one float16 scale d (18 bytes, 4.5 bits per weight). ggml's quantize_row_q4_0_ref. */
import { f16BitsToNumber, f32ToF16Bits } from '../floats/half.ts';
import { cToInt, defineCodec, readU16, toInt8, writeU16, type GgmlCodec } from './codec.ts';

const fr = Math.fround;

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
  dequantizeBlock(bytes, src, y, dst) {
    const d = f16BitsToNumber(readU16(bytes, src));
    for (let j = 0; j < 16; j++) {
      const b = bytes[src + 2 + j]!;
      y[dst + j] = fr(((b & 0xf) - 8) * d);
      y[dst + 16 + j] = fr(((b >> 4) - 8) * d);
    }
  },
});
