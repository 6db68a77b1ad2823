/**
 * The Q4_1 row kernel in WebAssembly SIMD: ggml's quantize_row_q4_1_ref in the same float32 operations
 * and order ((max − min)/15, 1/d, (x − min)·id, + 0.5, truncation).
 *
 *   q4_1(src, dst, flags, n) → flagged count
 *     for b < n: the 32 float32 at src + 128·b → the 20 bytes at dst + 20·b; flags[b] = 1, for JS to
 *     redo, when the block has an infinite id or a zero as its min or max (the reference keeps the first
 *     of −0 and +0 it meets, in element order; the lanes here meet them in another order). NaNs need no
 *     flag: pmin/pmax skip them as the reference's comparisons do, and their codes are 0 in both.
 */
import {
  BLOCK, br, brIf, END, F32_ABS, F32_DIV, F32_EQ, F32_NE, F32_SUB, f32c, F32, F32X4_ADD, F32X4_MUL, F32X4_PMAX, F32X4_PMIN, F32X4_SPLAT,
  F32X4_SUB, f32x4Lane, get, I16X8_NARROW_U, I32, I32_ADD, I32_GE_U, I32_OR, I32X4_MIN_S, I32X4_SHL, I32X4_TRUNC_SAT_F32X4_S, i32c,
  I8X16_NARROW_U, LOOP, SELECT, set, shuffle, store16, store8, V128, V_OR, vF32, vI32, vLoad, vStore, type WasmFunction,
} from './wasm-asm.ts';
import { FLT_MAX } from '../ggml/codec.ts';
import { f16Code } from './f16-kernel.ts';

const SWAP_HALVES = [8, 9, 10, 11, 12, 13, 14, 15, 0, 1, 2, 3, 4, 5, 6, 7];
const SWAP_PAIRS = [4, 5, 6, 7, 0, 1, 2, 3, 12, 13, 14, 15, 8, 9, 10, 11];

/** q4_1(src, dst, flags, n): see the top of this file. */
export function q4_1Function(): WasmFunction {
  const [src, dst, flags, n] = [0, 1, 2, 3];
  const [b, w, count, flag, t] = [4, 5, 6, 7, 8];
  const [min, max, d, id] = [9, 10, 11, 12];
  const v = (k: number) => 13 + k;
  const [lo, hi, idv, mv] = [21, 22, 23, 24];
  const c: number[] = [];
  const emit = (...parts: number[][]) => {
    for (const part of parts) c.push(...part);
  };
  // The 4-bit code of four elements: MIN(15, trunc(fround(fround(x − min)·id) + 0.5)).
  const code = (k: number) => [
    ...get(v(k)), ...get(mv), ...F32X4_SUB, ...get(idv), ...F32X4_MUL, ...vF32(0.5), ...F32X4_ADD,
    ...I32X4_TRUNC_SAT_F32X4_S, ...vI32(15), ...I32X4_MIN_S,
  ];
  // Reduce the four lanes of a vector local with op; leave lane 0 as an f32.
  const across = (x: number, op: number[]) => [
    ...get(x), ...get(x), ...get(x), ...shuffle(SWAP_HALVES), ...op, ...set(x),
    ...get(x), ...get(x), ...get(x), ...shuffle(SWAP_PAIRS), ...op, ...f32x4Lane(0),
  ];
  emit(BLOCK, LOOP);
  emit(get(b), get(n), I32_GE_U, brIf(1));
  for (let k = 0; k < 8; k++) emit(get(src), vLoad(16 * k), set(v(k)));
  // The reference starts from FLT_MAX and −FLT_MAX: a block of +Inf keeps min = FLT_MAX.
  emit(vF32(FLT_MAX), set(lo), vF32(-FLT_MAX), set(hi));
  // if (v < min) min = v; if (v > max) max = v: pmin and pmax are these comparisons, so a NaN is skipped as in
  // the reference. Each lane keeps its own first extreme; only zeros (±0 equal) then differ, and are flagged.
  for (let k = 0; k < 8; k++) emit(get(lo), get(v(k)), F32X4_PMIN, set(lo), get(hi), get(v(k)), F32X4_PMAX, set(hi));
  emit(across(lo, F32X4_PMIN), set(min), across(hi, F32X4_PMAX), set(max));
  emit(get(max), get(min), F32_SUB, f32c(15), F32_DIV, set(d));
  emit(f32c(1), get(d), F32_DIV, f32c(0), get(d), f32c(0), F32_NE, SELECT, set(id));
  emit(get(id), F32_ABS, f32c(Infinity), F32_EQ);
  emit(get(min), f32c(0), F32_EQ, I32_OR, get(max), f32c(0), F32_EQ, I32_OR, set(flag));
  emit(get(flags), get(b), I32_ADD, get(flag), store8());
  emit(get(count), get(flag), I32_ADD, set(count));
  emit(get(dst), f16Code(d, w, t), store16(), get(dst), f16Code(min, w, t), store16(2));
  emit(get(id), F32X4_SPLAT, set(idv), get(min), F32X4_SPLAT, set(mv));
  const packed = (k: number) => [...code(k), ...code(k + 4), ...i32c(4), ...I32X4_SHL, ...V_OR];
  emit(get(dst), packed(0), packed(1), I16X8_NARROW_U, packed(2), packed(3), I16X8_NARROW_U, I8X16_NARROW_U, vStore(4));
  emit(get(src), i32c(128), I32_ADD, set(src), get(dst), i32c(20), I32_ADD, set(dst), get(b), i32c(1), I32_ADD, set(b));
  emit(br(0), END, END);
  emit(get(count));
  return { name: 'q4_1', params: [I32, I32, I32, I32], results: [I32], locals: [[5, I32], [4, F32], [12, V128]], code: c };
}
