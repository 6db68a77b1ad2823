/** The graded results of a run, in the shape every report (JSON, JUnit, Gradescope, table) reads. */
import type { CaseResult, Verdict } from '../../grading/verdict.ts';
import type { MissingProblem, SkippedFile } from '../submissions.ts';

/** A case as reported: `number` (index + 1) is how messages name it ("hidden case 7" is number 7). */
export type NumberedCase = CaseResult & { number?: number };

/** Give each case the number messages call it by, placed right after its 0-based index. */
export function numberCases(cases: readonly CaseResult[]): NumberedCase[] {
  return cases.map(({ index, ...rest }) => ({ index, number: index + 1, ...rest }));
}

/**
 * The compact form of a submission: the failed cases in full; the passed ones only counted (in
 * `passed`) and those that never ran counted in `notRun`. A compact result comes back as it is.
 */
export function compactCases(s: SubmissionResult): SubmissionResult {
  if (s.cases.every((c) => !c.passed && c.message !== 'not run')) return s;
  const failed = s.cases.filter((c) => !c.passed && c.message !== 'not run');
  const notRun = (s.notRun ?? 0) + s.cases.filter((c) => !c.passed && c.message === 'not run').length;
  const { durationMs, ...rest } = s;
  return { ...rest, cases: failed, ...(notRun ? { notRun } : {}), durationMs };
}

/** Failed cases a report keeps per submission (Gradescope's output lists five). */
const HELD_CASES = 5;

/**
 * What the end-of-run reports (table, JUnit, Gradescope) need of a submission: its first few failed
 * cases, with the values of visible ones only when `keepValues` (the table shows a few).
 */
export function heldForReports(s: SubmissionResult, keepValues: boolean): SubmissionResult {
  const failed = s.cases.filter((c) => !c.passed && c.message !== 'not run');
  const firstVisible = failed.find((c) => c.visible);
  const kept = failed.slice(0, HELD_CASES);
  if (firstVisible && !kept.includes(firstVisible)) kept.push(firstVisible);
  const cases = keepValues ? kept : kept.map(({ args: _a, expected: _e, got: _g, ...rest }) => rest);
  return { ...s, cases };
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
  /**
   * Per-case results. Compact output (the default) keeps only the cases that ran and failed: the
   * passed ones are counted in `passed`, those that never ran in `notRun`; `--cases` keeps every case.
   */
  cases: NumberedCase[];
  /** Compact output: how many cases never ran (the run stopped first: a timeout, a crash, a compile error). */
  notRun?: number;
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
