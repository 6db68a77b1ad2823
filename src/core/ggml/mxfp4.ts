/**
 * MXFP4 (OCP microscaling FP4, as gpt-oss ships it): 32 E2M1 elements sharing one power-of-two scale;
 * 17 bytes, 4.25 bits per weight. ggml's quantize_row_mxfp4_ref and dequantize_row_mxfp4. Layout: byte 0 is
 * the E8M0 exponent e, bytes 1..16 hold element j in the low nibble of byte 1 + j and element j + 16 in
 * its high nibble.
 */
import { defineCodec, type GgmlCodec } from './codec.ts';
import { blockAmax, fp4BestCode, fp4Value } from './fp4.ts';

/**
 * ggml's e8m0_to_fp32_half: half the block scale, 2^(e−128), for any byte e (0 and 1 give the subnormals
 * 2^−128 and 2^−127; 255 gives 2^127, not NaN). Exact in float32.
 */
export function e8m0Half(e: number): number {
  if (!Number.isInteger(e) || e < 0 || e > 255) throw new RangeError(`an E8M0 exponent is a byte 0..255, got ${e}`);
  return 2 ** (e - 128);
}

/**
 * The E8M0 byte ggml picks for a block whose largest magnitude is `amax`: ⌊log2f(amax)⌋ − 2 + 127, with log2
 * rounded to float32 first (so an amax just below a power of two can take the next exponent), and 0 for
 * amax = 0. C converts that float to uint8_t, undefined below 0 or for amax = +Inf; the core does what an x86
 * build does, the low byte of the truncated int32 (0xff for −1, …; +Inf gives INT_MIN, byte 0x00). So a
 * block of subnormals gets a huge scale and quantizes to zeros, and a block holding +Inf gets e = 0.
 */
export function mxfp4SharedExponent(amax: number): number {
  if (!(amax > 0)) return 0;
  const v = Math.floor(Math.fround(Math.log2(amax))) - 2 + 127;
  if (!Number.isFinite(v)) return 0;
  return v & 0xff;
}

export const mxfp4: GgmlCodec = defineCodec('mxfp4', {
  quantizeBlock(x, src, out, dst) {
    const e = mxfp4SharedExponent(blockAmax(x, src, 32));
    const d = e8m0Half(e);
    out[dst] = e;
    for (let j = 0; j < 16; j++) out[dst + 1 + j] = fp4BestCode(x[src + j]!, d) | (fp4BestCode(x[src + 16 + j]!, d) << 4);
  },
  dequantizeBlock(bytes, src, y, dst) {
    const d = e8m0Half(bytes[src]!);
    for (let j = 0; j < 16; j++) {
      const b = bytes[src + 1 + j]!;
      y[dst + j] = fp4Value(b & 0xf, d);
      y[dst + 16 + j] = fp4Value(b >> 4, d);
    }
  },
});

/** One MXFP4 block taken apart, for display. */
export interface Mxfp4BlockParts {
  /** The E8M0 byte. */
  e: number;
  /** The OCP shared scale X = 2^(e−127): element value = E2M1(code) · X. */
  scale: number;
  /** The 32 element codes (0..15), in element order. */
  codes: number[];
  /** The 32 dequantized values. */
  values: number[];
}

/** Read one MXFP4 block (17 bytes at `at`) into its shared exponent, element codes and values. */
export function decodeMxfp4Block(bytes: Uint8Array, at = 0): Mxfp4BlockParts {
  if (at < 0 || bytes.length < at + 17) throw new RangeError(`an MXFP4 block needs 17 bytes from offset ${at}, got ${Math.max(0, bytes.length - at)}`);
  const e = bytes[at]!, d = e8m0Half(e);
  const codes: number[] = [];
  for (let j = 0; j < 32; j++) codes.push(j < 16 ? bytes[at + 1 + j]! & 0xf : bytes[at + 1 + j - 16]! >> 4);
  return { e, scale: 2 * d, codes, values: codes.map((c) => fp4Value(c, d)) };
}
