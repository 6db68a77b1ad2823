/**
 * The lab's judgement of a learner's quantizer at one setting: the model quantized with it against
 * the model quantized with the course's, each measured on the held-out text.
 */
import type { QuantRecipe } from '../core/model/recipe.ts';
import type { VariantResult } from '../core/model/results.ts';
import { QUANTIZER_TOLERANCE, type QuantizerSetting, type QuantizerTolerance } from '../../exercises/lab-quantizer/settings.ts';

/** One setting's verdict: both measures, the reference's and the learner's, and whether each is within tolerance. */
export interface QuantizerCheck {
  passed: boolean;
  perplexity: { reference: number; yours: number; allowed: number; ok: boolean };
  meanKl: { reference: number; yours: number; allowed: number; ok: boolean };
}

/** Judge a learner's result against the reference scheme's at the same setting (`allowed`: how far above the reference). */
export function judgeQuantizer(reference: VariantResult, yours: VariantResult, tol: QuantizerTolerance = QUANTIZER_TOLERANCE): QuantizerCheck {
  const pAllowed = tol.perplexityRel * reference.perplexity;
  const kAllowed = tol.klAbs + tol.klRel * reference.meanKl;
  const pOk = yours.perplexity - reference.perplexity <= pAllowed;
  const kOk = yours.meanKl - reference.meanKl <= kAllowed;
  return {
    passed: pOk && kOk,
    perplexity: { reference: reference.perplexity, yours: yours.perplexity, allowed: pAllowed, ok: pOk },
    meanKl: { reference: reference.meanKl, yours: yours.meanKl, allowed: kAllowed, ok: kOk },
  };
}

/** The recipe a check setting quantizes with: integer blocks for every linear matrix. */
export function settingRecipe(s: QuantizerSetting): QuantRecipe {
  return { scheme: { kind: 'int', ...s } };
}

/** One setting of the lab's check: the judgement of the learner's result against the course's. */
export interface SettingCheck {
  setting: QuantizerSetting;
  check: QuantizerCheck;
}

/**
 * Check a learner's quantizer on the course model at each setting, in order, as the exercise's
 * assessment does: the course's quantizer and the learner's measured at the setting's recipe, judged.
 */
export async function checkQuantizerOnModel(
  settings: readonly QuantizerSetting[],
  measure: { course(recipe: QuantRecipe, index: number): Promise<VariantResult>; yours(recipe: QuantRecipe, index: number): Promise<VariantResult> },
  tolerance: QuantizerTolerance = QUANTIZER_TOLERANCE,
): Promise<SettingCheck[]> {
  const out: SettingCheck[] = [];
  for (const [i, setting] of settings.entries()) {
    const recipe = settingRecipe(setting);
    const course = await measure.course(recipe, i);
    const yours = await measure.yours(recipe, i);
    out.push({ setting, check: judgeQuantizer(course, yours, tolerance) });
  }
  return out;
}
