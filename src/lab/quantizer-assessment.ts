/**
 * The lab as an exercise: quantize the course model with the learner's quantizeBlocks at each of the
 * exercise's check settings, measure perplexity and mean KL on the held-out slice, and judge them against
 * the course's quantizer with judgeQuantizer. Only the learner's function runs in the
 * sandbox (it receives each matrix's weights, as in the lab); the model, the reference numbers and the
 * evaluation stay outside it.
 */
import { quantizeModel, quantizerCalls, type QuantizedModel, type VariantResult } from '../core/model/index.ts';
import { quantizeBlocks, type QuantBlock } from '../core/quant/blocks.ts';
import type { Assessment, AssessmentGroup } from '../grading/exercise.ts';
import { settingLabel, type QuantizerSetting, type QuantizerTolerance } from '../../exercises/lab-quantizer/settings.ts';
import { answeredQuantizer } from './answered-quantizer.ts';
import type { GradingModel } from './grading-model.ts';
import { judgeQuantizer, settingRecipe, type QuantizerCheck } from './quantizer-check.ts';

/** What the exercise's spec asks for: the settings and the tolerance (its settings.ts). */
export interface QuantizerAssessmentParams {
  settings: readonly QuantizerSetting[];
  tolerance: QuantizerTolerance;
}

/** Distinct learner models measured per setting and remembered (a class hands in the same mistakes). */
const REMEMBERED = 64;

/**
 * The assessment of a learner's quantizeBlocks on the course model: one group per setting (every
 * linear matrix quantized by the learner), passing when judgeQuantizer says the model is within
 * `tolerance` of the course's at that setting. `source` gives the model and how the front door
 * measures it; it is asked when the groups are first needed.
 */
export function quantizerAssessment(source: () => GradingModel, { settings, tolerance }: QuantizerAssessmentParams): Assessment {
  let groups: AssessmentGroup[] | null = null;
  return { groups: () => (groups ??= settings.map((s) => settingGroup(s, tolerance, source()))) };
}

function settingGroup(s: QuantizerSetting, tolerance: QuantizerTolerance, { model, measure }: GradingModel): AssessmentGroup {
  const recipe = settingRecipe(s);
  const calls = quantizerCalls(model, recipe);
  // The course's blocks are cheap and settle the usual case (a learner who follows the rules); its
  // quantized model and measured result are built only when an answer differs from them.
  let courseBlocks: QuantBlock[][] | null = null;
  let course: Promise<{ quantized: QuantizedModel; result: VariantResult }> | null = null;
  const courseModel = () => {
    if (course) return course;
    const quantized = quantizeModel(model, recipe);
    // A failed measurement is not kept: the next answer measures again.
    course = measure(quantized).then((result) => ({ quantized, result }));
    course.catch(() => (course = null));
    return course;
  };
  const seen = new Map<string, VariantResult>();
  return {
    kind: `the course model quantized with your quantizeBlocks, ${settingLabel(s)}: perplexity and mean KL on the held-out text`,
    calls: calls.map((c) => ({ fn: 'quantizeBlocks', args: [c.values, c.bits, c.blockSize, c.scheme] })),
    async judge(outputs) {
      courseBlocks ??= calls.map((c) => quantizeBlocks(c.values, c.bits, c.blockSize, c.scheme));
      // The course's own blocks make the course's model: nothing to check or run.
      if (outputs.every((out, i) => sameBlocks(out, courseBlocks![i]!))) return null;
      const answers = new Map(calls.map((c, i) => [c.matrix, outputs[i]]));
      // quantizeModel checks the learner's blocks (count, integer codes that fit the bits, finite scales) and says what is wrong.
      const yours = quantizeModel(model, { scheme: { kind: 'int', ...s, quantizer: answeredQuantizer(answers) } });
      // The same weights make the same model: no need to run it again.
      const key = fingerprint(yours);
      const reference = await courseModel();
      let result = sameWeights(yours, reference.quantized) ? reference.result : seen.get(key);
      if (!result) {
        result = await measure(yours);
        if (seen.size >= REMEMBERED) seen.delete(seen.keys().next().value!);
        seen.set(key, result);
      }
      const verdict = judgeQuantizer(reference.result, result, tolerance);
      return verdict.passed ? null : failureText(s, verdict, tolerance);
    },
  };
}

/** What was measured against what was allowed, e.g. for "3-bit asymmetric, blocks of 32". */
export function failureText(s: QuantizerSetting, v: QuantizerCheck, tol: QuantizerTolerance): string {
  const p = v.perplexity, k = v.meanKl;
  const ppl = `perplexity ${p.yours.toFixed(3)} against the course's ${p.reference.toFixed(3)}, allowed up to ${(p.reference + p.allowed).toFixed(3)} (${tol.perplexityRel * 100}% above)${p.ok ? '' : ': too high'}`;
  const kl = `mean KL ${k.yours.toFixed(4)} against the course's ${k.reference.toFixed(4)}, allowed up to ${(k.reference + k.allowed).toFixed(4)} (${tol.klAbs} + ${tol.klRel * 100}% above)${k.ok ? '' : ': too high'}`;
  return `At ${settingLabel(s)} the model quantized with your blocks is outside the tolerance: ${ppl}; ${kl}.`;
}

/** Whether a learner's answer is exactly these blocks: same codes, scale and zero point (Object.is: -0 is not 0). */
function sameBlocks(answer: unknown, blocks: readonly QuantBlock[]): boolean {
  if (!Array.isArray(answer) || answer.length !== blocks.length) return false;
  for (let i = 0; i < blocks.length; i++) {
    const a = answer[i] as Partial<QuantBlock> | null, b = blocks[i]!;
    if (typeof a !== 'object' || a === null || !Object.is(a.scale, b.scale) || !Object.is(a.zero, b.zero)) return false;
    const q = a.values;
    if (!Array.isArray(q) || q.length !== b.values.length) return false;
    for (let j = 0; j < q.length; j++) if (!Object.is(q[j], b.values[j])) return false;
  }
  return true;
}

/** Whether two quantized models hold the same linear weights, to the bit. */
function sameWeights(a: QuantizedModel, b: QuantizedModel): boolean {
  return a.model.manifest.linear.every((name) => {
    const x = a.model.tensors[name]!, y = b.model.tensors[name]!;
    if (x.length !== y.length) return false;
    const xi = new Uint32Array(x.buffer, x.byteOffset, x.length), yi = new Uint32Array(y.buffer, y.byteOffset, y.length);
    for (let i = 0; i < xi.length; i++) if (xi[i] !== yi[i]) return false;
    return true;
  });
}

/** Two 32-bit FNV-1a hashes of every linear weight's bits (64 bits together: a collision is out of reach for a class). */
function fingerprint(q: QuantizedModel): string {
  let h1 = 0x811c9dc5, h2 = 0x01000193 ^ 0x9e3779b9;
  for (const name of q.model.manifest.linear) {
    const t = q.model.tensors[name]!;
    const words = new Uint32Array(t.buffer, t.byteOffset, t.length);
    for (let i = 0; i < words.length; i++) {
      h1 = Math.imul(h1 ^ words[i]!, 0x01000193);
      h2 = Math.imul(h2 ^ words[i]!, 0x5bd1e995) ^ (h2 >>> 15);
    }
  }
  return `${(h1 >>> 0).toString(16)}-${(h2 >>> 0).toString(16)}`;
}
