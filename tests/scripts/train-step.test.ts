/**
 * The TypeScript training step (scripts/train-model/ts-step/) that measures what training in
 * TypeScript would cost: its gradients must match finite differences, its loss the course's forward
 * pass on the committed weights, and its optimizer train.py's AdamW.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createBaseline, loadModel } from '../../src/core/model/index.ts';
import { ADAMW, adamwStep, createAdam, lrAt } from '../../scripts/train-model/ts-step/adamw.ts';
import { LAB_CONFIG, layoutOf, view, type NetConfig } from '../../scripts/train-model/ts-step/config.ts';
import { backward, createWorkspace, forward } from '../../scripts/train-model/ts-step/model.ts';
import { heldoutBatch, paramsFromModel } from '../../scripts/train-model/ts-step/data.ts';
import { createParallelTrainer } from '../../scripts/train-model/ts-step/parallel.ts';
import { createTrainer, trainStep } from '../../scripts/train-model/ts-step/step.ts';

const TINY: NetConfig = { layers: 2, heads: 2, width: 8, context: 4, mlpWidth: 16, vocabSize: 5, normEps: 1e-5 };

/** A deterministic pseudo-random stream (LCG), so the test needs nothing else. */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

describe('the TypeScript training step', () => {
  it('has analytic gradients equal to central finite differences (float64, tiny config)', () => {
    const layout = layoutOf(TINY);
    const rnd = lcg(7);
    const params = new Float64Array(layout.size);
    for (const s of layout.slots) {
      for (let i = 0; i < s.length; i++) params[s.offset + i] = s.shape.length === 1 ? 1 + 0.3 * (rnd() - 0.5) : 0.8 * (rnd() - 0.5);
    }
    const B = 2, T = 4;
    const inputs = Int32Array.from({ length: B * T }, () => Math.floor(rnd() * 5));
    const targets = Int32Array.from({ length: B * T }, () => Math.floor(rnd() * 5));
    const ws = createWorkspace(TINY, layout, B, T, (n) => new Float64Array(n));
    const grads = new Float64Array(layout.size);
    forward(params, inputs, targets, ws);
    backward(params, inputs, ws, grads);
    const h = 1e-5;
    let worst = 0, nonzero = 0;
    for (let i = 0; i < layout.size; i++) {
      const keep = params[i];
      params[i] = keep + h;
      const up = forward(params, inputs, targets, ws);
      params[i] = keep - h;
      const down = forward(params, inputs, targets, ws);
      params[i] = keep;
      const numeric = (up - down) / (2 * h);
      worst = Math.max(worst, Math.abs(numeric - grads[i]) / (1e-6 + Math.abs(numeric)));
      if (Math.abs(numeric) > 1e-6) nonzero++;
    }
    // Every tensor takes part; most entries have a gradient (unused tokens' embeddings do not).
    expect(nonzero).toBeGreaterThan(layout.size * 0.8);
    expect(worst).toBeLessThan(1e-4);
  });

  it('gives the loss the course forward pass gives on the committed weights (ln perplexity of the held-out slice)', () => {
    const dir = new URL('../../public/model/', import.meta.url);
    const model = loadModel(JSON.parse(readFileSync(new URL('manifest.json', dir), 'utf8')), readFileSync(new URL('weights.bin', dir)));
    const heldout = readFileSync(new URL('heldout.txt', dir), 'utf8');
    const layout = layoutOf(LAB_CONFIG);
    const params = paramsFromModel(model, layout, (n) => new Float32Array(n));
    const { inputs, targets, batch } = heldoutBatch(model, heldout);
    expect(batch * LAB_CONFIG.context).toBe(heldout.length - 1); // the slice is whole windows, so both runs see the same predictions
    const ws = createWorkspace(LAB_CONFIG, layout, batch, LAB_CONFIG.context, (n) => new Float32Array(n));
    const loss = forward(params, inputs, targets, ws);
    const core = Math.log(createBaseline(model, heldout).perplexity);
    expect(Math.abs(loss - core)).toBeLessThan(1e-5);
    expect(loss).toBeLessThan(Math.log(LAB_CONFIG.vocabSize)); // far from uniform: the weights are trained
  });

  it('updates as train.py: the first step moves each weight by the learning rate against its gradient, decays matrices only, clips', () => {
    const layout = layoutOf(TINY);
    const params = new Float64Array(layout.size).fill(0.5);
    const grads = new Float64Array(layout.size);
    for (let i = 0; i < grads.length; i++) grads[i] = i % 2 ? 3 : -3; // norm ≫ 1: clipped to 1, sign kept
    const lr = lrAt(0);
    expect(lr).toBeCloseTo(ADAMW.peakLr / ADAMW.warmup, 15);
    adamwStep(layout, params, grads, createAdam(layout.size, (n) => new Float64Array(n)), 0, lr);
    // At step 0, m̂ = g and ŝ = g², so the step is lr·g/|g| whatever the clipped size of g.
    const qkv = view(layout, params, 'layers.0.attn.qkv'), gain = view(layout, params, 'layers.0.norm1');
    expect(qkv[0]).toBeCloseTo(0.5 * (1 - lr * ADAMW.weightDecay) + lr, 9); // gradient −3 at an even index
    expect(qkv[1]).toBeCloseTo(0.5 * (1 - lr * ADAMW.weightDecay) - lr, 9);
    const g0 = layout.byName.get('layers.0.norm1')!.offset % 2 ? -1 : 1;
    expect(gain[0]).toBeCloseTo(0.5 + g0 * lr, 9); // no decay on gains
    expect(lrAt(ADAMW.steps - 1)).toBeCloseTo(0.1 * ADAMW.peakLr, 6);
  });
});

describe('the data-parallel step', () => {
  it('gives the same loss, gradient and update with 2 workers as on one thread (float64, tiny config)', async () => {
    const layout = layoutOf(TINY);
    const rnd = lcg(11);
    const initial = Float64Array.from({ length: layout.size }, () => 0.8 * (rnd() - 0.5));
    const B = 4, T = 4;
    const inputs = Int32Array.from({ length: B * T }, () => Math.floor(rnd() * 5));
    const targets = Int32Array.from({ length: B * T }, () => Math.floor(rnd() * 5));
    const single = createTrainer(TINY, layout, initial.slice(), B, T, (n) => new Float64Array(n));
    const par = await createParallelTrainer(TINY, initial, B, T, 'f64', 2);
    try {
      for (let step = 0; step < 2; step++) {
        const one = trainStep(single, inputs, targets, step);
        const two = await par.step(inputs, targets, step);
        expect(two).toBeCloseTo(one, 12);
        for (let i = 0; i < layout.size; i++) expect(par.grads[i]).toBeCloseTo(single.grads[i], 12);
      }
      for (let i = 0; i < layout.size; i++) expect(par.params[i]).toBeCloseTo(single.params[i], 10);
      expect(par.params[0]).not.toBe(initial[0]); // the steps did update the shared parameters
    } finally {
      await par.close();
    }
  });
});
