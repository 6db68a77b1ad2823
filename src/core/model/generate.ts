/** Text generation: greedy (temperature 0) or seeded sampling, one character at a time. */
import { argmax, softmax } from '../metrics/softmax.ts';
import { createRng } from '../rng.ts';
import { createStepCache, createWorkspace, forwardStep, forwardWindow } from './forward.ts';
import { decode, encode } from './tokenizer.ts';
import type { Model } from './weights.ts';

/** How to continue a prompt. */
export interface GenerateOptions {
  /** Characters to add. */
  length: number;
  /** 0 picks the most likely character every time; otherwise logits are divided by it before sampling. */
  temperature?: number;
  /** Seed of the sampler (createRng); the same seed and model give the same text. */
  seed?: string | number;
}

/** The characters the model writes after `prompt` (the prompt itself is not repeated). */
export function generate(model: Model, prompt: string, options: GenerateOptions): string {
  const { length, temperature = 0, seed = 'generate' } = options;
  if (!Number.isInteger(length) || length < 0) throw new RangeError(`length must be a non-negative integer, got ${length}`);
  if (!(temperature >= 0) || !Number.isFinite(temperature)) throw new RangeError(`temperature must be a finite number >= 0, got ${temperature}`);
  if (prompt.length === 0) throw new RangeError('the prompt must hold at least one character');
  const ctx = model.config.context, V = model.config.vocabSize;
  const ids = Array.from(encode(model.manifest, prompt));
  const ws = createWorkspace(model.config);
  const row = new Float32Array(V);
  const rng = createRng(seed);
  const cache = createStepCache(model.config);
  const out: number[] = [];
  for (let k = 0; k < length; k++) {
    if (ids.length <= ctx) {
      // Still within one context from position 0: feed the new characters through the key/value cache.
      while (cache.length < ids.length) forwardStep(model, ids[cache.length]!, ws, cache, row);
    } else {
      // The model saw at most `context` characters at positions 0.., so feed the latest ones.
      const start = ids.length - ctx;
      forwardWindow(model, ids, start, ctx, ws, row, 0, ctx - 1);
    }
    const next = temperature === 0 ? argmax(row) : sample(softmax(row.map((v) => v / temperature)), rng.next());
    ids.push(next);
    out.push(next);
  }
  return decode(model.manifest, out);
}

/** The index where the running sum of probabilities first passes u ∈ [0, 1). */
function sample(probs: ArrayLike<number>, u: number): number {
  let acc = 0;
  for (let i = 0; i < probs.length; i++) {
    acc += probs[i]!;
    if (u < acc) return i;
  }
  return probs.length - 1; // rounding left the sum just under 1
}
