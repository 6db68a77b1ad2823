/**
 * Where the weights come from: the course model (public/model, the model the lab quantizes) through
 * src/lab/load-model.ts, imported lazily so its code loads with the widget's data, not before. If it
 * cannot be loaded, a clearly labelled synthetic stand-in drawn with the core's seeded RNG says why.
 */
import { createRng } from '../../core/index.ts';

/** Weights to draw and a sentence saying where they came from. */
export interface WeightSource { weights: Float64Array; label: string; standIn: boolean }

const STAND_IN_COUNT = 50_000;
const STAND_IN_STD = 0.02;

/** Synthetic Gaussian weights (mean 0, std 0.02, like a trained layer's), the same on every load; `why` ends the label. */
export function standInWeights(why: string): WeightSource {
  const rng = createRng('param-histogram stand-in');
  const weights = Float64Array.from({ length: STAND_IN_COUNT }, () => rng.normal(0, STAND_IN_STD));
  return { weights, label: `Stand-in: ${STAND_IN_COUNT.toLocaleString('en-US')} synthetic Gaussian weights (std ${STAND_IN_STD}), ${why}`, standIn: true };
}

/** The course model's parameters, every tensor in file order; rejects with the loader's reason if loading fails. */
export async function courseModelWeights(): Promise<WeightSource> {
  const { fetchModel } = await import('../../lab/load-model.ts');
  const course = await fetchModel();
  const weights = Float64Array.from(course.allWeights());
  if (weights.length === 0) throw new Error('the course model loaded but holds no weights');
  const c = course.model.config;
  return {
    weights,
    label: `The course model, the ${c.layers}-layer, width-${c.width} character-level transformer trained on Moby-Dick that the lab quantizes: all ${weights.length.toLocaleString('en-US')} of its parameters.`,
    standIn: false,
  };
}
