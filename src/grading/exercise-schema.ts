/**
 * The exercise schema (zod): validates a spec and fills in its defaults, with field descriptions
 * that double as the authors' reference (`quantcourse docs` prints them). Node only: the site's
 * browser bundle gets ./exercise-schema.browser.ts in its place (see src/build/exercise-schema.mjs).
 */
import { z } from 'zod';
import type { Rng } from '../core/rng.ts';
import { slugSchema as slug } from '../content/slug.ts';
import type { Assessment, CaseInput } from './exercise-types.ts';
import { EXERCISE_DEFAULTS } from './exercise-defaults.ts';

const floatTolerance = z.object({
  rel: z.number().min(0).describe('Relative tolerance, as a fraction of |expected|.'),
  abs: z.number().min(0).describe('Absolute tolerance, for expected values near zero.'),
});

const tolerance = z.union([z.literal('exact'), z.literal('identical'), floatTolerance]);

const fn = <T>(what: string) =>
  z.custom<T>((v) => typeof v === 'function', { message: `must be a function (${what})` });

/** The schema every exercise spec satisfies. */
export const exerciseSchema = z.object({
  id: slug.describe('Folder name under exercises/ and the id used by `quantcourse grade <id>`.'),
  title: z.string().min(3).describe('Short title shown in the site and in `quantcourse list`.'),
  statement: z
    .string()
    .min(20)
    .describe('What to implement, in Markdown. State the rounding rule and every edge case the reference handles.'),
  functions: z
    .array(z.string().regex(/^[A-Za-z_$][\w$]*$/))
    .min(1)
    .describe('Names the learner must export; each is also a key of `reference`.'),
  reference: z
    .record(z.string(), fn<(...args: never[]) => unknown>('reference implementation'))
    .describe('For each function name, the call into src/core that gives the expected output.'),
  examples: z
    .array(z.object({ fn: z.string(), args: z.array(z.unknown()), kind: z.string() }))
    .min(1)
    .describe('Visible cases: the learner sees their inputs, expected outputs and what came back.'),
  generate: fn<(rng: Rng, index: number) => CaseInput>('(rng, index) => CaseInput').describe(
    'Seeded generator of hidden cases. Use only `rng` for randomness so the same seed gives the same cases.',
  ),
  hiddenCount: z.number().int().min(1).max(2000).default(EXERCISE_DEFAULTS.hiddenCount).describe('How many hidden cases a run draws.'),
  timeoutMs: z
    .number()
    .int()
    .min(100)
    .max(60_000)
    .optional()
    .describe(
      'Wall-clock limit for one run of all the cases, in ms, when the default (2000) is too short for honest code: an assessment that runs the learner over a whole model. `grade --timeout` still overrides it.',
    ),
  tolerance: z
    .record(z.string(), tolerance)
    .default(() => EXERCISE_DEFAULTS.tolerance())
    .describe(
      'Comparison per output: keys are "fn.field", "fn", "field" (a top-level field of a returned object) or "*" (everything else), tried in that order. "exact" for integers and bytes, "identical" when -0 must differ from +0, {rel, abs} for floats. NaN equals NaN.',
    ),
  aboutTies: z
    .boolean()
    .default(EXERCISE_DEFAULTS.aboutTies)
    .describe('True when the exercise is about rounding ties, so its cases may sit on them on purpose.'),
  isNearTie: fn<(input: CaseInput) => boolean>('(input) => boolean')
    .optional()
    .describe(
      'Rejects a generated input that sits on (or within float noise of) a rounding tie. Default: the tie probe (nudge every float input by one ulp; reject when an integer output changes).',
    ),
  tieProbe: fn<(output: unknown, input: CaseInput) => unknown>('(output, input) => integers to compare')
    .optional()
    .describe(
      'Picks the part of an output that a one-ulp nudge of the inputs must not change (default: every integer leaf). Leave out values that legitimately move with the inputs, such as stored scales.',
    ),
  check: fn<(got: unknown, expected: unknown, input: CaseInput) => string | null>('(got, expected, input) => string | null')
    .optional()
    .describe(
      'Judges every case in place of `tolerance`: null when `got` is acceptable, else why not. Shown for hidden cases too, so it must never quote the expected value. For exercises where many answers are right (any quantizer at least as accurate as the reference).',
    ),
  assessment: z
    .custom<Assessment>((v) => typeof v === 'object' && v !== null && typeof (v as Assessment).groups === 'function', { message: 'must be an object with groups()' })
    .optional()
    .describe(
      'A judgement of the submission as a whole after its cases: groups of sandbox calls (e.g. quantize every matrix of the course model at one setting) each judged together outside the sandbox, one result per group.',
    ),
  rules: z
    .array(
      z.object({
        id: slug.describe('Names the rule; a wrong variant names it on its `// breaks: <id>` line.'),
        states: z
          .string()
          .min(3)
          .describe('The words of `statement` that state the rule, quoted exactly (`quantcourse check` proves they appear there).'),
      }),
    )
    .default(() => [])
    .describe(
      'Every rule the statement states (a formula, a rounding rule, an edge case, a tie rule, "leave the input unchanged"). Each needs at least one wrong variant, solutions/wrong/<exercise-id>/<name>.ts: the solution with that one rule broken as a learner would break it, starting `// breaks: <rule id>`. `quantcourse check` proves every variant fails under every seed, so the hidden cases test every rule. A rule the grader cannot test is not stated as a rule. An exercise with no rules loads (while drafting) but fails `check`.',
    ),
  hints: z.array(z.string().min(5)).min(1).describe('Progressive hints, gentlest first; the last may nearly give it away.'),
});

/** An exercise as authors write it (defaults optional). */
export type ExerciseInput = z.input<typeof exerciseSchema>;
/** An exercise after validation (defaults filled in). */
export type Exercise = z.output<typeof exerciseSchema>;

/** Validate a spec and fill in its defaults, with messages that name the field at fault. */
export function parseExercise(input: ExerciseInput): Exercise {
  const parsed = exerciseSchema.safeParse(input);
  if (!parsed.success) {
    const id = typeof (input as { id?: unknown }).id === 'string' ? (input as { id: string }).id : '(no id)';
    const problems = parsed.error.issues.map((i) => `  - ${i.path.join('.') || '(root)'}: ${i.message}`).join('\n');
    throw new Error(`Exercise ${id} is not valid:\n${problems}`);
  }
  return parsed.data;
}
