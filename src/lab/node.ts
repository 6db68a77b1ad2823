/**
 * The lab as Node's front doors use it (the quantcourse command, the tests): the course model read
 * from public/model on first use, quantized versions measured on a worker thread, and the exercise
 * "lab-quantizer"'s assessment supplied to grading.
 */
import { QUANTIZER_ASSESSMENT } from '../../exercises/lab-quantizer/settings.ts';
import { supplyAssessment } from '../grading/supplied-assessment.ts';
import type { GradingModel } from './grading-model.ts';
import { inProcessMeasure } from './measure/in-process.ts';
import { threadMeasure } from './measure/in-thread.ts';
import { readCourseModel } from './node-model.ts';
import { quantizerAssessment, type QuantizerAssessmentParams } from './quantizer-assessment.ts';

let loaded: GradingModel | null = null;

/** The course model (read once), measured on a worker thread, or in place where no thread can start. */
export function nodeGradingModel(): GradingModel {
  if (loaded) return loaded;
  const { model, heldout } = readCourseModel();
  const thread = threadMeasure(new URL('./measure/thread-entry.ts', import.meta.url), model.manifest.linear);
  loaded = { model, heldout, measure: thread ?? inProcessMeasure(model, heldout) };
  return loaded;
}

/** Supply the lab's assessments to grading in this process (before any exercise is graded). */
export function supplyNodeLab(): void {
  supplyAssessment(QUANTIZER_ASSESSMENT, (params) => quantizerAssessment(nodeGradingModel, params as QuantizerAssessmentParams));
}
