/**
 * The lab as the course's page uses it for grading: the course model fetched once when the exercise
 * "lab-quantizer" opens (only that exercise pays for it), and quantized versions measured in the
 * lab's evaluation workers, since a second of running the model would freeze the page.
 */
import type { Assessment } from '../grading/exercise.ts';
import type { GradingModel } from './grading-model.ts';
import { fetchModel } from './load-model.ts';
import { workerMeasure } from './measure/in-workers.ts';
import { quantizerAssessment, type QuantizerAssessmentParams } from './quantizer-assessment.ts';

let loaded: GradingModel | null = null;
let failure: Error | null = null;

/** Fetch the model (once); a failure is kept and reported by the run that needs the model. */
async function preparePageModel(): Promise<void> {
  if (loaded) return;
  try {
    const { model, heldout } = await fetchModel();
    loaded = { model, heldout, measure: workerMeasure(model, heldout) };
    failure = null;
  } catch (e) {
    // Reported when a run needs the model, as that run's problem, rather than breaking the editor.
    failure = new Error(`${e instanceof Error ? e.message : String(e)} (reload the page to try again)`);
  }
}

/** The fetched model, or an error saying why it is missing. */
function pageGradingModel(): GradingModel {
  if (loaded) return loaded;
  if (failure) throw failure;
  throw new Error('the course model is not loaded yet: reload the page to fetch it again');
}

/** The exercise's assessment in a page: `prepare` fetches the model. */
export function pageQuantizerAssessment(params: unknown): Assessment {
  return { ...quantizerAssessment(pageGradingModel, params as QuantizerAssessmentParams), prepare: preparePageModel };
}
