/** Q8_0: 32 values as int8 with one float16 scale d (34 bytes, 8.5 bits per weight). ggml's quantize_row_q8_0_ref. */
import { f16BitsToNumber, f32ToF16Bits } from '../floats/half.ts';
import { cToInt, defineCodec, readU16, roundf, toInt8, writeU16, type GgmlCodec } from './codec.ts';

const fr = Math.fround;

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
  dequantizeBlock(bytes, src, y, dst) {
    const d = f16BitsToNumber(readU16(bytes, src));
    for (let j = 0; j < 32; j++) y[dst + j] = fr(toInt8(bytes[src + 2 + j]!) * d);
  },
});
