/**
 * The three matrix products a linear layer's forward and backward need, on row-major arrays.
 * Each inner loop runs along contiguous rows of both operands, and blocks of 2-4 rows share a pass
 * so every load feeds several multiply-adds (V8 keeps the partial sums in registers).
 */
import type { Arr } from './config.ts';

/** C[m, n] (+)= Σ_k A[m, k]·B[n, k]: the forward of a linear layer, x·Wᵀ with W stored [out, in]. */
export function matmulABt(A: Arr, B: Arr, C: Arr, M: number, N: number, K: number, accumulate: boolean): void {
  const acc = accumulate ? 1 : 0;
  const M2 = M - (M % 2), N4 = N - (N % 4);
  for (let m = 0; m < M2; m += 2) {
    const a0 = m * K, a1 = a0 + K, c0 = m * N, c1 = c0 + N;
    for (let n = 0; n < N4; n += 4) {
      const b0 = n * K, b1 = b0 + K, b2 = b1 + K, b3 = b2 + K;
      let s00 = 0, s01 = 0, s02 = 0, s03 = 0, s10 = 0, s11 = 0, s12 = 0, s13 = 0;
      for (let k = 0; k < K; k++) {
        const x0 = A[a0 + k], x1 = A[a1 + k], w0 = B[b0 + k], w1 = B[b1 + k], w2 = B[b2 + k], w3 = B[b3 + k];
        s00 += x0 * w0; s01 += x0 * w1; s02 += x0 * w2; s03 += x0 * w3;
        s10 += x1 * w0; s11 += x1 * w1; s12 += x1 * w2; s13 += x1 * w3;
      }
      C[c0 + n] = acc * C[c0 + n] + s00; C[c0 + n + 1] = acc * C[c0 + n + 1] + s01;
      C[c0 + n + 2] = acc * C[c0 + n + 2] + s02; C[c0 + n + 3] = acc * C[c0 + n + 3] + s03;
      C[c1 + n] = acc * C[c1 + n] + s10; C[c1 + n + 1] = acc * C[c1 + n + 1] + s11;
      C[c1 + n + 2] = acc * C[c1 + n + 2] + s12; C[c1 + n + 3] = acc * C[c1 + n + 3] + s13;
    }
    for (let n = N4; n < N; n++) {
      C[c0 + n] = acc * C[c0 + n] + dot(A, a0, B, n * K, K);
      C[c1 + n] = acc * C[c1 + n] + dot(A, a1, B, n * K, K);
    }
  }
  for (let m = M2; m < M; m++) for (let n = 0; n < N; n++) C[m * N + n] = acc * C[m * N + n] + dot(A, m * K, B, n * K, K);
}

function dot(A: Arr, ao: number, B: Arr, bo: number, K: number): number {
  let s = 0;
  for (let k = 0; k < K; k++) s += A[ao + k] * B[bo + k];
  return s;
}

/** Write the transpose of A ([rows, cols]) into out ([cols, rows]). */
export function transpose(A: Arr, rows: number, cols: number, out: Arr): void {
  for (let r = 0; r < rows; r++) {
    const a = r * cols;
    for (let c = 0; c < cols; c++) out[c * rows + r] = A[a + c];
  }
}

/**
 * C[m, k] (+)= Σ_n A[m, n]·B[n, k] (the backward's dx = dy·W). B is transposed into `tB` first so
 * the sum runs in matmulABt's register-blocked kernel: the plain m-n-k loop, which reads and writes
 * a row of C per multiply-add, measured ~1.6× slower per multiply-add here.
 */
export function matmulAB(A: Arr, B: Arr, C: Arr, M: number, N: number, K: number, accumulate: boolean, tB: Arr): void {
  transpose(B, N, K, tB);
  matmulABt(A, tB, C, M, K, N, accumulate);
}

/**
 * C[n, k] += Σ_m A[m, n]·B[m, k] (the backward's weight gradient dW += dyᵀ·x): both operands are
 * transposed (into tA, tB) so the long sum over the batch rows m runs in matmulABt's kernel.
 */
export function matmulAtBAcc(A: Arr, B: Arr, C: Arr, M: number, N: number, K: number, tA: Arr, tB: Arr): void {
  transpose(A, M, N, tA);
  transpose(B, M, K, tB);
  matmulABt(tA, tB, C, N, K, M, true);
}
