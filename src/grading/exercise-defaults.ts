/** Defaults of an exercise spec's optional fields: the schema and its browser stand-in both fill them in from here. */
import type { Tolerance } from './exercise-types.ts';

export const EXERCISE_DEFAULTS = {
  hiddenCount: 100,
  /** A fresh object per spec. */
  tolerance: (): Record<string, Tolerance> => ({ '*': 'exact' }),
  aboutTies: false,
};
