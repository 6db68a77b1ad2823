/**
 * Where the weights come from: the course model through src/lab/load-model.ts's fetchModel() once that
 * module exists (found at build time, so this file needs no change when it lands), otherwise a clearly
 * labelled synthetic stand-in drawn with the core's seeded RNG.
 */
import { createRng } from '../../core/index.ts';

/** Weights to draw and a sentence saying where they came from. */
export interface WeightSource { weights: Float64Array; label: string; standIn: boolean }

const STAND_IN_COUNT = 50_000;
const STAND_IN_STD = 0.02;

/** Synthetic Gaussian weights (mean 0, std 0.02, like a trained layer's), the same on every load. */
export function standInWeights(): WeightSource {
  const rng = createRng('param-histogram stand-in');
  const weights = Float64Array.from({ length: STAND_IN_COUNT }, () => rng.normal(0, STAND_IN_STD));
  return { weights, label: `Stand-in: ${STAND_IN_COUNT.toLocaleString('en-US')} synthetic Gaussian weights (std ${STAND_IN_STD}) until the course model lands.`, standIn: true };
}

// Vite resolves this at build time: {} until the lab's loader exists, then a lazy import of it.
const labLoaders = import.meta.glob<{ fetchModel: () => Promise<unknown> }>('../../lab/load-model.ts');

/** Every number in typed arrays or numeric arrays nested (up to a few levels) inside a loaded model. */
function collectNumbers(x: unknown, out: number[], depth = 0): void {
  if (depth > 4 || x === null || typeof x !== 'object') return;
  if (ArrayBuffer.isView(x) && !(x instanceof DataView)) {
    for (const v of Array.from(x as unknown as ArrayLike<number>)) if (typeof v === 'number' && Number.isFinite(v)) out.push(v);
    return;
  }
  if (Array.isArray(x) && x.length > 0 && typeof x[0] === 'number') {
    for (const v of x) if (typeof v === 'number' && Number.isFinite(v)) out.push(v);
    return;
  }
  for (const v of Array.isArray(x) ? x : Object.values(x)) collectNumbers(v, out, depth + 1);
}

/** The course model's weights, or null when its loader does not exist yet; throws with a reason if loading fails. */
export async function courseModelWeights(): Promise<WeightSource | null> {
  const load = Object.values(labLoaders)[0];
  if (!load) return null;
  const model = await (await load()).fetchModel();
  const numbers: number[] = [];
  collectNumbers(model, numbers);
  if (numbers.length === 0) throw new Error('the course model loaded but no weights were found in it');
  return { weights: Float64Array.from(numbers), label: `The course model: all ${numbers.length.toLocaleString('en-US')} of its parameters.`, standIn: false };
}
