/**
 * The learner's saved quantizeBlocks: the code the exercise "quantize-blocks" (lesson Outliers and
 * blocks) keeps in this browser's progress store. Small on purpose: the lab reads it on every click,
 * and loads the compiler and sandbox (src/lab/learner.ts) only when the code is actually run.
 */
import { loadState } from '../progress/store.ts';

/** The exercise whose saved code the lab runs. */
export const LEARNER_EXERCISE = 'quantize-blocks';
/** Wall-clock limit for quantizing all fifteen matrices once in the sandbox. */
export const LEARNER_TIMEOUT_MS = 5000;

/** The learner's saved code and whether the exercise has passed, or null when nothing is saved. */
export function savedQuantizer(): { code: string; passed: boolean } | null {
  const entry = loadState().exercises[LEARNER_EXERCISE];
  if (!entry?.code || !entry.code.trim()) return null;
  return { code: entry.code, passed: !!entry.passedAt };
}
