/** The elementwise and row-wise pieces of the network, forward and backward: RMSNorm, GELU, softmax cross-entropy. */
import type { Arr } from './config.ts';

/** Per row: r = 1/sqrt(mean(x²) + eps), n = x·r (kept for backward), out = n·g. */
export function rmsnormForward(x: Arr, g: Arr, rows: number, C: number, eps: number, n: Arr, r: Arr, out: Arr): void {
  for (let t = 0; t < rows; t++) {
    const o = t * C;
    let ss = 0;
    for (let i = 0; i < C; i++) ss += x[o + i] * x[o + i];
    const inv = 1 / Math.sqrt(ss / C + eps);
    r[t] = inv;
    for (let i = 0; i < C; i++) {
      const v = x[o + i] * inv;
      n[o + i] = v;
      out[o + i] = v * g[i];
    }
  }
}

/** dx (+)= r·(dn − n·mean(dn·n)) with dn = dout·g, and dg += Σ_rows dout·n (train.py's rmsnorm_back). */
export function rmsnormBackward(dout: Arr, g: Arr, n: Arr, r: Arr, rows: number, C: number, dx: Arr, accumulate: boolean, dg: Arr): void {
  for (let t = 0; t < rows; t++) {
    const o = t * C;
    let m = 0;
    for (let i = 0; i < C; i++) {
      const d = dout[o + i], v = n[o + i];
      dg[i] += d * v;
      m += d * g[i] * v;
    }
    m /= C;
    const inv = r[t];
    for (let i = 0; i < C; i++) {
      const v = inv * (dout[o + i] * g[i] - n[o + i] * m);
      dx[o + i] = accumulate ? dx[o + i] + v : v;
    }
  }
}

const GELU_C = Math.sqrt(2 / Math.PI);

/** GELU, tanh form: th = tanh(c·(a + 0.044715a³)) kept for backward, out = 0.5·a·(1 + th). */
export function geluForward(a: Arr, th: Arr, out: Arr, n: number): void {
  for (let i = 0; i < n; i++) {
    const v = a[i];
    // tanh(u) = 1 − 2/(e^(2u) + 1): one exp, faster than Math.tanh; e^(2u) = ∞ gives 1, 0 gives −1.
    const t = 1 - 2 / (Math.exp(2 * GELU_C * (v + 0.044715 * v * v * v)) + 1);
    th[i] = t;
    out[i] = 0.5 * v * (1 + t);
  }
}

/** In place: d ← d · GELU'(a), from the tanh kept by the forward. */
export function geluBackward(d: Arr, a: Arr, th: Arr, n: number): void {
  for (let i = 0; i < n; i++) {
    const v = a[i], t = th[i];
    d[i] *= 0.5 * (1 + t) + 0.5 * v * (1 - t * t) * GELU_C * (1 + 3 * 0.044715 * v * v);
  }
}

/**
 * Mean cross-entropy of `rows` rows of logits against `targets`; the logits are overwritten with
 * the loss's gradient, (softmax − onehot) / rows.
 */
export function crossEntropy(logits: Arr, targets: Int32Array, rows: number, V: number): number {
  let total = 0;
  const scale = 1 / rows;
  for (let t = 0; t < rows; t++) {
    const o = t * V;
    let max = -Infinity;
    for (let v = 0; v < V; v++) if (logits[o + v] > max) max = logits[o + v];
    let sum = 0;
    for (let v = 0; v < V; v++) sum += Math.exp(logits[o + v] - max);
    const lse = max + Math.log(sum);
    const y = targets[t];
    total += lse - logits[o + y];
    for (let v = 0; v < V; v++) logits[o + v] = Math.exp(logits[o + v] - lse) * scale;
    logits[o + y] -= scale;
  }
  return total / rows;
}
