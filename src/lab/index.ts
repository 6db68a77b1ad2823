/**
 * The lab's entry for the site: the course model, the learner's saved quantizer, the evaluation
 * engine, the judgement of a quantizer, and the exercise "lab-quantizer"'s assessment for the page.
 * Widgets reach grading and the runner only through here; heavy parts load when first used.
 */
import { QUANTIZER_ASSESSMENT } from '../../exercises/lab-quantizer/settings.ts';
import { supplyAssessment } from '../grading/supplied-assessment.ts';

export { courseModel, fetchModel, modelUrl, siteBase, type CourseModel } from './load-model.ts';
export { createEngine, type Engine, type Evaluation, type LearnerCode, type Prepared } from './measure/engine.ts';
export type { Replacements } from './measure/protocol.ts';
export type { NextCharFigures, PromptFigures, PromptVariant, TablePosition } from './next-chars.ts';
export { checkQuantizerOnModel, judgeQuantizer, settingRecipe, type QuantizerCheck, type SettingCheck } from './quantizer-check.ts';
export { LEARNER_EXERCISE, LEARNER_TIMEOUT_MS, savedQuantizer } from './saved.ts';

/** Start the compiler for the learner's code early (loading the sandbox runner only now). */
export function warmLearnerRunner(): void {
  void import('./learner.ts').then((m) => m.warmLearnerRunner());
}

/** Supply the lab's assessments to grading in a page: the page's code (model, workers) loads when an exercise needs it. */
export function supplyPageLab(): void {
  supplyAssessment(QUANTIZER_ASSESSMENT, (params) => import('./page.ts').then((m) => m.pageQuantizerAssessment(params)));
}
