/**
 * Q4_K: super-blocks of 256 values in 8 sub-blocks of 32, each sub-block x ≈ d·S·q − dmin·M with a 6-bit
 * scale code S and min code M, 4-bit levels q; 144 bytes, 4.5 bits per weight. ggml's quantize_row_q4_K_ref
 * and dequantize_row_q4_K. Layout: d (fp16 LE), dmin (fp16 LE), 12 bytes of packed 6-bit codes, 128 bytes of
 * nibbles where byte 32c + l holds element 64c + l (low nibble) and element 64c + 32 + l (high nibble).
 */
import { f16BitsToNumber, f32ToF16Bits } from '../floats/half.ts';
import { defineCodec, readU16, writeU16, type GgmlCodec } from './codec.ts';
import { makeQkx2Quants, nearestInt, type Qkx2Params } from './kquant-search.ts';

const fr = Math.fround;
const QK_K = 256;
// Math.fround rather than fr here, and the annotation on L: the bundler then sees that this module has no side effects.
const SEARCH: Qkx2Params = { nmax: 15, rmin: -1, rdelta: Math.fround(0.1), nstep: 20, useMad: false };

/** Eight 6-bit sub-block scale codes and eight 6-bit min codes. */
export interface ScalesK4 {
  scales: number[];
  mins: number[];
}

function check6(codes: readonly number[], what: string): void {
  if (codes.length !== 8) throw new RangeError(`Q4_K needs 8 ${what} codes, got ${codes.length}`);
  codes.forEach((c, j) => {
    if (!Number.isInteger(c) || c < 0 || c > 63) throw new RangeError(`Q4_K ${what} code ${j} must be an integer 0..63, got ${c}`);
  });
}

/**
 * Pack 8 scale and 8 min codes (each 0..63) into Q4_K's 12 bytes: sub-blocks 0–3 take the low 6 bits of
 * bytes 0–3 (scales) and 4–7 (mins); sub-blocks 4–7 put their low nibbles in bytes 8–11 (scale low, min high)
 * and their top two bits in bits 6–7 of bytes 0–3 (scales) and 4–7 (mins).
 */
export function packScalesK4(scales: readonly number[], mins: readonly number[]): Uint8Array {
  check6(scales, 'scale');
  check6(mins, 'min');
  const k = new Uint8Array(12);
  for (let j = 0; j < 8; j++) {
    const ls = scales[j]!, lm = mins[j]!;
    if (j < 4) {
      k[j] = ls;
      k[j + 4] = lm;
    } else {
      k[j + 4] = (ls & 0xf) | ((lm & 0xf) << 4);
      k[j - 4]! |= (ls >> 4) << 6;
      k[j]! |= (lm >> 4) << 6;
    }
  }
  return k;
}

/** Unpack Q4_K's 12 scale bytes (at `at`) into 8 scale codes and 8 min codes (ggml's get_scale_min_k4). */
export function unpackScalesK4(bytes: Uint8Array, at = 0): ScalesK4 {
  if (at < 0 || bytes.length < at + 12) throw new RangeError(`Q4_K scales need 12 bytes from offset ${at}, got ${Math.max(0, bytes.length - at)}`);
  const scales: number[] = [], mins: number[] = [];
  for (let j = 0; j < 8; j++) {
    const [s, m] = scaleMinK4(bytes, at, j);
    scales.push(s);
    mins.push(m);
  }
  return { scales, mins };
}

/** Scale and min code of sub-block j from the 12 bytes at `at`. */
function scaleMinK4(q: Uint8Array, at: number, j: number): [number, number] {
  if (j < 4) return [q[at + j]! & 63, q[at + j + 4]! & 63];
  return [(q[at + j + 4]! & 0xf) | ((q[at + j - 4]! >> 6) << 4), (q[at + j + 4]! >> 4) | ((q[at + j]! >> 6) << 4)];
}

/** Where Q4_K stores element e's 4-bit level: a byte offset within the block (16..143) and a bit shift (0 or 4). */
export function q4KLevelPosition(e: number): { byte: number; shift: number } {
  if (!Number.isInteger(e) || e < 0 || e >= QK_K) throw new RangeError(`Q4_K element index must be 0..255, got ${e}`);
  return { byte: 16 + 32 * Math.floor(e / 64) + (e % 32), shift: e % 64 < 32 ? 0 : 4 };
}

/** Scratch buffers reused across blocks: the quantizer is synchronous, so one set suffices. */
const L = /* @__PURE__ */ new Uint8Array(QK_K);
const aux = new Uint8Array(32);
const weights = new Float32Array(32);
const subScales = new Float32Array(8);
const subMins = new Float32Array(8);

export const q4_K: GgmlCodec = defineCodec('q4_K', {
  quantizeBlock(x, src, out, dst) {
    let maxScale = 0, maxMin = 0;
    for (let j = 0; j < 8; j++) {
      const s0 = src + 32 * j;
      let sumX2 = 0;
      for (let l = 0; l < 32; l++) sumX2 = fr(sumX2 + fr(x[s0 + l]! * x[s0 + l]!));
      const av = fr(Math.sqrt(fr(sumX2 / 32)));
      for (let l = 0; l < 32; l++) weights[l] = fr(av + Math.abs(x[s0 + l]!));
      const fit = makeQkx2Quants(x, s0, 32, weights, L, 32 * j, aux, SEARCH);
      subScales[j] = fit.scale;
      subMins[j] = fit.min;
      if (subScales[j]! > maxScale) maxScale = subScales[j]!;
      if (subMins[j]! > maxMin) maxMin = subMins[j]!;
    }
    const invScale = maxScale > 0 ? fr(63 / maxScale) : 0;
    const invMin = maxMin > 0 ? fr(63 / maxMin) : 0;
    const k = dst + 4;
    out.fill(0, k, k + 12);
    for (let j = 0; j < 8; j++) {
      // C stores nearest_int into a uint8_t before MIN(63, ·): a negative code wraps and then clamps to 63.
      const ls = Math.min(63, nearestInt(fr(invScale * subScales[j]!)) & 0xff);
      const lm = Math.min(63, nearestInt(fr(invMin * subMins[j]!)) & 0xff);
      if (j < 4) {
        out[k + j] = ls;
        out[k + j + 4] = lm;
      } else {
        out[k + j + 4] = (ls & 0xf) | ((lm & 0xf) << 4);
        out[k + j - 4]! |= (ls >> 4) << 6;
        out[k + j]! |= (lm >> 4) << 6;
      }
    }
    const dBits = f32ToF16Bits(fr(maxScale / 63));
    const dminBits = f32ToF16Bits(fr(maxMin / 63));
    writeU16(out, dst, dBits);
    writeU16(out, dst + 2, dminBits);
    // Re-derive the levels against the stored (fp16-rounded, code-quantized) scale and offset.
    const D = f16BitsToNumber(dBits), Dm = f16BitsToNumber(dminBits);
    for (let j = 0; j < 8; j++) {
      const [sc, m] = scaleMinK4(out, k, j);
      const d = fr(D * sc);
      if (d === 0) continue; // ggml keeps the search's levels here (they dequantize to −dmin·M only)
      const dm = fr(Dm * m);
      for (let i = 0; i < 32; i++) {
        const l = nearestInt(fr(fr(x[src + 32 * j + i]! + dm) / d));
        L[32 * j + i] = l < 0 ? 0 : l > 15 ? 15 : l;
      }
    }
    for (let c = 0; c < 4; c++) {
      for (let l = 0; l < 32; l++) out[dst + 16 + 32 * c + l] = L[64 * c + l]! | (L[64 * c + 32 + l]! << 4);
    }
  },
  dequantizeBlock(bytes, src, y, dst) {
    const D = f16BitsToNumber(readU16(bytes, src));
    const Dm = f16BitsToNumber(readU16(bytes, src + 2));
    for (let c = 0; c < 4; c++) {
      const [s1, m1] = scaleMinK4(bytes, src + 4, 2 * c);
      const [s2, m2] = scaleMinK4(bytes, src + 4, 2 * c + 1);
      const d1 = fr(D * s1), min1 = fr(Dm * m1), d2 = fr(D * s2), min2 = fr(Dm * m2);
      for (let l = 0; l < 32; l++) {
        const b = bytes[src + 16 + 32 * c + l]!;
        y[dst + 64 * c + l] = fr(fr(d1 * (b & 0xf)) - min1);
        y[dst + 64 * c + 32 + l] = fr(fr(d2 * (b >> 4)) - min2);
      }
    }
  },
});

/** One Q4_K super-block taken apart: its two fp16 scales, the 8 sub-blocks' codes and the 256 levels. */
export interface Q4KBlockParts {
  /** fp16 bits and value of the super-block scale d. */
  dBits: number;
  d: number;
  /** fp16 bits and value of the super-block min scale dmin. */
  dminBits: number;
  dmin: number;
  /** 6-bit scale code per sub-block (effective scale d·S). */
  scales: number[];
  /** 6-bit min code per sub-block (effective offset −dmin·M). */
  mins: number[];
  /** The 256 levels 0..15, in element order. */
  levels: Uint8Array;
}

/** Read one Q4_K block (144 bytes at `at`) into its parts, for display. */
export function decodeQ4KBlock(bytes: Uint8Array, at = 0): Q4KBlockParts {
  if (at < 0 || bytes.length < at + 144) throw new RangeError(`a Q4_K block needs 144 bytes from offset ${at}, got ${Math.max(0, bytes.length - at)}`);
  const dBits = readU16(bytes, at), dminBits = readU16(bytes, at + 2);
  const { scales, mins } = unpackScalesK4(bytes, at + 4);
  const levels = new Uint8Array(QK_K);
  for (let e = 0; e < QK_K; e++) {
    const { byte, shift } = q4KLevelPosition(e);
    levels[e] = (bytes[at + byte]! >> shift) & 0xf;
  }
  return { dBits, d: f16BitsToNumber(dBits), dminBits, dmin: f16BitsToNumber(dminBits), scales, mins, levels };
}
