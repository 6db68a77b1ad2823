/** `quantcourse grade`: grade named files for one exercise, or a whole class folder. */
import { readFileSync, writeFileSync } from 'node:fs';
import { prepareCases, type PreparedCase } from '../../grading/cases.ts';
import type { Exercise } from '../../grading/exercise.ts';
import { gradeSource } from '../../runner/node/grade.ts';
import { SandboxPool } from '../../runner/node/pool.ts';
import { exerciseIds, loadExercise } from '../content.ts';
import { toGradescope } from '../reports/gradescope.ts';
import { toJunit } from '../reports/junit.ts';
import { prettyWireItem, prettyWireList } from '../json.ts';
import { allPassed, type RunResults, type SubmissionResult } from '../reports/results.ts';
import { progressLine, toTable } from '../reports/table.ts';
import { classFolder, namedFiles, parseShard, shard, UsageError, type Submission } from '../submissions.ts';

/** Options of `grade`, already parsed. */
export interface GradeOptions {
  all?: string;
  seed?: string;
  timeout?: number;
  jobs?: number;
  json?: boolean;
  junit?: string;
  gradescope?: string;
  shard?: string;
  exercise?: string;
  files: string[];
  /** Where progress and the table go (tests pass their own). */
  out?: (s: string) => void;
  err?: (s: string) => void;
  isTTY?: boolean;
}

/** A fresh random seed, printed so a run can be repeated. */
export function randomSeed(): string {
  return Math.floor(Math.random() * 2 ** 32).toString(16).padStart(8, '0');
}

/** Grade and report; resolves to the process exit code (0 only when every submission passed). */
export async function gradeCommand(o: GradeOptions): Promise<number> {
  const out = o.out ?? ((s) => process.stdout.write(s));
  const err = o.err ?? ((s) => process.stderr.write(s));
  const tty = o.isTTY ?? (process.stdout.isTTY === true);
  // An empty --seed is almost always a CI secret that is not set: every shard would share a guessable seed.
  if (o.seed !== undefined && o.seed.trim() === '') throw new UsageError('--seed is empty (is the secret that should hold it set?). Pass a secret seed, or leave --seed out for a random one.');
  const seed = o.seed ?? randomSeed();
  let subs: Submission[];
  if (o.all) {
    const found = classFolder(o.all, exerciseIds(), o.exercise);
    subs = found.submissions;
    if (found.skipped.length) err(`Skipped ${found.skipped.length} file(s) not named after an exercise id: ${found.skipped.slice(0, 3).join(', ')}${found.skipped.length > 3 ? ', …' : ''}\n`);
  } else {
    if (!o.exercise) throw new UsageError('Name an exercise: quantcourse grade <exercise-id> <file.ts>... (or --all <dir>)');
    await loadExercise(o.exercise); // an unknown id fails before any file is read
    subs = namedFiles(o.exercise, o.files);
  }
  if (o.shard) {
    subs = shard(subs, o.shard);
    // More shards than students leaves some empty: that job has nothing to grade, which is no failure.
    if (subs.length === 0) err(`Shard ${o.shard} has no students (the class has fewer students than shards); writing empty results.\n`);
  }

  // The sandbox processes start while the cases are built.
  const pool = new SandboxPool({ size: o.jobs });
  if (subs.length > 0) pool.start();
  const results: SubmissionResult[] = new Array(subs.length);
  // --json: each submission's part of the output is written as soon as it is graded, while the sandboxes
  // run the next ones, rather than all at the end.
  const jsonParts: string[] | undefined = o.json ? new Array(subs.length) : undefined;
  const showProgress = subs.length > 1 && (process.stderr.isTTY === true) && !o.json;
  try {
    const exercises = new Map<string, { ex: Exercise; cases: PreparedCase[] }>();
    for (const id of new Set(subs.map((s) => s.exercise))) {
      const ex = await loadExercise(id);
      exercises.set(id, { ex, cases: prepareCases(ex, seed) });
    }
    let done = 0, next = 0;
    const worker = async () => {
      while (next < subs.length) {
        const i = next++;
        results[i] = await gradeOne(subs[i]!, exercises.get(subs[i]!.exercise)!, pool, o.timeout);
        if (jsonParts) jsonParts[i] = prettyWireItem(results[i]);
        done++;
        if (showProgress) err(progressLine(done, subs.length));
      }
    };
    // Enough in flight to fill every process's line, plus one per process being compiled or judged.
    await Promise.all(Array.from({ length: pool.capacity + pool.size }, worker));
  } finally {
    await pool.close();
  }
  if (showProgress) err('\n');

  const run: RunResults = { ...(o.all ? {} : { exercise: o.exercise }), seed, ...(o.shard ? { shard: parseShard(o.shard) } : {}), submissions: results };
  if (o.junit) writeFileSync(o.junit, toJunit(run));
  if (o.gradescope) writeFileSync(o.gradescope, JSON.stringify(toGradescope(run), null, 2) + '\n');
  if (o.json) out(prettyWireList(run, 'submissions', jsonParts!) + '\n');
  else out(toTable(run, { color: tty && !process.env.NO_COLOR, width: process.stdout.columns ?? 120 }) + '\n');
  return allPassed(run) || (o.shard !== undefined && subs.length === 0) ? 0 : 1;
}

async function gradeOne(sub: Submission, exercise: { ex: Exercise; cases: PreparedCase[] }, pool: SandboxPool, timeout?: number): Promise<SubmissionResult> {
  const started = performance.now();
  let source: string;
  try {
    source = readFileSync(sub.file, 'utf8');
  } catch (e) {
    return { ...sub, status: 'error', passed: 0, total: exercise.cases.length, message: `Could not read ${sub.file}: ${(e as Error).message}`, cases: [], durationMs: 0 };
  }
  const v = await gradeSource(exercise.ex, source, exercise.cases, pool, timeout);
  return {
    ...sub,
    status: v.status,
    passed: v.passed,
    total: v.total,
    message: v.message,
    ...(v.problem ? { problem: v.problem } : {}),
    cases: v.cases,
    durationMs: Math.round(performance.now() - started),
  };
}
