/**
 * What ggml's block-scaled FP4 formats (MXFP4, NVFP4) share: the E2M1 code table, doubled as ggml keeps
 * it, and the exhaustive nearest-code search best_index_mxfp4. Because the table is doubled, ggml always
 * multiplies by half of the true block scale; the core calls that multiplier `d` as ggml does.
 */

const fr = Math.fround;

/** E2M1 values of the 16 codes, doubled (code 8 is −0, stored as 0): the OCP value of code c is FP4_DOUBLED[c] / 2. */
export const FP4_DOUBLED: readonly number[] = [0, 1, 2, 3, 4, 6, 8, 12, 0, -1, -2, -3, -4, -6, -8, -12];

/**
 * ggml's best_index_mxfp4: the 4-bit code whose FP4_DOUBLED[c]·d (in float32) is nearest to x. Codes are tried
 * 0..15 and a later one wins only on a strictly smaller float32 error, so ties go to the smaller magnitude,
 * 0 and −0 get code 0, and NaN or ±Inf x (every error NaN or Inf) get code 0 too.
 */
export function fp4BestCode(x: number, d: number): number {
  let best = 0;
  let bestErr = Math.abs(fr(fr(FP4_DOUBLED[0]! * d) - x));
  for (let c = 1; c < 16; c++) {
    const err = Math.abs(fr(fr(FP4_DOUBLED[c]! * d) - x));
    if (err < bestErr) {
      best = c;
      bestErr = err;
    }
  }
  return best;
}

/** The float32 value ggml dequantizes a code to: FP4_DOUBLED[code] · d (codes 0 and 8 give +0). */
export const fp4Value = (code: number, d: number): number => fr(FP4_DOUBLED[code & 0xf]! * d);

/** The largest |x| in x[src .. src+n): starts at +0 and takes |x| only when strictly larger, so NaN is skipped and +Inf taken. */
export function blockAmax(x: Float32Array, src: number, n: number): number {
  let amax = 0;
  for (let j = src; j < src + n; j++) {
    const a = Math.abs(x[j]!);
    if (amax < a) amax = a;
  }
  return amax;
}
