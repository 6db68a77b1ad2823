/**
 * Combining the JSON results of `grade --all --shard i/n` jobs into one run, as if the class had
 * been graded on one machine. Refuses anything that would make the combined report wrong:
 * different seeds, a student in two files, shards of different splits, or a missing shard.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fromWire } from '../grading/wire.ts';
import type { RunResults, SubmissionResult } from './reports/results.ts';
import { UsageError } from './submissions.ts';

/** One results file and what it holds. */
export interface ResultsFile {
  file: string;
  run: RunResults;
}

/** Read one `grade --json` output, with a clear message when it is anything else. */
export function readResults(file: string): ResultsFile {
  if (!existsSync(file)) throw new UsageError(`No such file: ${file}`);
  const notResults = (why: string) => new UsageError(`${file} is not the JSON of \`quantcourse grade --json\` (${why}).`);
  let run: unknown;
  try {
    run = fromWire(readFileSync(file, 'utf8'));
  } catch (e) {
    throw notResults(`it does not parse: ${(e as Error).message}`);
  }
  return { file, run: validRun(file, run) };
}

/** The run read from `file`, checked to be `grade --json` output (UsageError naming what is wrong). */
export function validRun(file: string, run: unknown): RunResults {
  const notResults = (why: string) => new UsageError(`${file} is not the JSON of \`quantcourse grade --json\` (${why}).`);
  if (run === null || typeof run !== 'object' || Array.isArray(run)) throw notResults('it is not an object');
  const r = run as Partial<RunResults>;
  if (typeof r.seed !== 'string') throw notResults('it has no "seed"');
  if (!Array.isArray(r.submissions)) throw notResults('it has no "submissions" list');
  r.submissions.forEach((s, k) => {
    const ok = s !== null && typeof s === 'object' && typeof s.file === 'string' && typeof s.exercise === 'string' && typeof s.status === 'string' && typeof s.passed === 'number' && typeof s.total === 'number';
    if (!ok) throw notResults(`submission ${k} lacks file, exercise, status, passed or total`);
  });
  if (r.skipped !== undefined && !(Array.isArray(r.skipped) && r.skipped.every((s) => s !== null && typeof s === 'object' && typeof s.file === 'string' && typeof s.reason === 'string'))) {
    throw notResults('its "skipped" is not a list of { file, reason }');
  }
  return r as RunResults;
}

/** How a submission is told apart from every other one in a class. */
const keyOf = (s: SubmissionResult) => (s.student !== undefined ? `student "${s.student}"` : `file ${s.file} (${s.exercise})`);

/** Merge shard results into one run, ordered as an unsharded `grade --all` orders them. */
export function mergeResults(files: ResultsFile[]): RunResults {
  if (files.length === 0) throw new UsageError('Name the results to merge: quantcourse merge <results.json>...');
  const first = files[0]!;
  for (const f of files.slice(1)) {
    // The seeds themselves stay out of the message: CI logs are often visible to students.
    if (f.run.seed !== first.run.seed) throw new UsageError(`Cannot merge ${first.file} and ${f.file}: they were graded with different seeds, so their hidden cases differ. Grade every shard with the same --seed.`);
  }

  const sharded = files.filter((f) => f.run.shard);
  if (sharded.length) {
    const count = sharded[0]!.run.shard!.count;
    const plain = files.find((f) => !f.run.shard);
    if (plain) throw new UsageError(`Cannot merge ${plain.file} (a whole class) with shards such as ${sharded[0]!.file}: merge the shards of one split only.`);
    const odd = files.find((f) => f.run.shard!.count !== count);
    if (odd) throw new UsageError(`Cannot merge ${odd.file} (shard ${odd.run.shard!.index}/${odd.run.shard!.count}) with ${sharded[0]!.file} (a split into ${count}): every shard must come from the same --shard i/${count} split.`);
    const seen = new Map<number, string>();
    for (const f of files) {
      const i = f.run.shard!.index;
      if (seen.has(i)) throw new UsageError(`${seen.get(i)} and ${f.file} are both shard ${i}/${count}: pass each shard once.`);
      seen.set(i, f.file);
    }
    const missing = Array.from({ length: count }, (_, k) => k + 1).filter((i) => !seen.has(i));
    if (missing.length) throw new UsageError(`Shard(s) ${missing.map((i) => `${i}/${count}`).join(', ')} missing: their students would be left out of the report. Pass all ${count} shard results.`);
  }

  const owner = new Map<string, string>();
  for (const f of files) {
    for (const s of f.run.submissions) {
      // A student belongs to one shard; for named-file runs a file may appear once per exercise.
      const key = keyOf(s);
      const other = owner.get(key);
      if (other && other !== f.file) throw new UsageError(`${key} appears in both ${other} and ${f.file}: the shards overlap, so merging would count them twice. Grade with --shard 1/n … n/n over the same folder.`);
      owner.set(key, f.file);
    }
  }

  const exercises = new Set(files.map((f) => f.run.exercise));
  const submissions = files.flatMap((f) => f.run.submissions);
  const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  if (submissions.every((s) => s.student !== undefined)) {
    // `grade --all` walks students in sorted order, then each student's exercises in sorted order.
    submissions.sort((a, b) => cmp(a.student!, b.student!) || cmp(a.exercise, b.exercise) || cmp(path.basename(a.file), path.basename(b.file)));
  }
  // Each shard lists the files of its own students that were not graded: together, the whole class's.
  const skipped = files.flatMap((f) => f.run.skipped ?? []).sort((a, b) => cmp(a.file, b.file));
  const exercise = exercises.size === 1 ? first.run.exercise : undefined;
  return { ...(exercise !== undefined ? { exercise } : {}), seed: first.run.seed, ...(skipped.length ? { skipped } : {}), submissions };
}
