/**
 * What the exercise "lab-quantizer" asks of a quantizer on the course model, as plain data: the
 * settings it is measured at and how close to the course's quantizer it must come.
 */
import type { Scheme } from '../../src/core/quant/blocks.ts';

/** The name under which the course's grader supplies the exercise's assessment on the course model. */
export const QUANTIZER_ASSESSMENT = 'course-model-quantizer';

/** One setting the learner's quantizer is measured at. */
export interface QuantizerSetting {
  bits: number;
  blockSize: number;
  scheme: Scheme;
}

/** "4-bit asymmetric, blocks of 32". */
export const settingLabel = (s: QuantizerSetting): string => `${s.bits}-bit ${s.scheme}, blocks of ${s.blockSize}`;

/**
 * The settings at which the lab checks a learner's quantizeBlocks against the course's. Each costs a
 * run of the learner's function over every weight and a model evaluation, so two: asymmetric at 4
 * and 3 bits catch a coarser grid and an ignored `scheme` (what each costs: lessons/data/lab-figures.json);
 * the exercise's hidden rows hold the symmetric branch to the course's error.
 */
export const QUANTIZER_CHECK_SETTINGS: readonly QuantizerSetting[] = [
  { bits: 4, blockSize: 32, scheme: 'asymmetric' },
  { bits: 3, blockSize: 32, scheme: 'asymmetric' },
];

/**
 * How close a learner's quantizer must come to the course's at each check setting: perplexity at most
 * 1% above the reference's, mean KL at most 0.005 nats plus 5% of the reference's above it. Doing
 * better passes: the bits are fixed by the setting (checkLearnerBlocks), so better is just better.
 */
export const QUANTIZER_TOLERANCE = { perplexityRel: 0.01, klAbs: 0.005, klRel: 0.05 } as const;

/** How far above the course's quantizer a learner's may measure (the shape of QUANTIZER_TOLERANCE). */
export type QuantizerTolerance = { readonly perplexityRel: number; readonly klAbs: number; readonly klRel: number };
