/** Inputs for the step: the committed weights as a flat array, and batches of windows. */
import { encode, type Model } from '../../../src/core/model/index.ts';
import type { Arr, Layout } from './config.ts';

/** The committed model's tensors copied into one flat array in `layout`'s order. */
export function paramsFromModel(model: Model, layout: Layout, make: (n: number) => Arr): Arr {
  const flat = make(layout.size);
  for (const s of layout.slots) {
    const t = model.tensors[s.name];
    if (!t || t.length !== s.length) throw new RangeError(`the model's ${s.name} does not fit the layout (${t?.length} values, want ${s.length})`);
    flat.set(t, s.offset);
  }
  return flat;
}

/** Every whole window of `text` (inputs text[s, s+context), targets one further), as the lab's evaluation windows them. */
export function heldoutBatch(model: Model, text: string): { inputs: Int32Array; targets: Int32Array; batch: number } {
  const ids = encode(model.manifest, text), T = model.config.context;
  const batch = Math.floor((ids.length - 1) / T);
  const inputs = new Int32Array(batch * T), targets = new Int32Array(batch * T);
  for (let i = 0; i < batch * T; i++) {
    inputs[i] = ids[i];
    targets[i] = ids[i + 1];
  }
  return { inputs, targets, batch };
}

/** `batch` windows of `seq` tokens at random starts in `ids` (a seeded LCG, so runs compare). */
export function randomBatch(ids: Int32Array, batch: number, seq: number, seed: number): { inputs: Int32Array; targets: Int32Array } {
  let s = seed >>> 0;
  const inputs = new Int32Array(batch * seq), targets = new Int32Array(batch * seq);
  for (let b = 0; b < batch; b++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    const start = Math.floor((s / 2 ** 32) * (ids.length - seq - 1));
    for (let t = 0; t < seq; t++) {
      inputs[b * seq + t] = ids[start + t];
      targets[b * seq + t] = ids[start + t + 1];
    }
  }
  return { inputs, targets };
}
