/**
 * The lab's judgement of a learner's quantizer at one setting: the model quantized with it against
 * the model quantized with the course's, each measured on the held-out text.
 */
import type { VariantResult } from '../core/model/results.ts';
import { QUANTIZER_TOLERANCE, type QuantizerTolerance } from '../../exercises/lab-quantizer/settings.ts';

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
