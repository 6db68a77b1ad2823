/**
 * What an exercise is: the one definition that the site, the command-line grader and the
 * content checks all read. Its fields are described by the zod schema in ./exercise-schema.ts
 * (`quantcourse docs` prints the descriptions); the site's browser bundle gets a zod-free stand-in
 * for that module (./exercise-schema.browser.ts, see src/build/exercise-schema.mjs), since every
 * spec it contains was validated when the site was built.
 */
import { parseExercise, type Exercise, type ExerciseInput } from './exercise-schema.ts';
import type { Tolerance } from './exercise-types.ts';

export type { Exercise, ExerciseInput };
export type { Assessment, AssessmentGroup, CaseInput, FloatTolerance, Tolerance } from './exercise-types.ts';

/** Validate an exercise definition, with messages that name the field at fault. */
export function defineExercise(input: ExerciseInput): Exercise {
  const ex = parseExercise(input);
  for (const name of ex.functions) {
    if (!(name in ex.reference)) throw new Error(`Exercise ${ex.id}: function "${name}" has no reference implementation`);
  }
  for (const c of ex.examples) {
    if (!ex.functions.includes(c.fn)) throw new Error(`Exercise ${ex.id}: example calls unknown function "${c.fn}"`);
  }
  return ex;
}

/**
 * The tolerance for one output field of one function. Lookup order: "fn.field", "fn", "field", "*".
 * A bare (non-object) return value has field "".
 */
export function toleranceFor(ex: Pick<Exercise, 'tolerance'>, fnName: string, field: string): Tolerance {
  const t = ex.tolerance;
  return (field && t[`${fnName}.${field}`]) || t[fnName] || (field && t[field]) || t['*'] || 'exact';
}
