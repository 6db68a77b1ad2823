/**
 * The Q4_0 row kernel in WebAssembly SIMD, assembled from bytes (no toolchain): ggml's
 * quantize_row_q4_0_ref in the same float32 operations and order (f32x4 mul, then add, then a
 * truncation), so its bytes are the reference's. Blocks the reference sends through NaN or an
 * infinite 1/d are flagged for the JavaScript reference to redo.
 *
 *   q4_0(src, dst, flags, n) → flagged count
 *     for b < n: the 32 float32 at src + 128·b → the 18 bytes at dst + 18·b; flags[b] = 1 when the
 *     block has a NaN or an infinite id (its bytes are then not the reference's), else 0.
 */
import {
  BLOCK, br, brIf, END, F32_ABS, F32_ADD, F32_DIV, F32_EQ, F32_FROM_I32, F32_MUL, F32_NE, f32c, f32Load, F32, F32X4_ADD, F32X4_MUL,
  F32X4_SPLAT, get, I16X8_NARROW_U, I32, I32_ADD, I32_AND, I32_CTZ, I32_FROM_F32, I32_GE_U, I32_GT_U, I32_OR, I32_SHL, I32_SHR_U,
  I32X4_BITMASK, I32X4_EQ, I32X4_MAX_S, I32X4_MIN_S, I32X4_SHL, I32X4_SPLAT, I32X4_TRUNC_SAT_F32X4_S, i32c, i32x4Lane, I8X16_NARROW_U,
  LOOP, SELECT, set, shuffle, store16, store8, V128, V_AND, V_OR, vF32, vI32, vLoad, vStore, type WasmFunction,
} from './wasm-asm.ts';
import { f16Code } from './f16-kernel.ts';

/** q4_0(src, dst, flags, n): see the top of this file. */
export function q4_0Function(): WasmFunction {
  const [src, dst, flags, n] = [0, 1, 2, 3];
  const [b, amax, bm, w, count, flag, t] = [4, 5, 6, 7, 8, 9, 10];
  const [max, d, id] = [11, 12, 13];
  const v = (k: number) => 14 + k, a = (k: number) => 22 + k;
  const [m, idv, am] = [30, 31, 32];
  const c: number[] = [];
  const emit = (...parts: number[][]) => {
    for (const p of parts) c.push(...p);
  };
  // The 4-bit code of four elements: MIN(15, trunc(fround(x·id) + 8.5)).
  const code = (k: number) => [...get(v(k)), ...get(idv), ...F32X4_MUL, ...vF32(8.5), ...F32X4_ADD, ...I32X4_TRUNC_SAT_F32X4_S, ...vI32(15), ...I32X4_MIN_S];
  emit(BLOCK, LOOP);
  emit(get(b), get(n), I32_GE_U, brIf(1));
  // |x| as bits: they order as the magnitudes, and a NaN's lie above +Inf's.
  for (let k = 0; k < 8; k++) emit(get(src), vLoad(16 * k), set(v(k)), get(v(k)), vI32(0x7fffffff), V_AND, set(a(k)));
  const pair = (i: number) => [...get(a(i)), ...get(a(i + 1)), ...I32X4_MAX_S];
  emit(pair(0), pair(2), I32X4_MAX_S, pair(4), pair(6), I32X4_MAX_S, I32X4_MAX_S, set(m));
  emit(get(m), get(m), get(m), shuffle([8, 9, 10, 11, 12, 13, 14, 15, 0, 1, 2, 3, 4, 5, 6, 7]), I32X4_MAX_S, set(m));
  emit(get(m), get(m), get(m), shuffle([4, 5, 6, 7, 0, 1, 2, 3, 12, 13, 14, 15, 8, 9, 10, 11]), I32X4_MAX_S, i32x4Lane(0), set(amax));
  // max is the first element reaching amax (the reference replaces it only on a strictly larger |x|):
  // bit j of bm says element j does, and its lowest set bit is the first.
  emit(get(amax), I32X4_SPLAT, set(am));
  for (let k = 0; k < 8; k++) {
    emit(get(a(k)), get(am), I32X4_EQ, I32X4_BITMASK);
    if (k) emit(i32c(4 * k), I32_SHL, I32_OR);
  }
  emit(set(bm));
  // An all-zero block keeps the reference's max = +0 (the sign of a −0 element never gets in).
  emit(get(src), get(bm), I32_CTZ, i32c(2), I32_SHL, I32_ADD, f32Load(), f32c(0), get(amax), SELECT, set(max));
  emit(get(max), f32c(-8), F32_DIV, set(d));
  emit(f32c(1), get(d), F32_DIV, f32c(0), get(d), f32c(0), F32_NE, SELECT, set(id));
  emit(get(amax), i32c(0x7f800000), I32_GT_U, get(id), F32_ABS, f32c(Infinity), F32_EQ, I32_OR, set(flag));
  emit(get(flags), get(b), I32_ADD, get(flag), store8());
  emit(get(count), get(flag), I32_ADD, set(count));
  emit(get(dst), f16Code(d, w, t), store16());
  emit(get(id), F32X4_SPLAT, set(idv));
  // Byte j: element j's code in the low nibble, element j + 16's in the high one.
  const packed = (k: number) => [...code(k), ...code(k + 4), ...i32c(4), ...I32X4_SHL, ...V_OR];
  emit(get(dst), packed(0), packed(1), I16X8_NARROW_U, packed(2), packed(3), I16X8_NARROW_U, I8X16_NARROW_U, vStore(2));
  emit(get(src), i32c(128), I32_ADD, set(src), get(dst), i32c(18), I32_ADD, set(dst), get(b), i32c(1), I32_ADD, set(b));
  emit(br(0), END, END);
  emit(get(count));
  return { name: 'q4_0', params: [I32, I32, I32, I32], results: [I32], locals: [[7, I32], [3, F32], [19, V128]], code: c };
}
