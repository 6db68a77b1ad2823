/** Test helper: grade learner source with the node runner of a sandbox pool (what the CLI does). */
import type { PreparedCase } from '../../src/grading/cases.ts';
import type { Exercise } from '../../src/grading/exercise.ts';
import { gradeSubmission } from '../../src/grading/grade.ts';
import type { Verdict } from '../../src/grading/verdict.ts';
import { nodeRunner } from '../../src/runner/node/index.ts';
import type { SandboxPool } from '../../src/runner/node/pool.ts';

/** gradeSubmission with `pool`'s node runner; `timeoutMs` defaults to the exercise's. */
export function gradeSource(ex: Exercise, source: string, cases: readonly PreparedCase[], pool: SandboxPool, timeoutMs?: number): Promise<Verdict> {
  return gradeSubmission(ex, source, cases, nodeRunner(pool), { timeoutMs });
}
