/** Q4_1: 32 values as nibbles with a float16 scale d and minimum m (20 bytes, 5 bits per weight). ggml's quantize_row_q4_1_ref. */
import { f16BitsToNumber, f32ToF16Bits } from '../floats/half.ts';
import { cToInt, defineCodec, FLT_MAX, readU16, toInt8, writeU16, type GgmlCodec } from './codec.ts';

const fr = Math.fround;

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
