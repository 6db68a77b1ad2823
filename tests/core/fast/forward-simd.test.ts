/**
 * The forward pass's WebAssembly SIMD kernels (src/core/fast/forward-simd.ts) against the plain loops of
 * src/core/model/forward.ts, on the committed model and on small models whose widths are not multiples of
 * 8 (the kernel's scalar tail): the same logits to the bit.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import {
  createWorkspace, evaluationWindows, expectedTensors, forwardWindow, runWindows, type Baseline, type Model, type ModelConfig,
} from '../../../src/core/model/index.ts';
import { linearModuleBytes } from '../../../src/core/fast/forward-simd.ts';
import { createKernel } from '../../../src/core/fast/forward-kernels.ts';
import { loadCourseModel } from '../course-model.ts';

let model: Model;
let base: Baseline;
beforeAll(() => {
  ({ model, base } = loadCourseModel());
});

const windows = () => evaluationWindows(base.tokens.length, model.config.context);

/** A seeded stream of numbers in (−1, 1) (xorshift32), so a failure can be reproduced. */
function noise(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 2 ** 31 - 1;
  };
}

/** A model of the course's architecture with the given shape and seeded random weights. */
function randomModel(shape: Pick<ModelConfig, 'layers' | 'heads' | 'width' | 'ffnWidth' | 'vocabSize'>, seed: number): Model {
  const config: ModelConfig = { ...shape, context: 16, normEps: 1e-5, ropeBase: 10000 };
  const next = noise(seed);
  const tensors: Record<string, Float32Array> = {};
  for (const t of expectedTensors(config)) {
    const n = t.shape.reduce((a, b) => a * b, 1);
    // Norm gains near 1, matrices scaled as at initialisation so the activations stay ordinary.
    tensors[t.name] = Float32Array.from({ length: n }, () => (t.shape.length === 1 ? 1 + 0.2 * next() : next() / Math.sqrt(t.shape[1]!)));
  }
  // The forward pass reads only config and tensors; the manifest is the course model's, for the type.
  return { manifest: model.manifest, config, tensors };
}

/** s = Σ_i x[t·inDim + i] · wt[i·outDim + o] in order, as the kernel's header states it, added to or replacing out. */
function referenceLinear(x: Float64Array, rows: number, inDim: number, wt: Float64Array, outDim: number, out: Float64Array, accumulate: boolean): void {
  for (let t = 0; t < rows; t++) {
    for (let o = 0; o < outDim; o++) {
      let s = 0;
      for (let i = 0; i < inDim; i++) s += x[t * inDim + i]! * wt[i * outDim + o]!;
      out[t * outDim + o] = accumulate ? out[t * outDim + o]! + s : s;
    }
  }
}

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

  it('every matrix of the course model, the output matrix included, goes through the kernel', () => {
    // The course model's vocabulary (339) is not a multiple of 8: its output matrix needs the kernel's tail.
    expect(model.config.vocabSize % 8).not.toBe(0);
    const ws = createWorkspace(model.config);
    const a = new Float32Array(8 * model.config.vocabSize);
    forwardWindow(model, base.tokens, 0, 8, ws, a);
    // A slot is filled (its source set) only when the kernel multiplies by it; the plain loops leave it empty.
    for (const [name, slot] of ws.simd!.slots) expect(slot.source, name).toBe(model.tensors[name]);
  });

  it('the linear kernel covers any output count: the eight-wide blocks and the scalar tail match the sums in order', () => {
    const next = noise(19);
    for (const outDim of [1, 3, 7, 8, 9, 13, 16, 21, 339]) {
      for (const accumulate of [false, true]) {
        const inDim = 11, pairs = 3, rows = 2 * pairs;
        const k = createKernel(8 * (rows * inDim + inDim * outDim + rows * outDim + 2))!;
        expect(k).not.toBeNull();
        // Views into the kernel's memory, filled in place (a typed array's map would copy).
        const view = (at: number, n: number) => {
          const v = new Float64Array(k.memory.buffer, at, n);
          for (let i = 0; i < n; i++) v[i] = next();
          return v;
        };
        const x = view(0, rows * inDim);
        const wt = view(x.byteOffset + x.byteLength, inDim * outDim);
        const out = view(wt.byteOffset + wt.byteLength, rows * outDim + 2);
        const want = Float64Array.from(out);
        referenceLinear(x, rows, inDim, wt, outDim, want, accumulate);
        k.linear(x.byteOffset, pairs, inDim, wt.byteOffset, outDim, out.byteOffset, accumulate ? 1 : 0);
        // The two values past the last row are untouched: the tail stores only its own outputs.
        expect(out, `outDim ${outDim}, accumulate ${accumulate}`).toEqual(want);
      }
    }
  });

  it('models whose widths, feed-forward widths and vocabularies are not multiples of 8 give the same logits either way', () => {
    const shapes = [
      { layers: 2, heads: 3, width: 24, ffnWidth: 20, vocabSize: 13 }, // head size 8: attention on the kernel too
      { layers: 1, heads: 2, width: 20, ffnWidth: 36, vocabSize: 339 }, // head size 10: attention in plain loops
    ];
    shapes.forEach((shape, n) => {
      const m = randomModel(shape, 7 + n);
      const next = noise(3 + n);
      const tokens = Array.from({ length: 40 }, () => Math.floor(((next() + 1) / 2) * shape.vocabSize));
      const simd = createWorkspace(m.config);
      const plain = createWorkspace(m.config, { simd: false });
      for (const length of [1, 2, 5, 16]) {
        const a = new Float32Array(length * shape.vocabSize), b = new Float32Array(length * shape.vocabSize);
        forwardWindow(m, tokens, 3, length, simd, a);
        forwardWindow(m, tokens, 3, length, plain, b);
        expect(a, `${JSON.stringify(shape)}, window of ${length}`).toEqual(b);
        // The float64 logits before rounding to float32, so a difference in the last bits cannot hide.
        expect(simd.logits.subarray(0, length * shape.vocabSize)).toEqual(plain.logits.subarray(0, length * shape.vocabSize));
      }
      for (const [name, slot] of simd.simd!.slots) expect(slot.source, name).toBe(m.tensors[name]);
    });
  });
});
