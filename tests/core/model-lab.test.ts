/**
 * The lab's machinery on the committed model (tests/core/fast/ holds the SIMD kernel to the plain loops):
 * a run resumed from saved layer states equals a full run, cached generation equals windowed
 * generation, per-position comparisons gathered from shares equal klStats, the learner's quantizer
 * runs through recorded calls, its blocks are checked, and the lab's exercise judges as stated.
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { klStats } from '../../src/core/metrics/kl.ts';
import {
  answeredQuantizer, assembleQuantized, checkLearnerBlocks, comparePositions, createBaseline, createLayerStates, createStepCache,
  createWorkspace, evaluateRecipe, evaluationWindows, firstChangedLayer, forwardStep, forwardWindow, generate, judgeQuantizer,
  labScheme, loadModel, logitRows, quantizeModel, quantizerCalls, QUANTIZER_CHECK_SETTINGS, referenceRows, runWindows,
  statsFromPositions, withTensors, type Baseline, type LearnerQuantizer, type Model, type QuantRecipe,
} from '../../src/core/model/index.ts';
import { quantizeBlocks as solution } from '../../solutions/quantize-blocks.ts';

const dir = new URL('../../public/model/', import.meta.url);
let model: Model;
let base: Baseline;
beforeAll(() => {
  model = loadModel(JSON.parse(readFileSync(new URL('manifest.json', dir), 'utf8')), readFileSync(new URL('weights.bin', dir)));
  base = createBaseline(model, readFileSync(new URL('heldout.txt', dir), 'utf8'));
});

const windows = () => evaluationWindows(base.tokens.length, model.config.context);

describe('forward pass speed-ups give the same numbers', () => {
  it('a run resumed at a layer boundary equals a full run of the variant', () => {
    const states = createLayerStates(model.config, base.targets.length);
    const ws = createWorkspace(model.config);
    expect(runWindows(model, base.tokens, windows(), ws, { states })).toEqual(base.logits);
    const q = quantizeModel(model, { scheme: { kind: 'float' }, overrides: { 'layers.1.mlp.fc1': labScheme('q4_0').scheme, head: labScheme('q8_0').scheme } }).model;
    const resume = firstChangedLayer(model.config, ['layers.1.mlp.fc1', 'head']);
    expect(resume).toBe(1);
    expect(runWindows(q, base.tokens, windows(), ws, { states, resume })).toEqual(runWindows(q, base.tokens, windows(), ws));
    const headOnly = withTensors(model, { head: q.tensors.head! });
    expect(runWindows(headOnly, base.tokens, windows(), ws, { states, resume: 2 })).toEqual(runWindows(headOnly, base.tokens, windows(), ws));
    expect(firstChangedLayer(model.config, ['tok_emb', 'head'])).toBe(0);
    expect(firstChangedLayer(model.config, [])).toBe(model.config.layers);
    expect(() => runWindows(model, base.tokens, windows(), ws, { states, resume: 3 })).toThrow(/resume must be a layer boundary 0\.\.2/);
  });

  it('generation through the key/value cache writes what recomputing every window writes', () => {
    const ws = createWorkspace(model.config), cache = createStepCache(model.config);
    const ids = Array.from(base.tokens.subarray(0, 64));
    const step = new Float32Array(80), win = new Float32Array(80);
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
    const whole = klStats(base.rows, logitRows(logits, 80), base.targets);
    const half = 40 * 64 * 80; // the first 40 windows
    const shares = [[0, half], [half, base.logits.length]].map(([a, b]) => {
      const ref = referenceRows(base.logits.subarray(a, b), base.targets.slice(a! / 80, b! / 80), 80);
      return comparePositions(ref, logits.subarray(a, b));
    });
    expect(statsFromPositions(shares)).toEqual(whole);
    expect(statsFromPositions([comparePositions(referenceRows(base.logits, base.targets, 80), logits)])).toEqual(whole);
  });
});

describe('the learner\'s quantizer', () => {
  const scheme = { kind: 'int', bits: 4, blockSize: 32, scheme: 'asymmetric' } as const;

  it('runs through recorded calls (as in the sandbox) and matches calling it directly, outlier table included', () => {
    for (const recipe of [{ scheme }, { scheme, outlierFraction: 0.001 }, { scheme: { ...scheme, blockSize: 'tensor' as const } }] as QuantRecipe[]) {
      const calls = quantizerCalls(model, recipe);
      expect(calls.map((c) => c.matrix)).toEqual(model.manifest.linear);
      const answers = new Map(calls.map((c) => [c.matrix, solution(c.values, c.bits, c.blockSize, c.scheme)]));
      const viaAnswers = quantizeModel(model, { ...recipe, scheme: { ...(recipe.scheme as typeof scheme), quantizer: answeredQuantizer(answers) } });
      const direct = quantizeModel(model, { ...recipe, scheme: { ...(recipe.scheme as typeof scheme), quantizer: solution } });
      for (const name of model.manifest.linear) expect(viaAnswers.model.tensors[name]).toEqual(direct.model.tensors[name]);
      expect(viaAnswers.bitsPerWeight).toBe(direct.bitsPerWeight);
    }
    expect(quantizerCalls(model, { scheme: labScheme('q4_0').scheme })).toEqual([]);
    expect(() => answeredQuantizer(new Map())([], 4, 32, 'symmetric', 'head')).toThrow(/head: no blocks were computed/);
  });

  it('refuses blocks that do not pay for their bits, naming the matrix and block', () => {
    const good = () => solution([0.1, -0.2, 0.3, 0.05, 0.4], 2, 2, 'asymmetric');
    expect(() => checkLearnerBlocks(good(), 5, 2, 2, 'm')).not.toThrow();
    expect(() => checkLearnerBlocks('nope', 5, 2, 2, 'm')).toThrow(/m: your quantizer returned string, not an array of blocks/);
    expect(() => checkLearnerBlocks(good().slice(1), 5, 2, 2, 'm')).toThrow(/returned 2 blocks for 5 weights in blocks of 2; expected 3/);
    expect(() => checkLearnerBlocks(good().map((b, i) => (i === 1 ? { ...b, values: [0.5, 1] } : b)), 5, 2, 2, 'm')).toThrow(/block 1, value 0 from your quantizer is 0\.5; codes must be integers/);
    expect(() => checkLearnerBlocks(good().map((b, i) => (i === 2 ? { ...b, values: [9] } : b)).map((b, i) => (i === 0 ? { ...b, values: [-4, 3] } : b)), 5, 2, 2, 'm'))
      .toThrow(/block 0 from your quantizer uses codes -4 to 3, more than the 4 values 2 bits can hold/);
    expect(() => checkLearnerBlocks(good().map((b) => ({ ...b, scale: NaN })), 5, 2, 2, 'm')).toThrow(/block 0 .* finite numeric scale and zero/);
    expect(() => checkLearnerBlocks(good().map((b, i) => (i === 2 ? { ...b, values: [1, 2] } : b)), 5, 2, 2, 'm')).toThrow(/block 2 from your quantizer holds 2 values; expected 1/);
  });

  it('the lab\'s exercise: the reference solution passes at every setting, a quantizer that ignores the scheme does not', () => {
    const alwaysSymmetric: LearnerQuantizer = (v, bits, bs) => solution(v, bits, bs, 'symmetric');
    const verdicts = QUANTIZER_CHECK_SETTINGS.map((s) => {
      const ref = evaluateRecipe(base, { scheme: { kind: 'int', ...s } });
      return {
        solution: judgeQuantizer(ref, evaluateRecipe(base, { scheme: { kind: 'int', ...s, quantizer: solution } })),
        wrong: judgeQuantizer(ref, evaluateRecipe(base, { scheme: { kind: 'int', ...s, quantizer: alwaysSymmetric } })),
      };
    });
    expect(verdicts.map((v) => v.solution.passed)).toEqual(QUANTIZER_CHECK_SETTINGS.map(() => true));
    expect(verdicts.map((v) => v.wrong.passed)).toEqual(QUANTIZER_CHECK_SETTINGS.map((s) => s.scheme === 'symmetric'));
    // Better than the reference passes; worse by more than the tolerance fails.
    const ref = evaluateRecipe(base, { scheme: { kind: 'int', bits: 4, blockSize: 32, scheme: 'asymmetric' } });
    expect(judgeQuantizer(ref, { ...ref, perplexity: ref.perplexity * 0.9, meanKl: ref.meanKl / 2 }).passed).toBe(true);
    expect(judgeQuantizer(ref, { ...ref, perplexity: ref.perplexity * 1.011 }).perplexity.ok).toBe(false);
    expect(judgeQuantizer(ref, { ...ref, meanKl: ref.meanKl * 1.05 + 0.0051 }).meanKl.ok).toBe(false);
  });
});

describe('the lab\'s table', () => {
  it('Q2_K survives where naive 2-bit collapses, with fewer bits per weight', () => {
    const q2k = evaluateRecipe(base, { scheme: labScheme('q2_K').scheme });
    const int2 = evaluateRecipe(base, { scheme: labScheme('int2-asym').scheme });
    expect(q2k.bitsPerWeight).toBe(2.625);
    expect(q2k.bitsPerWeight).toBeLessThan(int2.bitsPerWeight);
    expect(int2.perplexityChange).toBeGreaterThan(2);
    expect(q2k.perplexity).toBeLessThan(int2.perplexity / 1.5);
    expect(q2k.meanKl).toBeLessThan(int2.meanKl);
  });

  it('assembles a partly quantized model with the float matrices paid for at 32 bits', () => {
    const only = quantizeModel(model, { scheme: labScheme('q4_0').scheme });
    const head = only.matrices.find((m) => m.name === 'head')!;
    const partial = assembleQuantized(model, [{ name: 'head', values: only.model.tensors.head!, bits: head.bits }]);
    const rest = model.manifest.linear.filter((n) => n !== 'head').reduce((k, n) => k + model.tensors[n]!.length, 0);
    expect(partial.bitsPerWeight).toBeCloseTo((head.bits + 32 * rest) / (rest + head.weights), 12);
    expect(partial.model.tensors['layers.0.attn.qkv']).toBe(model.tensors['layers.0.attn.qkv']);
    expect(() => assembleQuantized(model, [{ name: 'tok_emb', values: model.tensors.tok_emb!, bits: 1 }])).toThrow(/"tok_emb" is not a linear matrix/);
  });
});
