/**
 * The forward pass's WebAssembly SIMD kernels (src/core/fast/forward-simd.ts) against the plain loops of
 * src/core/model/forward.ts, on the committed model: the same logits to the bit.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createWorkspace, evaluationWindows, forwardWindow, runWindows, type Baseline, type Model } from '../../../src/core/model/index.ts';
import { linearModuleBytes } from '../../../src/core/fast/forward-simd.ts';
import { loadCourseModel } from '../course-model.ts';

let model: Model;
let base: Baseline;
beforeAll(() => {
  ({ model, base } = loadCourseModel());
});

const windows = () => evaluationWindows(base.tokens.length, model.config.context);

describe('forward pass speed-ups give the same numbers', () => {
  it('the SIMD kernel is valid WebAssembly and gives the plain loops\' logits to the bit', () => {
    expect(WebAssembly.validate(linearModuleBytes())).toBe(true);
    const simd = createWorkspace(model.config);
    expect(simd.simd).not.toBeNull();
    const loops = runWindows(model, base.tokens, windows(), createWorkspace(model.config, { simd: false }));
    expect(runWindows(model, base.tokens, windows(), simd)).toEqual(loops);
    // A window of odd length takes the kernel's unpaired-row path.
    const a = new Float32Array(37 * model.config.vocabSize), b = new Float32Array(37 * model.config.vocabSize);
    forwardWindow(model, base.tokens, 5, 37, simd, a);
    forwardWindow(model, base.tokens, 5, 37, createWorkspace(model.config, { simd: false }), b);
    expect(a).toEqual(b);
  });
});
