/** `quantcourse vectors`: cases with inputs and expected outputs as JSON, for other graders to reuse. */
import { prepareCases } from '../../grading/cases.ts';
import { loadExercise } from '../content.ts';
import { prettyWire } from '../json.ts';
import { UsageError } from '../submissions.ts';

/** Print `count` hidden cases (plus the visible examples with --examples) for a seed. */
export async function vectorsCommand(o: { exercise?: string; seed?: string; count?: number; examples?: boolean; out?: (s: string) => void }): Promise<number> {
  const out = o.out ?? ((s) => process.stdout.write(s));
  if (!o.exercise) throw new UsageError('Name an exercise: quantcourse vectors <exercise-id> --seed N --count K');
  if (o.seed === undefined) throw new UsageError('vectors needs --seed (the same seed always gives the same cases)');
  const ex = await loadExercise(o.exercise);
  const count = o.count ?? ex.hiddenCount;
  // An assessment's calls have no expected output of their own (its groups are judged as a whole), so they are not vectors.
  const cases = prepareCases(ex, o.seed, count, false).filter((c) => o.examples || !c.visible);
  out(prettyWire({
    exercise: ex.id,
    seed: o.seed,
    functions: ex.functions,
    tolerance: ex.tolerance,
    encoding: 'JSON; NaN, ±Infinity, -0 and typed arrays are objects tagged "$qc" (e.g. {"$qc":"NaN"}, {"$qc":"Uint8Array","d":[...]})',
    ...(ex.check ? { check: 'Cases are judged by the exercise\'s own check (see its statement), not by tolerance: expected is the course\'s answer, not the only right one.' } : {}),
    ...(ex.assessment ? { assessment: 'Not included: this exercise also judges the submission as a whole (see its statement), which needs the course grader.' } : {}),
    cases: cases.map((c) => ({ fn: c.fn, args: c.args, kind: c.kind, visible: c.visible, expected: c.expected })),
  }) + '\n');
  return 0;
}
