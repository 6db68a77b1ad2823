/**
 * Grade one submission: compile, run and judge, with any runner. The one grading pipeline, called
 * by every front door (the command line, the exercise page, the lab). Expected values never leave
 * this side: the runner gets the calls only.
 */
import { inputsOf, type PreparedCase } from './cases.ts';
import type { Exercise } from './exercise.ts';
import type { RunCall, Runner } from './run-contract.ts';
import { sandboxReportOf } from './run-report.ts';
import { judge, type Verdict } from './verdict.ts';

/** Wall-clock limit of one submission's whole run, unless the exercise sets its own. */
export const DEFAULT_TIMEOUT_MS = 2000;

/** Where one grading's time went, for the page and the benchmark. */
export interface GradeTimings {
  /** Generating the cases and their calls (overlaps compiling; ~0 when prepared ahead). */
  prepareMs: number;
  /** From starting the run to having the compiled code back (the sandbox may have had it earlier). */
  compileMs: number;
  /** Of compileMs, the time the compiler itself took (the rest is messaging and waiting). */
  esbuildMs: number;
  /** Whether the source had been compiled ahead (compileMs is then the wait for it, often 0). */
  compiledAhead: boolean;
  /** From having the compiled code back to having the run's report. */
  runMs: number;
  /** The time the learner's code and the harness took inside the sandbox. */
  sandboxMs: number;
  /** Comparing outputs with the expected values. */
  judgeMs: number;
  totalMs: number;
}

/** Options of one grading. */
export interface GradeOptions {
  /** Wall-clock limit of the run (default: the exercise's, else DEFAULT_TIMEOUT_MS). */
  timeoutMs?: number;
  /** Called with the grading's timings once it is judged. */
  onTimings?: (timings: GradeTimings) => void;
}

// The calls a sandbox receives depend on the cases alone: one list per cases array, so that a
// runner encodes it for the wire once (and a page can prepare it ahead of a run).
const callLists = new WeakMap<readonly PreparedCase[], readonly RunCall[]>();

/** The calls of `cases` (their inputs only), the same array for the same cases. */
export function runCallsOf(cases: readonly PreparedCase[]): readonly RunCall[] {
  let calls = callLists.get(cases);
  if (calls === undefined) callLists.set(cases, (calls = inputsOf(cases)));
  return calls;
}

/**
 * Grade learner source against prepared cases with `runner`. Pass the cases as a function to
 * generate them while the runner compiles. Never throws for anything the learner wrote.
 */
export async function gradeSubmission(
  ex: Exercise,
  source: string,
  cases: readonly PreparedCase[] | (() => readonly PreparedCase[]),
  runner: Runner,
  options: GradeOptions = {},
): Promise<Verdict> {
  const timeoutMs = options.timeoutMs ?? ex.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const t0 = performance.now();
  // Start compiling first, then build the cases on this thread while the compiler works.
  const started = runner.start(source);
  const prepared = typeof cases === 'function' ? cases() : cases;
  const reported = started.run({ calls: runCallsOf(prepared), exports: ex.functions, limits: { timeoutMs } });
  const tPrepared = performance.now();
  const compiled = await started.compiled;
  const t1 = performance.now();
  if (!compiled.ok) {
    const verdict = await judge(ex, prepared, { kind: 'failed', problem: 'compile', message: compiled.message, at: compiled.at });
    const t3 = performance.now();
    options.onTimings?.({ prepareMs: tPrepared - t0, compileMs: t1 - t0, esbuildMs: started.compilerMs(), compiledAhead: started.compiledAhead, runMs: 0, sandboxMs: 0, judgeMs: t3 - t1, totalMs: t3 - t0 });
    return verdict;
  }
  const report = sandboxReportOf((await reported)!, timeoutMs);
  const t2 = performance.now();
  const verdict = await judge(ex, prepared, report);
  const t3 = performance.now();
  options.onTimings?.({ prepareMs: tPrepared - t0, compileMs: t1 - t0, esbuildMs: started.compilerMs(), compiledAhead: started.compiledAhead, runMs: t2 - t1, sandboxMs: report.kind === 'ran' ? (report.durationMs ?? 0) : 0, judgeMs: t3 - t2, totalMs: t3 - t0 });
  return verdict;
}
