/**
 * float32 → float16 bits in WebAssembly, as f32ToF16Bits computes them: the row kernels store each
 * block's scale with it.
 *
 *   f16(x) → the float16 bits of x, rounded to nearest even (NaN → 0x7e00).
 */
import { F32, F32_ABS, F32_ADD, F32_FROM_I32, F32_MUL, f32c, get, I32, I32_ADD, I32_AND, I32_FROM_F32, I32_GE_U, I32_GT_U, I32_OR, I32_SHR_U, i32c, SELECT, set, type WasmFunction } from './wasm-asm.ts';

/**
 * Code leaving the float16 bits of the f32 in local `x` on the stack (locals `w`, `t`: i32 scratch).
 * The exponent-rebias trick of the FP16 library ggml uses: adding a power of two aligned with the
 * half's last significand bit makes the float32 adder round to nearest even, subnormals included.
 */
export function f16Code(x: number, w: number, t: number): number[] {
  return [
    ...get(x), ...I32_FROM_F32, ...set(w),
    ...get(w), ...get(w), ...I32_ADD, ...i32c(0xff000000), ...I32_AND, ...set(t), // exponent, shifted out of the sign
    ...i32c(0x7e00), // the NaN result, picked by the select at the end
    // bias = max(exponent, 0x71000000): below it the half is subnormal, with a fixed rounding position.
    ...get(t), ...i32c(0x71000000), ...get(t), ...i32c(0x71000000), ...I32_GE_U, ...SELECT,
    ...i32c(1), ...I32_SHR_U, ...i32c(0x07800000), ...I32_ADD, ...F32_FROM_I32,
    // |x|·2^112·2^−110: values past the half's range overflow to Inf here.
    ...get(x), ...F32_ABS, ...f32c(2 ** 112), ...F32_MUL, ...f32c(2 ** -110), ...F32_MUL, ...F32_ADD,
    ...I32_FROM_F32, ...set(t),
    ...get(t), ...i32c(13), ...I32_SHR_U, ...i32c(0x7c00), ...I32_AND, ...get(t), ...i32c(0xfff), ...I32_AND, ...I32_ADD,
    ...get(w), ...i32c(0x80000000), ...I32_AND, ...i32c(16), ...I32_SHR_U, ...I32_OR,
    ...get(w), ...get(w), ...I32_ADD, ...i32c(0xff000000), ...I32_GT_U, ...SELECT,
  ];
}

/** f16(x): the float16 conversion alone, exported so tests can hold it to f32ToF16Bits. */
export function f16Function(): WasmFunction {
  return { name: 'f16', params: [F32], results: [I32], locals: [[2, I32]], code: f16Code(0, 1, 2) };
}
