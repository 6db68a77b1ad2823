/** The graded results of a run, in the shape every report (JSON, JUnit, Gradescope, table) reads. */
import type { CaseResult, Verdict } from '../../grading/verdict.ts';

/** One graded submission, as written to --json. */
export interface SubmissionResult {
  file: string;
  student?: string;
  exercise: string;
  status: Verdict['status'];
  passed: number;
  total: number;
  message: string;
  problem?: Verdict['problem'];
  cases: CaseResult[];
  durationMs: number;
}

/** The whole run, as written to --json. */
export interface RunResults {
  exercise?: string;
  seed: string;
  /** Which share of the class this run graded (`grade --shard i/n`); absent for a whole class or a merge. */
  shard?: { index: number; count: number };
  submissions: SubmissionResult[];
}

/** Whether every submission passed (the exit code is 0 only then). */
export function allPassed(r: RunResults): boolean {
  return r.submissions.length > 0 && r.submissions.every((s) => s.status === 'passed');
}

/** "ada/quantize-blocks" or the file name: how a submission is named in reports. */
export function submissionName(s: Pick<SubmissionResult, 'student' | 'exercise' | 'file'>): string {
  return s.student ? `${s.student}/${s.exercise}` : `${s.exercise} (${s.file})`;
}
