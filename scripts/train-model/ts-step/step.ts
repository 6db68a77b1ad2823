/** One whole training step on one thread: forward, backward, clip and AdamW update, as a train.py loop iteration. */
import { adamwStep, createAdam, lrAt, type AdamState } from './adamw.ts';
import type { Arr, Layout, NetConfig } from './config.ts';
import { backward, createWorkspace, forward, type Workspace } from './model.ts';

/** A trainer's state: parameters, gradients, AdamW moments and the forward's buffers. */
export interface Trainer {
  layout: Layout;
  params: Arr;
  grads: Arr;
  adam: AdamState;
  ws: Workspace;
}

/** A trainer for batches of `batch` × `seq` tokens, starting from `params` (used in place). */
export function createTrainer(config: NetConfig, layout: Layout, params: Arr, batch: number, seq: number, make: (n: number) => Arr): Trainer {
  return { layout, params, grads: make(layout.size), adam: createAdam(layout.size, make), ws: createWorkspace(config, layout, batch, seq, make) };
}

/** Run step `step` (0-based) on one batch; returns the batch's mean loss before the update. */
export function trainStep(tr: Trainer, inputs: Int32Array, targets: Int32Array, step: number): number {
  const loss = forward(tr.params, inputs, targets, tr.ws);
  backward(tr.params, inputs, tr.ws, tr.grads);
  adamwStep(tr.layout, tr.params, tr.grads, tr.adam, step, lrAt(step));
  return loss;
}
