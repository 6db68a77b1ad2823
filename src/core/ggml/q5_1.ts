/**
 * Q5_1: 32 values as 5-bit codes with a float16 scale d and minimum m (24 bytes, 6 bits per weight), the
 * fifth bits gathered in a 32-bit word as in Q5_0. ggml's quantize_row_q5_1_ref.
 */
import { f16BitsToNumber, f32ToF16Bits } from '../floats/half.ts';
import { cToInt, defineCodec, FLT_MAX, readU16, writeU16, type GgmlCodec } from './codec.ts';
import { readU32, writeU32 } from './q5_0.ts';

const fr = Math.fround;

export const q5_1: GgmlCodec = defineCodec('q5_1', {
  /** The reference: ggml's C line by line, every intermediate a float32, every conversion as x86-64 does it. */
  quantizeBlock(x, src, out, dst) {
    let min = FLT_MAX, max = -FLT_MAX;
    for (let j = 0; j < 32; j++) {
      const v = x[src + j]!;
      if (v < min) min = v;
      if (v > max) max = v;
    }
    const d = fr(fr(max - min) / 31);
    const id = d ? fr(1 / d) : 0;
    writeU16(out, dst, f32ToF16Bits(d));
    writeU16(out, dst + 2, f32ToF16Bits(min));
    let qh = 0;
    for (let j = 0; j < 16; j++) {
      // const uint8_t xi0 = (uint8_t)(x0 + 0.5f): no MIN here, unlike Q5_0; x86 converts through int32 and keeps the low byte.
      const xi0 = cToInt(fr(fr(fr(x[src + j]! - min) * id) + 0.5)) & 0xff;
      const xi1 = cToInt(fr(fr(fr(x[src + 16 + j]! - min) * id) + 0.5)) & 0xff;
      out[dst + 8 + j] = (xi0 & 0x0f) | ((xi1 & 0x0f) << 4);
      qh |= ((xi0 & 0x10) >> 4) << j;
      qh |= ((xi1 & 0x10) >> 4) << (j + 16);
    }
    writeU32(out, dst + 4, qh);
  },
  dequantizeBlock(bytes, src, y, dst) {
    const d = f16BitsToNumber(readU16(bytes, src));
    const m = f16BitsToNumber(readU16(bytes, src + 2));
    const qh = readU32(bytes, src + 4);
    for (let j = 0; j < 16; j++) {
      const b = bytes[src + 8 + j]!;
      const x0 = (b & 0x0f) | (((qh >>> j) << 4) & 0x10);
      const x1 = (b >> 4) | ((qh >>> (j + 12)) & 0x10);
      // Multiply, round, add, round: ggml's reference has no fused multiply-add.
      y[dst + j] = fr(fr(x0 * d) + m);
      y[dst + 16 + j] = fr(fr(x1 * d) + m);
    }
  },
});
