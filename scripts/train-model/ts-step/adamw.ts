/** train.py's optimizer: global gradient-norm clipping to 1, AdamW with decay on matrices only, warm-up then cosine. */
import type { Arr, Layout } from './config.ts';

/** train.py's hyperparameters. */
export const ADAMW = { peakLr: 3e-3, beta1: 0.9, beta2: 0.99, weightDecay: 0.01, warmup: 200, eps: 1e-8, clip: 1.0, steps: 7700 };

/** AdamW's moments, one value per parameter. */
export interface AdamState {
  m: Arr;
  s: Arr;
}

/** Zeroed moments for `size` parameters. */
export function createAdam(size: number, make: (n: number) => Arr): AdamState {
  return { m: make(size), s: make(size) };
}

/** train.py's lr_at: linear warm-up, then cosine decay to a tenth of the peak. */
export function lrAt(step: number, steps = ADAMW.steps, peak = ADAMW.peakLr, warmup = ADAMW.warmup): number {
  if (step < warmup) return (peak * (step + 1)) / warmup;
  const progress = (step - warmup) / Math.max(1, steps - warmup);
  return peak * (0.1 + 0.9 * 0.5 * (1 + Math.cos(Math.PI * progress)));
}

/** √(Σ g²) over every gradient. */
export function gradNorm(grads: Arr): number {
  let ss = 0;
  for (let i = 0; i < grads.length; i++) ss += grads[i] * grads[i];
  return Math.sqrt(ss);
}

/**
 * One update at 0-based `step` with learning rate `lr`: clip by min(1, 1/(norm + 1e-6)), update the
 * moments, decay 2-D tensors (matrices, embeddings) but not the norm gains, step. Returns the norm.
 */
export function adamwStep(layout: Layout, params: Arr, grads: Arr, state: AdamState, step: number, lr: number): number {
  const { beta1, beta2, weightDecay, eps, clip: maxNorm } = ADAMW;
  const norm = gradNorm(grads);
  const clip = Math.min(1, maxNorm / (norm + 1e-6));
  const c1 = 1 / (1 - beta1 ** (step + 1)), c2 = 1 / (1 - beta2 ** (step + 1));
  const { m, s } = state;
  for (const slot of layout.slots) {
    const decay = slot.shape.length === 2 ? 1 - lr * weightDecay : 1;
    for (let i = slot.offset, end = slot.offset + slot.length; i < end; i++) {
      const g = grads[i] * clip;
      const mi = (m[i] = beta1 * m[i] + (1 - beta1) * g);
      const si = (s[i] = beta2 * s[i] + (1 - beta2) * g * g);
      params[i] = params[i] * decay - (lr * mi * c1) / (Math.sqrt(si * c2) + eps);
    }
  }
  return norm;
}
