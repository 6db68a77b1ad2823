/**
 * The Q8_0 row kernel in WebAssembly SIMD: ggml's quantize_row_q8_0_ref in the same float32 operations
 * (amax/127, 1/d, x·id), then C's roundf done exactly: trunc, plus ±1 where the dropped fraction is ≥ ½.
 *
 *   q8_0(src, dst, flags, n) → flagged count
 *     for b < n: the 32 float32 at src + 128·b → the 34 bytes at dst + 34·b; flags[b] = 1 when the block
 *     has a NaN (the reference's MAX lets one reset amax) or an infinite id, whose bytes JS redoes.
 */
import {
  BLOCK, br, brIf, END, F32_ABS, F32_DIV, F32_EQ, F32_FROM_I32, F32_NE, f32c, F32, F32X4_ABS, F32X4_GE, F32X4_MUL, F32X4_SPLAT, F32X4_SUB,
  F32X4_TRUNC, get, I16X8_NARROW_S, I32, I32_ADD, I32_GE_U, I32_GT_U, I32_OR, I32X4_ADD, I32X4_MAX_S, I32X4_SHR_S,
  I32X4_TRUNC_SAT_F32X4_S, i32c, i32x4Lane, I8X16_NARROW_S, LOOP, SELECT, set, shuffle, store16, store8, V128, V_AND, V_OR, vF32, vI32,
  vLoad, vStore, type WasmFunction,
} from './wasm-asm.ts';
import { f16Code } from './f16-kernel.ts';

/** q8_0(src, dst, flags, n): see the top of this file. */
export function q8_0Function(): WasmFunction {
  const [src, dst, flags, n] = [0, 1, 2, 3];
  const [b, amax, w, count, flag, t] = [4, 5, 6, 7, 8, 9];
  const [d, id] = [10, 11];
  const v = (k: number) => 12 + k, a = (k: number) => 20 + k;
  const [m, idv, p] = [28, 29, 30];
  const c: number[] = [];
  const emit = (...parts: number[][]) => {
    for (const part of parts) c.push(...part);
  };
  // roundf(x·id) of four elements as i32: trunc(p) + (|p − trunc(p)| ≥ ½ ? sign(p) : 0); p − trunc(p) is exact.
  const code = (k: number) => [
    ...get(v(k)), ...get(idv), ...F32X4_MUL, ...set(p),
    ...get(p), ...F32X4_TRUNC, ...I32X4_TRUNC_SAT_F32X4_S,
    ...get(p), ...get(p), ...F32X4_TRUNC, ...F32X4_SUB, ...F32X4_ABS, ...vF32(0.5), ...F32X4_GE,
    ...get(p), ...i32c(31), ...I32X4_SHR_S, ...vI32(1), ...V_OR, ...V_AND, // −1 or 1 where the fraction rounds away
    ...I32X4_ADD,
  ];
  emit(BLOCK, LOOP);
  emit(get(b), get(n), I32_GE_U, brIf(1));
  for (let k = 0; k < 8; k++) emit(get(src), vLoad(16 * k), set(v(k)), get(v(k)), vI32(0x7fffffff), V_AND, set(a(k)));
  const pair = (i: number) => [...get(a(i)), ...get(a(i + 1)), ...I32X4_MAX_S];
  emit(pair(0), pair(2), I32X4_MAX_S, pair(4), pair(6), I32X4_MAX_S, I32X4_MAX_S, set(m));
  emit(get(m), get(m), get(m), shuffle([8, 9, 10, 11, 12, 13, 14, 15, 0, 1, 2, 3, 4, 5, 6, 7]), I32X4_MAX_S, set(m));
  emit(get(m), get(m), get(m), shuffle([4, 5, 6, 7, 0, 1, 2, 3, 12, 13, 14, 15, 8, 9, 10, 11]), I32X4_MAX_S, i32x4Lane(0), set(amax));
  emit(get(amax), F32_FROM_I32, f32c(127), F32_DIV, set(d));
  emit(f32c(1), get(d), F32_DIV, f32c(0), get(d), f32c(0), F32_NE, SELECT, set(id));
  emit(get(amax), i32c(0x7f800000), I32_GT_U, get(id), F32_ABS, f32c(Infinity), F32_EQ, I32_OR, set(flag));
  emit(get(flags), get(b), I32_ADD, get(flag), store8());
  emit(get(count), get(flag), I32_ADD, set(count));
  emit(get(dst), f16Code(d, w, t), store16());
  emit(get(id), F32X4_SPLAT, set(idv));
  // |code| ≤ 127: the saturating narrowings keep every value.
  for (const half of [0, 1]) {
    const k0 = 4 * half;
    emit(get(dst), code(k0), code(k0 + 1), I16X8_NARROW_S, code(k0 + 2), code(k0 + 3), I16X8_NARROW_S, I8X16_NARROW_S, vStore(2 + 16 * half));
  }
  emit(get(src), i32c(128), I32_ADD, set(src), get(dst), i32c(34), I32_ADD, set(dst), get(b), i32c(1), I32_ADD, set(b));
  emit(br(0), END, END);
  emit(get(count));
  return { name: 'q8_0', params: [I32, I32, I32, I32], results: [I32], locals: [[6, I32], [2, F32], [19, V128]], code: c };
}
