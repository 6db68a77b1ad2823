/** Q4_1: 32 values as nibbles with a float16 scale d and minimum m (20 bytes, 5 bits per weight). ggml's quantize_row_q4_1_ref. */
import { f16BitsToNumber, f32ToF16Bits } from '../floats/half.ts';
import { cToInt, FLT_MAX, readU16, toInt8, writeU16, type GgmlCodec } from './codec.ts';

const fr = Math.fround;

export const q4_1: GgmlCodec = {
  name: 'q4_1',
  blockSize: 32,
  blockBytes: 20,
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
    const nibble = (v: number) => Math.min(15, toInt8(cToInt(fr(fr(fr(v - min) * id) + 0.5)))) & 0xf;
    for (let j = 0; j < 16; j++) out[dst + 4 + j] = nibble(x[src + j]!) | (nibble(x[src + 16 + j]!) << 4);
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
};
