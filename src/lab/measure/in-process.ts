/** Measuring on the caller's thread (tests, and Node where no worker thread can start): the float model runs once, then each variant. */
import { compareWithBaseline, createBaseline, textLogits, type Baseline, type Model } from '../../core/model/index.ts';
import type { Measure } from '../grading-model.ts';

/** A measurer for quantized versions of `model` on `heldout`, running the model here. */
export function inProcessMeasure(model: Model, heldout: string): Measure {
  let base: Baseline | null = null;
  return async (q) => {
    base ??= createBaseline(model, heldout);
    return compareWithBaseline(base, textLogits(q.model, base.tokens), q);
  };
}
