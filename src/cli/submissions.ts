/** Find the submissions to grade: named files for one exercise, or a class folder `<dir>/<student>/<id>.ts`. */
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

/** One file to grade. */
export interface Submission {
  file: string;
  exercise: string;
  student?: string;
}

/** A problem with what the user asked to grade (exit code 2). */
export class UsageError extends Error {}

/** Submissions named on the command line for one exercise. */
export function namedFiles(exercise: string, files: string[]): Submission[] {
  if (files.length === 0) throw new UsageError(`Name at least one file to grade: quantcourse grade ${exercise} <file.ts>...`);
  return files.map((file) => {
    if (!existsSync(file)) throw new UsageError(`No such file: ${file}`);
    if (!statSync(file).isFile()) throw new UsageError(`Not a file: ${file} (to grade a class folder use --all <dir>)`);
    return { file, exercise };
  });
}

/**
 * Every `<dir>/<student>/<exercise-id>.ts`. Files whose name is not a known exercise id are
 * returned in `skipped` so the caller can say so rather than ignore them silently.
 */
export function classFolder(dir: string, knownIds: readonly string[], only?: string): { submissions: Submission[]; skipped: string[] } {
  if (!existsSync(dir)) throw new UsageError(`No such folder: ${dir}`);
  if (!statSync(dir).isDirectory()) throw new UsageError(`Not a folder: ${dir}. --all expects <dir>/<student>/<exercise-id>.ts`);
  const submissions: Submission[] = [];
  const skipped: string[] = [];
  const students = readdirSync(dir, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();
  for (const student of students) {
    for (const name of readdirSync(path.join(dir, student)).sort()) {
      const file = path.join(dir, student, name);
      if (!name.endsWith('.ts') || !statSync(file).isFile()) continue;
      const exercise = name.slice(0, -3);
      if (!knownIds.includes(exercise)) skipped.push(file);
      else if (!only || only === exercise) submissions.push({ file, exercise, student });
    }
  }
  if (submissions.length === 0) {
    throw new UsageError(
      `Found no submissions in ${dir}. Expected <dir>/<student>/<exercise-id>.ts, e.g. ${path.join(dir, 'ada', `${only ?? knownIds[0] ?? 'quantize-symmetric'}.ts`)}` +
        (skipped.length ? ` (skipped ${skipped.length} file(s) whose name is not an exercise id, e.g. ${skipped[0]})` : ''),
    );
  }
  return { submissions, skipped };
}

/** Read "i/n" (1-based share i of n). */
export function parseShard(spec: string): { index: number; count: number } {
  const m = /^(\d+)\/(\d+)$/.exec(spec);
  if (!m) throw new UsageError(`--shard takes i/n, e.g. 2/4 (got "${spec}")`);
  const index = Number(m[1]), count = Number(m[2]);
  if (count < 1 || index < 1 || index > count) throw new UsageError(`--shard ${spec}: need 1 <= i <= n`);
  return { index, count };
}

/**
 * Deterministic share i of n (1-based) of the students, so CI matrix jobs split a class without
 * overlap: the sorted student names are dealt out in turn, so shard sizes differ by at most one.
 */
export function shard<T extends Submission>(subs: T[], spec: string): T[] {
  const { index: i, count: n } = parseShard(spec);
  const students = [...new Set(subs.map((s) => s.student ?? s.file))].sort();
  const mine = new Set(students.filter((_, k) => k % n === i - 1));
  return subs.filter((s) => mine.has(s.student ?? s.file));
}
