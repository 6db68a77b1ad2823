/**
 * The two helpers ggml's K-quants share: nearest_int (round half to even through a float32 add) and
 * make_qkx2_quants (the weighted search for one sub-block's scale and offset). Every float step is
 * float32, wrapped in Math.fround in ggml's order; sums are accumulated in float32, one term at a time.
 */

const fr = Math.fround;
const f32 = new Float32Array(1);
// A pure initializer: to the bundler, reading .buffer is a side effect that would keep this module in every page.
const i32 = /* @__PURE__ */ (() => new Int32Array(f32.buffer))();

/**
 * ggml's nearest_int: the nearest integer to a float32, ties to even (−2.5 → −2, 2.5 → 2, 3.5 → 4).
 * Inside |f| ≤ 4194303 adding 1.5·2²³ in float32 lands in [2²³, 2²⁴) where the ulp is 1, so the rounding
 * of that add is the answer. ggml asserts on anything larger, ±Inf or NaN; there the core applies ggml's
 * bit recipe anyway (low 23 mantissa bits of f + 12582912, minus 2²²), which is what an x86 release build
 * computes: NaN → 0, ±Inf → −4194304, huge values wrap. No crash, and the bytes match such a build.
 */
export function nearestInt(f: number): number {
  if (Math.abs(f) <= 4194303) return fr(f + 12582912) - 12582912;
  f32[0] = f + 12582912;
  return (i32[0]! & 0x007fffff) - 0x00400000;
}

/** Integer clamp to [lo, hi]. */
const clamp = (v: number, lo: number, hi: number): number => (v < lo ? lo : v > hi ? hi : v);

/** The parameters of one make_qkx2_quants call, as Q2_K and Q4_K pass them. */
export interface Qkx2Params {
  /** Largest level (3 for Q2_K, 15 for Q4_K). */
  nmax: number;
  /** First trial's offset to nmax in the search (−0.5 for Q2_K, −1 for Q4_K). */
  rmin: number;
  /** Step between trials (0.1f for both). */
  rdelta: number;
  /** Number of steps: nstep + 1 trials (15 for Q2_K, 20 for Q4_K). */
  nstep: number;
  /** Absolute loss (Q2_K) instead of squared loss (Q4_K). */
  useMad: boolean;
}

/** What make_qkx2_quants returns for one sub-block: the levels (written in place), scale and negated offset. */
export interface Qkx2Fit {
  /** Step between levels: x ≈ scale·L − min. */
  scale: number;
  /** The offset, negated (normally ≥ 0; −0 or 0 when the sub-block needs none). */
  min: number;
}

/** Weighted error Σ w·g((scale·L + mn) − x) over the sub-block, in float32 and index order. */
function fitError(x: Float32Array, src: number, w: Float32Array, L: Uint8Array, dst: number, n: number, scale: number, mn: number, useMad: boolean): number {
  let err = 0;
  for (let i = 0; i < n; i++) {
    const diff = fr(fr(fr(scale * L[dst + i]!) + mn) - x[src + i]!);
    err = fr(err + fr(w[i]! * (useMad ? Math.abs(diff) : fr(diff * diff))));
  }
  return err;
}

/**
 * ggml's make_qkx2_quants on x[src .. src+n) with weights w[0 .. n): fits x ≈ scale·L + mn (mn ≤ 0) with
 * levels L in [0, nmax], writes the levels to L[dst .. dst+n) and returns the scale and −mn. A first fit
 * spans [min(0, min x), max x]; then nstep + 1 trial grids are tried, each refit by weighted least squares,
 * and a trial replaces the best so far only when its error is strictly smaller. An accepted trial also
 * moves mn, which the later trials use. `aux` is scratch space of at least n bytes.
 */
export function makeQkx2Quants(x: Float32Array, src: number, n: number, w: Float32Array, L: Uint8Array, dst: number, aux: Uint8Array, p: Qkx2Params): Qkx2Fit {
  const { nmax, rmin, rdelta, nstep, useMad } = p;
  let mn = x[src]!, mx = x[src]!;
  let sumW = w[0]!;
  let sumX = fr(sumW * x[src]!);
  for (let i = 1; i < n; i++) {
    const v = x[src + i]!;
    if (v < mn) mn = v;
    if (v > mx) mx = v;
    sumW = fr(sumW + w[i]!);
    sumX = fr(sumX + fr(w[i]! * v));
  }
  if (mn > 0) mn = 0;
  if (mx === mn) {
    // All zero, or a constant ≤ 0: nothing to spread over the levels.
    L.fill(0, dst, dst + n);
    return { scale: 0, min: -mn };
  }
  let iscale = fr(nmax / fr(mx - mn));
  let scale = fr(1 / iscale);
  for (let i = 0; i < n; i++) L[dst + i] = clamp(nearestInt(fr(iscale * fr(x[src + i]! - mn))), 0, nmax);
  let bestError = fitError(x, src, w, L, dst, n, scale, mn, useMad);
  for (let t = 0; t <= nstep; t++) {
    iscale = fr(fr(fr(rmin + fr(rdelta * t)) + nmax) / fr(mx - mn));
    let sumL = 0, sumL2 = 0, sumXL = 0;
    for (let i = 0; i < n; i++) {
      const l = clamp(nearestInt(fr(iscale * fr(x[src + i]! - mn))), 0, nmax);
      aux[i] = l;
      const wl = fr(w[i]! * l);
      sumL = fr(sumL + wl);
      sumL2 = fr(sumL2 + fr(wl * l));
      sumXL = fr(sumXL + fr(wl * x[src + i]!));
    }
    const det = fr(fr(sumW * sumL2) - fr(sumL * sumL));
    if (!(det > 0)) continue;
    let thisScale = fr(fr(fr(sumW * sumXL) - fr(sumX * sumL)) / det);
    let thisMin = fr(fr(fr(sumL2 * sumX) - fr(sumL * sumXL)) / det);
    if (thisMin > 0) {
      // The best offset would be positive: refit through the origin instead.
      thisMin = 0;
      thisScale = fr(sumXL / sumL2);
    }
    const err = fitError(x, src, w, aux, 0, n, thisScale, thisMin, useMad);
    if (err < bestError) {
      for (let i = 0; i < n; i++) L[dst + i] = aux[i]!;
      bestError = err;
      scale = thisScale;
      mn = thisMin;
    }
  }
  return { scale, min: -mn };
}
