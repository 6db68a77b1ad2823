/**
 * Causal multi-head self-attention over a batch, forward and backward. qkv rows hold
 * [queries | keys | values] (width each), head h using width/heads consecutive channels of each.
 * Only the keys j ≤ t are visited: the masked scores are exactly zero weight in train.py too.
 */
import type { Arr } from './config.ts';

/** Shape of one attention call. */
export interface AttnShape {
  batch: number;
  seq: number;
  width: number;
  heads: number;
}

/** att[b, h, t, j] = softmax_j≤t(q_t·k_j / sqrt(D)) and y[b, t, head h] = Σ_j att·v_j. */
export function attentionForward(qkv: Arr, att: Arr, y: Arr, s: AttnShape): void {
  const { batch: B, seq: T, width: C, heads: H } = s;
  const D = C / H, C3 = 3 * C, scale = 1 / Math.sqrt(D);
  for (let b = 0; b < B; b++) {
    for (let h = 0; h < H; h++) {
      const base = (b * H + h) * T * T, c0 = h * D;
      for (let t = 0; t < T; t++) {
        const qo = (b * T + t) * C3 + c0, row = base + t * T;
        let max = -Infinity;
        for (let j = 0; j <= t; j++) {
          const ko = (b * T + j) * C3 + C + c0;
          let sc = 0;
          for (let d = 0; d < D; d++) sc += qkv[qo + d] * qkv[ko + d];
          sc *= scale;
          att[row + j] = sc;
          if (sc > max) max = sc;
        }
        let sum = 0;
        for (let j = 0; j <= t; j++) sum += att[row + j] = Math.exp(att[row + j] - max);
        const inv = 1 / sum, yo = (b * T + t) * C + c0;
        for (let d = 0; d < D; d++) y[yo + d] = 0;
        for (let j = 0; j <= t; j++) {
          const p = (att[row + j] *= inv), vo = (b * T + j) * C3 + 2 * C + c0;
          for (let d = 0; d < D; d++) y[yo + d] += p * qkv[vo + d];
        }
      }
    }
  }
}

/**
 * From dy (gradient at the heads' concatenated outputs) write dqkv: dv_j = Σ_t att·dy_t,
 * ds = att·(datt − Σ_j datt·att)/sqrt(D), dq_t = Σ_j ds·k_j, dk_j = Σ_t ds·q_t. `scratch` holds T values.
 */
export function attentionBackward(qkv: Arr, att: Arr, dy: Arr, dqkv: Arr, scratch: Arr, s: AttnShape): void {
  const { batch: B, seq: T, width: C, heads: H } = s;
  const D = C / H, C3 = 3 * C, scale = 1 / Math.sqrt(D);
  dqkv.fill(0, 0, B * T * C3);
  for (let b = 0; b < B; b++) {
    for (let h = 0; h < H; h++) {
      const base = (b * H + h) * T * T, c0 = h * D;
      for (let t = 0; t < T; t++) {
        const row = base + t * T, dyo = (b * T + t) * C + c0, qo = (b * T + t) * C3 + c0;
        let dotp = 0;
        for (let j = 0; j <= t; j++) {
          const vo = (b * T + j) * C3 + 2 * C + c0, p = att[row + j];
          let da = 0;
          for (let d = 0; d < D; d++) {
            const g = dy[dyo + d];
            da += g * qkv[vo + d];
            dqkv[vo + d] += p * g;
          }
          scratch[j] = da;
          dotp += da * p;
        }
        for (let j = 0; j <= t; j++) {
          const ds = att[row + j] * (scratch[j] - dotp) * scale, ko = (b * T + j) * C3 + C + c0;
          for (let d = 0; d < D; d++) {
            dqkv[qo + d] += ds * qkv[ko + d];
            dqkv[ko + d] += ds * qkv[qo + d];
          }
        }
      }
    }
  }
}
