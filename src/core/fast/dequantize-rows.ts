/**
 * Whole-row dequantization for the GGUF inspector: the reference codecs' `dequantizeBlock` (src/core/ggml)
 * inlined into one loop per type, writing into a caller's buffer. Every value is the same float32 the
 * reference computes: the same products and sums, each rounded where the reference rounds (a store into a
 * Float32Array rounds as Math.fround does). Scales that are looked up (float16, E8M0, UE4M3 and the FP4
 * code values) come from tables built by calling the reference functions, so they agree by construction.
 * tests/core/fast/dequantize-rows.test.ts holds every type to its reference, bit for bit. Only types
 * where this measured faster than the reference (given the same reused output) are here: BF16, Q8_0 and
 * Q4_1 ran within 20% of their reference decoders, which are left to do them (bench/README.md).
 */
import { f16BitsToNumber } from '../floats/half.ts';
import { fp4Value } from '../ggml/fp4.ts';
import { e8m0Half } from '../ggml/mxfp4.ts';
import { ue4m3Half } from '../ggml/nvfp4.ts';

const fr = Math.fround;

/** Decodes `blocks` blocks from the start of `b` into `y` from index 0. */
type RowDecoder = (b: Uint8Array, blocks: number, y: Float32Array) => void;

/** A value built on first use (the tables cost nothing until a tensor of their type is decoded). */
const lazy = /* @__NO_SIDE_EFFECTS__ */ <T>(build: () => T): (() => T) => {
  let v: T | undefined;
  return () => (v ??= build());
};

/** Every float16 value by its bits, from the core's f16BitsToNumber. */
const halfTable = lazy(() => Float32Array.from({ length: 65536 }, (_, i) => f16BitsToNumber(i)));
/** MXFP4: the value of code c under E8M0 byte e at 16·e + c (the reference's fp4Value(c, e8m0Half(e))). */
const mxfp4Table = lazy(() => Float32Array.from({ length: 4096 }, (_, i) => fp4Value(i & 15, e8m0Half(i >> 4))));
/** NVFP4: the value of code c under UE4M3 scale byte s at 16·s + c (the reference's fp4Value(c, ue4m3Half(s))). */
const nvfp4Table = lazy(() => Float32Array.from({ length: 4096 }, (_, i) => fp4Value(i & 15, ue4m3Half(i >> 4))));

const littleEndian = /* @__PURE__ */ (() => new Uint8Array(new Uint16Array([1]).buffer)[0] === 1)();

/** The bytes as little-endian 16-bit words: a view when aligned, else a copy. */
function words(b: Uint8Array, n: number): Uint16Array {
  if (littleEndian && b.byteOffset % 2 === 0) return new Uint16Array(b.buffer, b.byteOffset, n);
  const w = new Uint16Array(n);
  for (let i = 0; i < n; i++) w[i] = b[2 * i]! | (b[2 * i + 1]! << 8);
  return w;
}

const DECODERS: Record<string, RowDecoder> = {
  // A byte copy: the float32's bits as stored (a signalling NaN included).
  F32: (b, n, y) => {
    if (littleEndian) new Uint8Array(y.buffer, y.byteOffset, 4 * n).set(b.subarray(0, 4 * n));
    else {
      const u = new Uint32Array(y.buffer, y.byteOffset, n);
      for (let i = 0; i < n; i++) u[i] = b[4 * i]! | (b[4 * i + 1]! << 8) | (b[4 * i + 2]! << 16) | (b[4 * i + 3]! << 24);
    }
  },
  F16: (b, n, y) => {
    const t = halfTable(), w = words(b, n);
    for (let i = 0; i < n; i++) y[i] = t[w[i]!]!;
  },
  Q4_0: (b, blocks, y) => {
    const t = halfTable();
    for (let k = 0, p = 0, o = 0; k < blocks; k++, p += 18, o += 32) {
      const d = t[b[p]! | (b[p + 1]! << 8)]!;
      for (let j = 0; j < 16; j++) {
        const q = b[p + 2 + j]!;
        y[o + j] = ((q & 15) - 8) * d;
        y[o + 16 + j] = ((q >> 4) - 8) * d;
      }
    }
  },
  // Each sub-block of 16 has four levels: fr(fr(dl·q) − ml) for q = 0..3, computed once and looked up.
  Q2_K: (b, blocks, y) => {
    const t = halfTable(), lv = new Float32Array(4);
    for (let k = 0, p = 0, o = 0; k < blocks; k++, p += 84, o += 256) {
      const D = t[b[p + 80]! | (b[p + 81]! << 8)]!, Dm = t[b[p + 82]! | (b[p + 83]! << 8)]!;
      for (let s = 0; s < 16; s++) {
        const code = b[p + s]!;
        const dl = fr(D * (code & 15)), ml = fr(Dm * (code >> 4));
        for (let q = 0; q < 4; q++) lv[q] = fr(dl * q) - ml;
        // Elements 16s .. 16s+15 lie in the 32 bytes of their 128-element half, at shift 2·((e mod 128) / 32).
        const base = p + 16 + 32 * (s >> 3) + 16 * (s & 1), shift = 2 * ((s & 7) >> 1), e = o + 16 * s;
        for (let i = 0; i < 16; i++) y[e + i] = lv[(b[base + i]! >> shift) & 3]!;
      }
    }
  },
  Q4_K: (b, blocks, y) => {
    const t = halfTable();
    for (let k = 0, p = 0, o = 0; k < blocks; k++, p += 144, o += 256) {
      const D = t[b[p]! | (b[p + 1]! << 8)]!, Dm = t[b[p + 2]! | (b[p + 3]! << 8)]!;
      const sc = p + 4;
      for (let c = 0; c < 4; c++) {
        // The 6-bit scale and min codes of sub-blocks 2c and 2c + 1, unpacked as ggml's get_scale_min_k4.
        const j1 = 2 * c, j2 = j1 + 1;
        const s1 = j1 < 4 ? b[sc + j1]! & 63 : (b[sc + j1 + 4]! & 15) | ((b[sc + j1 - 4]! >> 6) << 4);
        const m1 = j1 < 4 ? b[sc + j1 + 4]! & 63 : (b[sc + j1 + 4]! >> 4) | ((b[sc + j1]! >> 6) << 4);
        const s2 = j2 < 4 ? b[sc + j2]! & 63 : (b[sc + j2 + 4]! & 15) | ((b[sc + j2 - 4]! >> 6) << 4);
        const m2 = j2 < 4 ? b[sc + j2 + 4]! & 63 : (b[sc + j2 + 4]! >> 4) | ((b[sc + j2]! >> 6) << 4);
        const d1 = fr(D * s1), min1 = fr(Dm * m1), d2 = fr(D * s2), min2 = fr(Dm * m2);
        const q = p + 16 + 32 * c, e = o + 64 * c;
        for (let l = 0; l < 32; l++) {
          const v = b[q + l]!;
          y[e + l] = fr(d1 * (v & 15)) - min1;
          y[e + 32 + l] = fr(d2 * (v >> 4)) - min2;
        }
      }
    }
  },
  MXFP4: (b, blocks, y) => {
    const t = mxfp4Table();
    for (let k = 0, p = 0, o = 0; k < blocks; k++, p += 17, o += 32) {
      const e = b[p]! << 4;
      for (let j = 0; j < 16; j++) {
        const q = b[p + 1 + j]!;
        y[o + j] = t[e | (q & 15)]!;
        y[o + 16 + j] = t[e | (q >> 4)]!;
      }
    }
  },
  NVFP4: (b, blocks, y) => {
    const t = nvfp4Table();
    for (let k = 0, p = 0, o = 0; k < blocks; k++, p += 36, o += 64) {
      for (let s = 0; s < 4; s++) {
        const e = b[p + s]! << 4, q0 = p + 4 + 8 * s, y0 = o + 16 * s;
        for (let j = 0; j < 8; j++) {
          const q = b[q0 + j]!;
          y[y0 + j] = t[e | (q & 15)]!;
          y[y0 + 8 + j] = t[e | (q >> 4)]!;
        }
      }
    }
  },
};

/** Values per block of each type with a fast path (1 for the plain float types). */
const BLOCK_VALUES: Record<string, number> = { F32: 1, F16: 1, Q4_0: 32, Q2_K: 256, Q4_K: 256, MXFP4: 32, NVFP4: 64 };

/** Whether a ggml type (by its upper-case name, e.g. "Q4_K") has a fast path here. */
export const hasFastDequantize = (typeName: string): boolean => Object.hasOwn(DECODERS, typeName);

/**
 * Dequantize `count` values of a ggml type (whole blocks; the caller has checked the byte count) from
 * `bytes` into out[0 .. count), exactly as the reference codec would. False, with nothing written, when
 * the type has no fast path.
 */
export function dequantizeRowFast(typeName: string, bytes: Uint8Array, count: number, out: Float32Array): boolean {
  if (!hasFastDequantize(typeName)) return false;
  const decode = DECODERS[typeName]!;
  if (out.length < count) throw new RangeError(`the output holds ${out.length} values, ${count} asked for`);
  decode(bytes, count / BLOCK_VALUES[typeName]!, out);
  return true;
}
