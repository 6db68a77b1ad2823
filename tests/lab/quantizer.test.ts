/**
 * The learner's quantizer in the lab, on the committed model: it runs through recorded calls (as in
 * the sandbox), its blocks are checked, and the lab's exercise judges as stated.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { evaluateRecipe, labScheme, quantizeModel, quantizerCalls, type Baseline, type BlockQuantizer, type Model, type QuantRecipe } from '../../src/core/model/index.ts';
import { checkLearnerBlocks } from '../../exercises/lab-quantizer/check-blocks.ts';
import { QUANTIZER_CHECK_SETTINGS } from '../../exercises/lab-quantizer/settings.ts';
import { quantizeBlocks } from '../../src/core/quant/blocks.ts';
import { answeredQuantizer, checkedQuantizer } from '../../src/lab/answered-quantizer.ts';
import { judgeQuantizer } from '../../src/lab/quantizer-check.ts';
import { quantizeBlocks as solution } from '../../solutions/quantize-blocks.ts';
import { loadCourseModel } from '../core/course-model.ts';

let model: Model;
let base: Baseline;
beforeAll(() => {
  ({ model, base } = loadCourseModel());
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
    expect(() => answeredQuantizer(new Map())([], 4, 32, 'symmetric', 'output.weight')).toThrow(/output\.weight: no blocks were computed/);
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
    const alwaysSymmetric: BlockQuantizer = (v, bits, bs) => solution(v, bits, bs, 'symmetric');
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
  it('a learner function that drops values is refused with a message naming the matrix', () => {
    const lossy = (v: number[], bits: number, bs: number, s: 'symmetric' | 'asymmetric') => quantizeBlocks(v.slice(1), bits, bs, s);
    expect(() => quantizeModel(model, { scheme: { kind: 'int', bits: 4, blockSize: 32, scheme: 'asymmetric', quantizer: checkedQuantizer(lossy) } }))
      .toThrow(/blk\.0\.attn_q\.weight: block 127 from your quantizer holds 31 values; expected 32/);
  });

  it('refuses answered blocks that break the rules or dequantize to non-finite weights, naming the matrix', () => {
    const scheme = { kind: 'int', bits: 2, blockSize: 32, scheme: 'asymmetric' } as const;
    const calls = quantizerCalls(model, { scheme });
    const answers = new Map<string, unknown>(calls.map((c) => [c.matrix, solution(c.values, c.bits, c.blockSize, c.scheme)]));
    const head = answers.get('output.weight') as ReturnType<BlockQuantizer>;
    answers.set('output.weight', head.slice(1));
    expect(() => quantizeModel(model, { scheme: { ...scheme, quantizer: answeredQuantizer(answers) } })).toThrow(/^output\.weight: your quantizer returned \d+ blocks for \d+ weights in blocks of 32; expected \d+$/);
    answers.set('output.weight', head.map((b, i) => (i === 3 ? { ...b, scale: 1e308, values: b.values.map(() => 3), zero: -1 } : b)));
    expect(() => quantizeModel(model, { scheme: { ...scheme, quantizer: answeredQuantizer(answers) } })).toThrow(/^output\.weight: your quantizer's blocks dequantize to Infinity at weight 96 \(check scale and zero of block 3\)$/);
  });
});
