/** What the lab grades with: the course model, its held-out text, and how the front door measures quantized versions. */
import type { Model, QuantizedModel, VariantResult } from '../core/model/index.ts';

/** Measures a quantized version of the course model on the held-out text (in workers, a worker thread or in place). */
export type Measure = (q: QuantizedModel) => Promise<VariantResult>;

/** The model and the held-out text the lab scores, and how it measures. */
export interface GradingModel {
  model: Model;
  heldout: string;
  measure: Measure;
}
