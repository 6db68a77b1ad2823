/**
 * NVFP4 as ggml stores it: 64 E2M1 elements in four sub-blocks of 16, each with an unsigned E4M3 (UE4M3)
 * scale; 36 bytes, 4.5 bits per weight. ggml's quantize_row_nvfp4_ref and dequantize_row_nvfp4. Layout:
 * bytes 0..3 the four scale codes, bytes 4..35 the nibbles, where byte 4 + 8s + j holds element 16s + j
 * (low nibble) and element 16s + 8 + j (high nibble). No per-tensor float32 scale, unlike NVIDIA's
 * checkpoints: the bytes are not interchangeable with theirs.
 */
import { defineCodec, type GgmlCodec } from './codec.ts';
import { blockAmax, fp4BestCode, fp4Value } from './fp4.ts';

const fr = Math.fround;
const f32 = new Float32Array(1);
// A pure initializer: to the bundler, reading .buffer is a side effect that would keep this module in every page.
const u32 = /* @__PURE__ */ (() => new Uint32Array(f32.buffer))();

/**
 * ggml's ue4m3_to_fp32: half the UE4M3 value of a scale byte (bit 7 ignored; 0x00 and 0x7f give 0).
 * Examples: 0x38 → 0.5, 0x7e → 224, 0xff → 240. Exact in float32.
 */
export function ue4m3Half(b: number): number {
  if (!Number.isInteger(b) || b < 0 || b > 255) throw new RangeError(`a UE4M3 scale is a byte 0..255, got ${b}`);
  if (b === 0 || b === 0x7f) return 0;
  const e = (b >> 3) & 15, m = b & 7;
  const raw = e === 0 ? m * 2 ** -9 : (1 + m / 8) * 2 ** (e - 7);
  return raw / 2;
}

/**
 * ggml's fp32_to_ue4m3, quirks kept: not (t > 0) → 0; t clamps at 448; below 2^−6 the mantissa is
 * trunc(t·512 + 0.5) in float32, capped at 7; above, the fourth mantissa bit alone rounds up (no ties-to-even),
 * and anything that reaches exponent 15 (every t ≥ 248) becomes 0x7e (448). Never emits 0x78..0x7d.
 */
export function ue4m3Encode(t: number): number {
  if (!(t > 0)) return 0;
  if (t > 448) t = 448;
  f32[0] = t;
  const bits = u32[0]!;
  let e = ((bits >>> 23) & 0xff) - 120;
  if (e <= 0) {
    const m = Math.trunc(fr(fr(t * 512) + 0.5));
    if (m < 1) return 0;
    return m > 7 ? 7 : m;
  }
  if (e >= 15) return 0x7e;
  let m = ((bits >>> 20) & 7) + ((bits >>> 19) & 1);
  if (m > 7) {
    m = 0;
    e++;
    if (e >= 15) return 0x7e;
  }
  return (e << 3) | m;
}

export const nvfp4: GgmlCodec = defineCodec('nvfp4', {
  quantizeBlock(x, src, out, dst) {
    for (let s = 0; s < 4; s++) {
      const s0 = src + 16 * s;
      const b = ue4m3Encode(fr(blockAmax(x, s0, 16) / 6));
      out[dst + s] = b;
      const d = ue4m3Half(b);
      for (let j = 0; j < 8; j++) out[dst + 4 + 8 * s + j] = fp4BestCode(x[s0 + j]!, d) | (fp4BestCode(x[s0 + 8 + j]!, d) << 4);
    }
  },
  dequantizeBlock(bytes, src, y, dst) {
    for (let s = 0; s < 4; s++) {
      const d = ue4m3Half(bytes[src + s]!);
      for (let j = 0; j < 8; j++) {
        const b = bytes[src + 4 + 8 * s + j]!;
        y[dst + 16 * s + j] = fp4Value(b & 0xf, d);
        y[dst + 16 * s + 8 + j] = fp4Value(b >> 4, d);
      }
    }
  },
});

/** One NVFP4 block taken apart, for display. */
export interface Nvfp4BlockParts {
  /** The four UE4M3 scale bytes, one per sub-block of 16. */
  scaleCodes: number[];
  /** The four sub-block scales as E4M3 values (element value = E2M1(code) · scale). */
  scales: number[];
  /** The 64 element codes (0..15), in element order. */
  codes: number[];
  /** The 64 dequantized values. */
  values: number[];
}

/** Read one NVFP4 block (36 bytes at `at`) into its sub-block scales, element codes and values. */
export function decodeNvfp4Block(bytes: Uint8Array, at = 0): Nvfp4BlockParts {
  if (at < 0 || bytes.length < at + 36) throw new RangeError(`an NVFP4 block needs 36 bytes from offset ${at}, got ${Math.max(0, bytes.length - at)}`);
  const scaleCodes = Array.from(bytes.subarray(at, at + 4));
  const codes: number[] = [], values: number[] = [];
  for (let e = 0; e < 64; e++) {
    const s = e >> 4, j = e & 15;
    const b = bytes[at + 4 + 8 * s + (j & 7)]!;
    const c = j < 8 ? b & 0xf : b >> 4;
    codes.push(c);
    values.push(fp4Value(c, ue4m3Half(scaleCodes[s]!)));
  }
  return { scaleCodes, scales: scaleCodes.map((b) => 2 * ue4m3Half(b)), codes, values };
}
