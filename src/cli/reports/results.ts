/** The graded results of a run, in the shape every report (JSON, JUnit, Gradescope, table) reads. */
import type { CaseResult, Verdict } from '../../grading/verdict.ts';
import type { MissingProblem, SkippedFile } from '../submissions.ts';

/** A case as reported: `number` (index + 1) is how messages name it ("hidden case 7" is number 7). */
export type NumberedCase = CaseResult & { number?: number };

/** Give each case the number messages call it by, placed right after its 0-based index. */
export function numberCases(cases: readonly CaseResult[]): NumberedCase[] {
  return cases.map(({ index, ...rest }) => ({ index, number: index + 1, ...rest }));
}

/** One graded submission, as written to --json. */
export interface SubmissionResult {
  file: string;
  student?: string;
  exercise: string;
  status: Verdict['status'];
  passed: number;
  total: number;
  message: string;
  /** Why nothing (or not everything) ran: the sandbox's problems, or a missing, empty or unreadable file. */
  problem?: Verdict['problem'] | MissingProblem | 'empty';
  cases: NumberedCase[];
  durationMs: number;
}

/** The whole run, as written to --json. */
export interface RunResults {
  exercise?: string;
  seed: string;
  /** Which share of the class this run graded (`grade --shard i/n`); absent for a whole class or a merge. */
  shard?: { index: number; count: number };
  /** Files of a class folder that were not graded, each with the reason (class runs, when there are any). */
  skipped?: SkippedFile[];
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
