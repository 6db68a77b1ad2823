/**
 * The site's browser bundle gets this module in place of ./exercise-schema.ts (src/build/exercise-schema.mjs):
 * it fills in a spec's defaults as the schema does, without zod (~90 KB of JavaScript, and ~0.1 s of
 * a slow phone's main thread to build the schema and check a spec, on the way to an editor). Every
 * spec in the bundle was validated by the schema when the site was built (Exercise.astro renders
 * each one on the server); tests/grading/exercise-schema.test.ts checks that both give the same exercise.
 */
import type { Exercise, ExerciseInput } from './exercise-schema.ts';
import { EXERCISE_DEFAULTS } from './exercise-defaults.ts';

export type { Exercise, ExerciseInput };

/** The spec with its defaults filled in (validated at build time, not here). */
export function parseExercise(input: ExerciseInput): Exercise {
  return {
    ...input,
    hiddenCount: input.hiddenCount ?? EXERCISE_DEFAULTS.hiddenCount,
    tolerance: input.tolerance ?? EXERCISE_DEFAULTS.tolerance(),
    aboutTies: input.aboutTies ?? EXERCISE_DEFAULTS.aboutTies,
    rules: input.rules ?? [],
  };
}
