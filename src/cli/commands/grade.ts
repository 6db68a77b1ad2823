/** `quantcourse grade`: grade named files for one exercise, or a whole class folder. */
import { readFileSync } from 'node:fs';
import { prepareCases, type PreparedCase } from '../../grading/cases.ts';
import type { Exercise } from '../../grading/exercise.ts';
import { gradeSubmission } from '../../grading/grade.ts';
import type { Runner } from '../../grading/run-contract.ts';
import { nodeRunner } from '../../runner/node/index.ts';
import { SandboxPool } from '../../runner/node/pool.ts';
import { exerciseIds, loadExercise } from '../content.ts';
import { checkOutputs, writeOutputs, type OutputFile } from '../outputs.ts';
import { toGradescope } from '../reports/gradescope.ts';
import { toJunit } from '../reports/junit.ts';
import { InOrder } from '../in-order.ts';
import { JsonListWriter } from '../json.ts';
import { ProgressBar, type ProgressStream } from '../progress.ts';
import { ClassSummary } from '../reports/class-summary.ts';
import { toHtmlReport } from '../reports/html-report.ts';
import { allPassed, compactCases, heldForReports, numberCases, type RunResults, type SubmissionResult } from '../reports/results.ts';
import { toTable } from '../reports/table.ts';
import { classFolder, namedFiles, NO_EXERCISE, OTHER_EXERCISE, parseShard, shard, UsageError, type SkippedFile, type Submission } from '../submissions.ts';

/** Options of `grade`, already parsed. */
export interface GradeOptions {
  all?: string;
  seed?: string;
  timeout?: number;
  jobs?: number;
  json?: boolean;
  /** With json: every case of every submission, not only the failed ones. */
  cases?: boolean;
  /** Write the class report (HTML) to this file. */
  report?: string;
  junit?: string;
  gradescope?: string;
  shard?: string;
  exercise?: string;
  files: string[];
  /** Where progress and the table go (tests pass their own). */
  out?: (s: string) => void;
  err?: (s: string) => void;
  isTTY?: boolean;
  /** Where the progress bar is drawn (default process.stderr; drawn only when it is a terminal). */
  progress?: ProgressStream;
}

/** A fresh random seed, printed so a run can be repeated. */
export function randomSeed(): string {
  return Math.floor(Math.random() * 2 ** 32).toString(16).padStart(8, '0');
}

/** Failing submissions whose example values the table shows (toTable's default `details`). */
const TABLE_DETAILS = 3;

/** Grade and report; resolves to the process exit code (0 only when every submission passed). */
export async function gradeCommand(o: GradeOptions): Promise<number> {
  const out = o.out ?? ((s) => process.stdout.write(s));
  const err = o.err ?? ((s) => process.stderr.write(s));
  const tty = o.isTTY ?? (process.stdout.isTTY === true);
  // An empty --seed is almost always a CI secret that is not set: every shard would share a guessable seed.
  if (o.seed !== undefined && o.seed.trim() === '') throw new UsageError('--seed is empty (is the secret that should hold it set?). Pass a secret seed, or leave --seed out for a random one.');
  const seed = o.seed ?? randomSeed();
  // Every report file is proved writable before the class is graded, not found unwritable after.
  const outputs: OutputFile[] = [
    ...(o.junit !== undefined ? [{ option: '--junit', file: o.junit }] : []),
    ...(o.gradescope !== undefined ? [{ option: '--gradescope', file: o.gradescope }] : []),
    ...(o.report !== undefined ? [{ option: '--report', file: o.report }] : []),
  ];
  checkOutputs(outputs);
  if (o.cases && !o.json) throw new UsageError('--cases says what --json prints: use it with --json');
  let subs: Submission[];
  let skipped: SkippedFile[] = [];
  if (o.all) {
    if (o.exercise) await loadExercise(o.exercise); // an unknown id fails before the folder is read
    const found = classFolder(o.all, exerciseIds(), o.exercise);
    subs = found.submissions;
    skipped = found.skipped;
  } else {
    if (!o.exercise) throw new UsageError('Name an exercise: quantcourse grade <exercise-id> <file.ts>... (or --all <dir>)');
    await loadExercise(o.exercise); // an unknown id fails before any file is read
    subs = namedFiles(o.exercise, o.files);
  }
  if (o.shard) {
    ({ submissions: subs, skipped } = shard(subs, o.shard, skipped));
    // More shards than students leaves some empty: that job has nothing to grade, which is no failure.
    if (subs.length === 0) err(`Shard ${o.shard} has no students (the class has fewer students than shards); writing empty results.\n`);
  }
  if (skipped.length) err(skippedText(skipped));

  // The sandbox processes start while the cases are built.
  const pool = new SandboxPool({ size: o.jobs });
  if (subs.some((s) => !s.missing)) pool.start();
  const runner = nodeRunner(pool);
  const head = { ...(o.all ? {} : { exercise: o.exercise }), seed, ...(o.shard ? { shard: parseShard(o.shard) } : {}), ...(skipped.length ? { skipped } : {}) };
  // Each result goes, in the class's order, to the JSON on stdout (written as it comes), to the class
  // report's counts, and to a slim copy for the table, JUnit and Gradescope: no submission's every
  // case is held past its turn, so memory grows with the class's size, not with its cases.
  const json = o.json ? new JsonListWriter(out, head, 'submissions') : undefined;
  const summary = o.report !== undefined ? new ClassSummary() : undefined;
  const held: SubmissionResult[] = [];
  let withValues = 0;
  const inOrder = new InOrder<SubmissionResult>((r) => {
    json?.add(o.cases ? r : compactCases(r));
    summary?.add(r);
    // The table shows a failed example's values for its first few failures only.
    const keepValues = r.status !== 'passed' && withValues < TABLE_DETAILS;
    if (keepValues) withValues++;
    held.push(heldForReports(r, keepValues));
  });
  const bar = new ProgressBar(o.progress ?? process.stderr, subs.length);
  const showProgress = subs.length > 1 && bar.active;
  try {
    const exercises = new Map<string, { ex: Exercise; cases: PreparedCase[] }>();
    for (const id of new Set(subs.map((s) => s.exercise).filter((id) => id !== NO_EXERCISE))) {
      const ex = await loadExercise(id);
      exercises.set(id, { ex, cases: prepareCases(ex, seed) });
    }
    let done = 0, next = 0;
    const worker = async () => {
      while (next < subs.length) {
        const i = next++;
        inOrder.put(i, await gradeOne(subs[i]!, exercises.get(subs[i]!.exercise), runner, o.timeout));
        done++;
        if (showProgress) bar.update(done);
      }
    };
    // Enough in flight to fill every process's line, plus one per process being compiled or judged.
    await Promise.all(Array.from({ length: pool.capacity + pool.size }, worker));
  } finally {
    await pool.close();
  }
  if (showProgress) bar.finish();
  json?.end();

  const run: RunResults = { ...head, submissions: held };
  const notWritten = writeOutputs([
    ...(o.junit !== undefined ? [{ option: '--junit', file: o.junit, text: () => toJunit(run) }] : []),
    ...(o.gradescope !== undefined ? [{ option: '--gradescope', file: o.gradescope, text: () => JSON.stringify(toGradescope(run), null, 2) + '\n' }] : []),
    ...(summary && o.report !== undefined ? [{ option: '--report', file: o.report, text: () => toHtmlReport(summary, { generated: new Date().toISOString(), skipped: skipped.length }) }] : []),
  ]);
  // The results are printed whatever happened to the files: they are the one copy left of a lost report.
  // (--json's were printed as they came.)
  if (!o.json) out(toTable(run, { color: tty && !process.env.NO_COLOR, width: process.stdout.columns ?? 120 }) + '\n');
  if (notWritten.length) {
    err(`quantcourse: ${notWritten.join('\nquantcourse: ')}\n(every submission was graded: the results are printed above${outputs.length > notWritten.length ? ' and the other report files were written' : ''})\n`);
    return 2;
  }
  return allPassed(run) || (o.shard !== undefined && subs.length === 0) ? 0 : 1;
}

/** The files of a class folder that were not graded, one line each (those for other exercises counted). */
export function skippedText(skipped: readonly SkippedFile[], max = 20): string {
  const other = skipped.filter((s) => s.reason.startsWith(OTHER_EXERCISE));
  const listed = skipped.filter((s) => !s.reason.startsWith(OTHER_EXERCISE));
  const lines = listed.slice(0, max).map((s) => `  ${s.file}: ${s.reason}\n`);
  if (listed.length > max) lines.push(`  … and ${listed.length - max} more (every one is in --json's "skipped")\n`);
  if (other.length) lines.push(`  ${other.length} file(s) ${other[0]!.reason.replace(OTHER_EXERCISE, 'for other exercises')}\n`);
  return `Skipped ${skipped.length} file(s), not graded (a class folder holds <student>/<exercise-id>.ts or .js):\n${lines.join('')}`;
}

/** A row worth 0 that ran nothing: a missing, empty or unreadable submission. */
function zero(sub: Submission, total: number, problem: NonNullable<SubmissionResult['problem']>, message: string): SubmissionResult {
  return { file: sub.file, ...(sub.student !== undefined ? { student: sub.student } : {}), exercise: sub.exercise, status: 'error', passed: 0, total, message, problem, cases: [], durationMs: 0 };
}

async function gradeOne(sub: Submission, exercise: { ex: Exercise; cases: PreparedCase[] } | undefined, runner: Runner, timeout?: number): Promise<SubmissionResult> {
  const total = exercise?.cases.length ?? 0;
  if (sub.missing || !exercise) return zero(sub, total, sub.missing?.problem ?? 'no-submission', sub.missing?.reason ?? 'Nothing to grade.');
  const started = performance.now();
  let source: string;
  try {
    source = readFileSync(sub.file, 'utf8');
  } catch (e) {
    return zero(sub, total, 'unreadable', `Could not read ${sub.file}: ${(e as Error).message}`);
  }
  if (source.trim() === '') return zero(sub, total, 'empty', `${sub.file} is empty: nothing to grade.`);
  const v = await gradeSubmission(exercise.ex, source, exercise.cases, runner, { timeoutMs: timeout });
  return {
    file: sub.file,
    ...(sub.student !== undefined ? { student: sub.student } : {}),
    exercise: sub.exercise,
    status: v.status,
    passed: v.passed,
    total: v.total,
    message: v.message,
    ...(v.problem ? { problem: v.problem } : {}),
    cases: numberCases(v.cases),
    durationMs: Math.round(performance.now() - started),
  };
}
