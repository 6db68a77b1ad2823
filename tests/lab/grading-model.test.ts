/** The course model for grading in Node: read from public/model on first use, once; preloading is the browser's job. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { gradingModel, preloadGradingModel } from '../../src/lab/grading-model.ts';

describe('gradingModel in Node', () => {
  it('reads the committed model and held-out text once, without a preload', async () => {
    await preloadGradingModel(); // no document: nothing to fetch
    const a = gradingModel();
    expect(a.heldout).toBe(readFileSync('public/model/heldout.txt', 'utf8'));
    expect(a.model.manifest.linear).toHaveLength(9);
    expect(a.model.tensors['layers.0.attn.qkv']).toHaveLength(12288);
    expect(gradingModel()).toBe(a);
  });
});
