/**
 * Q2_K: super-blocks of 256 values in 16 sub-blocks of 16, each sub-block x ≈ d·S·q − dmin·M with a 4-bit
 * scale code S, a 4-bit min code M and 2-bit levels q; 84 bytes, 2.625 bits per weight. ggml's
 * quantize_row_q2_K_ref and dequantize_row_q2_K. Layout: 16 bytes of codes (scale in the low nibble, min in
 * the high one), 64 bytes of levels (element e in byte 32·⌊e/128⌋ + e mod 32, bits 2·⌊(e mod 128)/32⌋),
 * then d and dmin as fp16 LE.
 */
import { f16BitsToNumber, f32ToF16Bits } from '../floats/half.ts';
import { defineCodec, readU16, writeU16, type GgmlCodec } from './codec.ts';
import { makeQkx2Quants, nearestInt, type Qkx2Params } from './kquant-search.ts';

const fr = Math.fround;
const QK_K = 256;
// Math.fround rather than fr here, and the annotation on L: the bundler then sees that this module has no side effects.
const SEARCH: Qkx2Params = { nmax: 3, rmin: -0.5, rdelta: Math.fround(0.1), nstep: 15, useMad: true };

/** Where Q2_K stores element e's 2-bit level: a byte offset within the block (16..79) and a bit shift (0, 2, 4, 6). */
export function q2KLevelPosition(e: number): { byte: number; shift: number } {
  if (!Number.isInteger(e) || e < 0 || e >= QK_K) throw new RangeError(`Q2_K element index must be 0..255, got ${e}`);
  return { byte: 16 + 32 * Math.floor(e / 128) + (e % 32), shift: 2 * Math.floor((e % 128) / 32) };
}

/** Scratch buffers reused across blocks: the quantizer is synchronous, so one set suffices. */
const L = /* @__PURE__ */ new Uint8Array(QK_K);
const aux = new Uint8Array(16);
const weights = new Float32Array(16);
const subScales = new Float32Array(16);
const subMins = new Float32Array(16);

export const q2_K: GgmlCodec = defineCodec('q2_K', {
  quantizeBlock(x, src, out, dst) {
    let maxScale = 0, maxMin = 0;
    for (let j = 0; j < 16; j++) {
      const s0 = src + 16 * j;
      for (let l = 0; l < 16; l++) weights[l] = Math.abs(x[s0 + l]!);
      const fit = makeQkx2Quants(x, s0, 16, weights, L, 16 * j, aux, SEARCH);
      subScales[j] = fit.scale;
      subMins[j] = fit.min;
      if (subScales[j]! > maxScale) maxScale = subScales[j]!;
      if (subMins[j]! > maxMin) maxMin = subMins[j]!;
    }
    let dBits = 0, dminBits = 0;
    if (maxScale > 0) {
      const iscale = fr(15 / maxScale);
      // C assigns the int to a uint8_t: the low 8 bits (0..15 in practice).
      for (let j = 0; j < 16; j++) out[dst + j] = nearestInt(fr(iscale * subScales[j]!)) & 0xff;
      dBits = f32ToF16Bits(fr(maxScale / 15));
    } else {
      out.fill(0, dst, dst + 16);
    }
    if (maxMin > 0) {
      const iscale = fr(15 / maxMin);
      for (let j = 0; j < 16; j++) out[dst + j] = (out[dst + j]! | (nearestInt(fr(iscale * subMins[j]!)) << 4)) & 0xff;
      dminBits = f32ToF16Bits(fr(maxMin / 15));
    }
    writeU16(out, dst + 80, dBits);
    writeU16(out, dst + 82, dminBits);
    // Re-derive the levels against the stored (fp16-rounded, code-quantized) scale and offset.
    const D = f16BitsToNumber(dBits), Dm = f16BitsToNumber(dminBits);
    for (let j = 0; j < 16; j++) {
      const code = out[dst + j]!;
      const d = fr(D * (code & 0xf));
      if (d === 0) continue; // ggml keeps the search's levels here (they dequantize to −dmin·M only)
      const dm = fr(Dm * (code >> 4));
      for (let i = 0; i < 16; i++) {
        const l = nearestInt(fr(fr(x[src + 16 * j + i]! + dm) / d));
        L[16 * j + i] = l < 0 ? 0 : l > 3 ? 3 : l;
      }
    }
    for (let h = 0; h < 2; h++) {
      for (let l = 0; l < 32; l++) {
        const e = 128 * h + l;
        out[dst + 16 + 32 * h + l] = L[e]! | (L[e + 32]! << 2) | (L[e + 64]! << 4) | (L[e + 96]! << 6);
      }
    }
  },
  dequantizeBlock(bytes, src, y, dst) {
    const D = f16BitsToNumber(readU16(bytes, src + 80));
    const Dm = f16BitsToNumber(readU16(bytes, src + 82));
    for (let s = 0; s < 16; s++) {
      const code = bytes[src + s]!;
      const dl = fr(D * (code & 0xf)), ml = fr(Dm * (code >> 4));
      for (let i = 0; i < 16; i++) {
        const e = 16 * s + i;
        const q = (bytes[src + 16 + 32 * (e >> 7) + (e & 31)]! >> (2 * ((e & 127) >> 5))) & 3;
        y[dst + e] = fr(fr(dl * q) - ml);
      }
    }
  },
});

/** One Q2_K super-block taken apart: its two fp16 scales, the 16 sub-blocks' codes and the 256 levels. */
export interface Q2KBlockParts {
  /** fp16 bits and value of the super-block scale d. */
  dBits: number;
  d: number;
  /** fp16 bits and value of the super-block min scale dmin. */
  dminBits: number;
  dmin: number;
  /** 4-bit scale code per sub-block (effective scale d·S). */
  scales: number[];
  /** 4-bit min code per sub-block (effective offset −dmin·M). */
  mins: number[];
  /** The 256 levels 0..3, in element order. */
  levels: Uint8Array;
}

/** Read one Q2_K block (84 bytes at `at`) into its parts, for display. */
export function decodeQ2KBlock(bytes: Uint8Array, at = 0): Q2KBlockParts {
  if (at < 0 || bytes.length < at + 84) throw new RangeError(`a Q2_K block needs 84 bytes from offset ${at}, got ${Math.max(0, bytes.length - at)}`);
  const dBits = readU16(bytes, at + 80), dminBits = readU16(bytes, at + 82);
  const scales: number[] = [], mins: number[] = [];
  for (let s = 0; s < 16; s++) {
    scales.push(bytes[at + s]! & 0xf);
    mins.push(bytes[at + s]! >> 4);
  }
  const levels = new Uint8Array(QK_K);
  for (let e = 0; e < QK_K; e++) {
    const { byte, shift } = q2KLevelPosition(e);
    levels[e] = (bytes[at + byte]! >> shift) & 3;
  }
  return { dBits, d: f16BitsToNumber(dBits), dminBits, dmin: f16BitsToNumber(dminBits), scales, mins, levels };
}
