/** Calling an exercise's reference implementation: the only source of expected outputs. */
import type { CaseInput, Exercise } from './exercise.ts';

/** Run the reference on a copy of the input (so a careless reference cannot alter the case). */
export function expectedFor(ex: Exercise, input: CaseInput): unknown {
  const ref = ex.reference[input.fn] as (...args: unknown[]) => unknown;
  const returned = ref(...structuredClone(input.args));
  // The reference leaves its arguments as they were: so must the learner's code (see CaseInput.argsAfter).
  return input.argsAfter ? { returned, args: input.args } : returned;
}
