/** Q8_0: 32 values as int8 with one float16 scale d (34 bytes, 8.5 bits per weight). ggml's quantize_row_q8_0_ref. */
import { f16BitsToNumber, f32ToF16Bits } from '../floats/half.ts';
import { cToInt, readU16, roundf, toInt8, writeU16, type GgmlCodec } from './codec.ts';

const fr = Math.fround;

export const q8_0: GgmlCodec = {
  name: 'q8_0',
  blockSize: 32,
  blockBytes: 34,
  quantizeBlock(x, src, out, dst) {
    let amax = 0;
    for (let j = src; j < src + 32; j++) {
      const a = Math.abs(x[j]!);
      amax = amax > a ? amax : a; // exactly ggml's MAX(amax, fabsf(v)), NaN behaviour included
    }
    const d = fr(amax / 127);
    const id = d ? fr(1 / d) : 0;
    writeU16(out, dst, f32ToF16Bits(d));
    if (id !== Infinity) {
      // Hot path: |x·id| ≤ 127, so roundf is floor(|v| + 0.5) with the sign put back, and bytes wrap as int8.
      for (let j = 0; j < 32; j++) {
        const v = fr(x[src + j]! * id);
        out[dst + 2 + j] = (v < 0 ? -Math.floor(0.5 - v) : Math.floor(v + 0.5)) & 0xff;
      }
      return;
    }
    for (let j = 0; j < 32; j++) {
      // roundf of a non-finite product (subnormal d, 1/d = Inf) is undefined in C; cToInt gives INT_MIN → byte 0.
      const r = roundf(fr(x[src + j]! * id));
      out[dst + 2 + j] = toInt8(cToInt(r)) & 0xff;
    }
  },
  dequantizeBlock(bytes, src, y, dst) {
    const d = f16BitsToNumber(readU16(bytes, src));
    for (let j = 0; j < 32; j++) y[dst + j] = fr(toInt8(bytes[src + 2 + j]!) * d);
  },
};
