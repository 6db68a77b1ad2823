/**
 * The lab's machinery on the committed model (tests/core/fast/ holds the SIMD kernel to the plain loops):
 * a run resumed from saved layer states equals a full run, cached generation equals windowed
 * generation, and per-position comparisons gathered from shares equal klStats (the learner's
 * quantizer and the lab's exercise are tested in tests/lab/quantizer.test.ts).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { klStats } from '../../src/core/metrics/kl.ts';
import {
  assembleQuantized, comparePositions, createLayerStates, createStepCache,
  createWorkspace, evaluateRecipe, evaluationWindows, firstChangedLayer, forwardStep, forwardWindow, generate,
  labScheme, logitRows, matrixSensitivity, mixedPrecision, planBitBudget, quantizeModel, referenceRows, runWindows,
  schemeBitsPerWeight, statsFromPositions, withTensors, type Baseline, type MatrixScheme, type Model,
} from '../../src/core/model/index.ts';
import { quantizeBlocks as solution } from '../../solutions/quantize-blocks.ts';
import { loadCourseModel } from './course-model.ts';

let model: Model;
let base: Baseline;
beforeAll(() => {
  ({ model, base } = loadCourseModel());
});

const windows = () => evaluationWindows(base.tokens.length, model.config.context);

describe('forward pass speed-ups give the same numbers', () => {
  it('a run resumed at a layer boundary equals a full run of the variant', () => {
    const states = createLayerStates(model.config, base.targets.length);
    const ws = createWorkspace(model.config);
    expect(runWindows(model, base.tokens, windows(), ws, { states })).toEqual(base.logits);
    const q = quantizeModel(model, { scheme: { kind: 'float' }, overrides: { 'blk.1.ffn_gate.weight': labScheme('q4_0').scheme, 'output.weight': labScheme('q8_0').scheme } }).model;
    const resume = firstChangedLayer(model.config, ['blk.1.ffn_gate.weight', 'output.weight']);
    expect(resume).toBe(1);
    expect(runWindows(q, base.tokens, windows(), ws, { states, resume })).toEqual(runWindows(q, base.tokens, windows(), ws));
    const headOnly = withTensors(model, { 'output.weight': q.tensors['output.weight']! });
    expect(runWindows(headOnly, base.tokens, windows(), ws, { states, resume: 2 })).toEqual(runWindows(headOnly, base.tokens, windows(), ws));
    expect(firstChangedLayer(model.config, ['token_embd.weight', 'output.weight'])).toBe(0);
    expect(firstChangedLayer(model.config, [])).toBe(model.config.layers);
    expect(() => runWindows(model, base.tokens, windows(), ws, { states, resume: 3 })).toThrow(/resume must be a layer boundary 0\.\.2/);
  });

  it('generation through the key/value cache writes what recomputing every window writes', () => {
    const ws = createWorkspace(model.config), cache = createStepCache(model.config);
    const ids = Array.from(base.tokens.subarray(0, 64));
    const step = new Float32Array(model.config.vocabSize), win = new Float32Array(model.config.vocabSize);
    for (let t = 0; t < ids.length; t++) {
      forwardStep(model, ids[t]!, ws, cache, step);
      if (t % 9 === 0 || t === 63) {
        forwardWindow(model, ids, 0, t + 1, ws, win, 0, t);
        expect(step).toEqual(win);
      }
    }
    expect(() => forwardStep(model, 0, ws, cache, step)).toThrow(/holds 64 positions/);
    // Past one context the windows slide; the text must not depend on where the switch happens.
    const long = generate(model, 'Call me Ishmael. ', { length: 120, temperature: 0.7, seed: 3 });
    expect(long).toHaveLength(120);
    expect(generate(model, 'Call me Ishmael. ', { length: 120, temperature: 0.7, seed: 3 })).toBe(long);
  });
});

describe('comparing in shares', () => {
  it('per-position comparisons from two shares give klStats for the whole text, to the bit', () => {
    const q = quantizeModel(model, { scheme: labScheme('q4_0').scheme });
    const logits = runWindows(q.model, base.tokens, windows());
    const V = model.config.vocabSize;
    const whole = klStats(base.rows, logitRows(logits, V), base.targets);
    const half = 40 * 64 * V; // the first 40 windows
    const shares = [[0, half], [half, base.logits.length]].map(([a, b]) => {
      const ref = referenceRows(base.logits.subarray(a, b), base.targets.slice(a! / V, b! / V), V);
      return comparePositions(ref, logits.subarray(a, b));
    });
    expect(statsFromPositions(shares)).toEqual(whole);
    expect(statsFromPositions([comparePositions(referenceRows(base.logits, base.targets, V), logits)])).toEqual(whole);
  });
});

describe('the lab\'s table', () => {
  it('Q2_K survives where naive 2-bit collapses, with fewer bits per weight', () => {
    const q2k = evaluateRecipe(base, { scheme: labScheme('q2_K').scheme });
    const int2 = evaluateRecipe(base, { scheme: labScheme('int2-asym').scheme });
    // 2.625 per full super-block of 256; the output matrix's 339 × 64 weights end in a part-filled one.
    expect(q2k.bitsPerWeight).toBeGreaterThan(2.625);
    expect(q2k.bitsPerWeight).toBeLessThan(2.63);
    expect(q2k.bitsPerWeight).toBeLessThan(int2.bitsPerWeight);
    expect(int2.perplexityChange).toBeGreaterThan(2);
    expect(q2k.perplexity).toBeLessThan(int2.perplexity / 1.5);
    expect(q2k.meanKl).toBeLessThan(int2.meanKl);
  });

  it('assembles a partly quantized model with the float matrices paid for at 32 bits', () => {
    const only = quantizeModel(model, { scheme: labScheme('q4_0').scheme });
    const head = only.matrices.find((m) => m.name === 'output.weight')!;
    const partial = assembleQuantized(model, [{ name: 'output.weight', values: only.model.tensors['output.weight']!, bits: head.bits }]);
    const rest = model.manifest.linear.filter((n) => n !== 'output.weight').reduce((k, n) => k + model.tensors[n]!.length, 0);
    expect(partial.bitsPerWeight).toBeCloseTo((head.bits + 32 * rest) / (rest + head.weights), 12);
    expect(partial.model.tensors['blk.0.attn_q.weight']).toBe(model.tensors['blk.0.attn_q.weight']);
    expect(() => assembleQuantized(model, [{ name: 'token_embd.weight', values: model.tensors['token_embd.weight']!, bits: 1 }])).toThrow(/"token_embd.weight" is not a linear matrix/);
  });
});

describe('which matrices matter, and a bit budget', () => {
  const klAlone = (scheme: MatrixScheme) => async (name: string) => evaluateRecipe(base, { scheme: { kind: 'float' }, overrides: { [name]: scheme } }).meanKl;

  it('matrixSensitivity measures one matrix at a time, in order', async () => {
    const q4 = labScheme('q4_0').scheme;
    const map = await matrixSensitivity(model.manifest.linear, klAlone(q4));
    expect(map.map((m) => m.name)).toEqual(model.manifest.linear);
    expect(map[0]!.meanKl).toBe(evaluateRecipe(base, { scheme: { kind: 'float' }, overrides: { [model.manifest.linear[0]!]: q4 } }).meanKl);
    expect(map.every((m) => m.meanKl > 0)).toBe(true);
  });

  it('mixedPrecision plans with planBitBudget over every choice measured on every matrix', async () => {
    const choices = ['int2-asym', 'q4_0', 'q8_0'].map((id) => ({ id, scheme: labScheme(id).scheme }));
    const matrices = model.manifest.linear.map((name) => ({ name, weights: model.tensors[name]!.length }));
    const asked = new Map<string, number>();
    const plan = await mixedPrecision(matrices, choices, 4.5, async (c, name) => {
      const kl = await klAlone(c.scheme)(name);
      asked.set(`${c.id} ${name}`, kl);
      return kl;
    });
    expect([...asked.keys()]).toEqual(choices.flatMap((c) => matrices.map((m) => `${c.id} ${m.name}`)));
    const options = Object.fromEntries(matrices.map(({ name, weights }) => [name, choices.map((c) => ({
      id: c.id, scheme: c.scheme, bits: schemeBitsPerWeight(c.scheme, weights) * weights, kl: asked.get(`${c.id} ${name}`)!,
    }))]));
    expect(plan).toEqual(planBitBudget(options, 4.5 * matrices.reduce((k, m) => k + m.weights, 0)));
  });
});
