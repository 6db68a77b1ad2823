/** The course model for grading in Node: read from public/model on first use, once; fetching it is the page's job. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compareWithBaseline, createBaseline, encode, quantizeModel, textLogits } from '../../src/core/model/index.ts';
import { nodeGradingModel as gradingModel } from '../../src/lab/node.ts';

describe('gradingModel in Node', () => {
  it('reads the committed model and held-out text once, without a preload', () => {
    const a = gradingModel();
    expect(a.heldout).toBe(readFileSync('public/model/heldout.txt', 'utf8'));
    expect(a.model.manifest.linear).toHaveLength(15);
    expect(a.model.tensors['blk.0.attn_q.weight']).toHaveLength(64 * 64);
    expect(gradingModel()).toBe(a);
  });

  it('measures a quantized model on a worker thread, to the same numbers as in place, and keeps the event loop free meanwhile', async () => {
    const { model, heldout, measure } = gradingModel();
    expect(measure).toEqual(expect.any(Function));
    const q = quantizeModel(model, { scheme: { kind: 'int', bits: 3, blockSize: 32, scheme: 'asymmetric' } });
    let ticks = 0;
    const timer = setInterval(() => ticks++, 5);
    const [a, b] = await Promise.all([measure!(q), measure!(q)]);
    clearInterval(timer);
    const here = compareWithBaseline(createBaseline(model, heldout), textLogits(q.model, encode(model.manifest, heldout)), q);
    expect(a.perplexity).toBe(here.perplexity);
    expect(a.meanKl).toBe(here.meanKl);
    expect(b).toEqual(a);
    // Two runs of the model take hundreds of ms: on this thread no timer could fire meanwhile.
    expect(ticks).toBeGreaterThan(3);
  });
});
