/** Find the submissions to grade: named files for one exercise, or a class folder `<dir>/<student>/<id>.ts`. */
import { existsSync, lstatSync, readdirSync, statSync, type Stats } from 'node:fs';
import path from 'node:path';

/** Why a student gets 0 for an exercise without anything being run. */
export type MissingProblem = 'no-submission' | 'not-gradable' | 'unreadable';

/** One file to grade, or a student's missing one (then `missing` says why and nothing is run). */
export interface Submission {
  file: string;
  exercise: string;
  student?: string;
  /** Set when there is nothing to run: the student gets 0 for `exercise`, with this reason. */
  missing?: { problem: MissingProblem; reason: string };
}

/** A file under a class folder that was not graded, and why. */
export interface SkippedFile {
  file: string;
  student?: string;
  reason: string;
}

/** A problem with what the user asked to grade (exit code 2). */
export class UsageError extends Error {}

/** File endings a class folder's submissions may have: TypeScript, or plain JavaScript (which compiles as TypeScript). */
export const GRADABLE_EXTENSIONS = ['.ts', '.js'] as const;
/** The exercise of a student's row when nothing they handed in names one (a run without --exercise). */
export const NO_EXERCISE = '(none)';
/** The reason given for files left out because `--exercise` picked another exercise. */
export const OTHER_EXERCISE = 'for another exercise';

/** Submissions named on the command line for one exercise. */
export function namedFiles(exercise: string, files: string[]): Submission[] {
  if (files.length === 0) throw new UsageError(`Name at least one file to grade: quantcourse grade ${exercise} <file.ts>...`);
  return files.map((file) => {
    if (!existsSync(file)) throw new UsageError(`No such file: ${file}`);
    if (!statSync(file).isFile()) throw new UsageError(`Not a file: ${file} (to grade a class folder use --all <dir>)`);
    return { file, exercise };
  });
}

/** A file found in a student's folder (at any depth), or why it cannot be opened. */
interface Found {
  file: string;
  depth: number;
  unreadable?: string;
}

/** `stat` that follows links, or the reason it cannot (a broken link, no permission). */
function statOf(file: string): Stats | string {
  try {
    return statSync(file);
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'a link to a file that does not exist' : `it cannot be read (${(e as Error).message})`;
  }
}

/** Folders never searched: hidden ones (.git) and installed packages. */
const notSearched = (name: string) => name.startsWith('.') || name === 'node_modules';

/** Every file under a student's folder; what cannot be searched goes to `skipped` with the reason. */
function walk(dir: string, student: string, depth: number, found: Found[], skipped: SkippedFile[]): void {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch (e) {
    skipped.push({ file: dir, student, reason: `a folder that cannot be read (${(e as Error).message})` });
    return;
  }
  for (const entry of entries.sort((a, b) => cmp(a.name, b.name))) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (notSearched(entry.name)) skipped.push({ file, student, reason: 'a hidden or package folder, not searched' });
      else walk(file, student, depth + 1, found, skipped);
      continue;
    }
    if (entry.name.startsWith('.')) {
      skipped.push({ file, student, reason: 'a hidden file' });
      continue;
    }
    const st = statOf(file);
    if (typeof st === 'string') found.push({ file, depth, unreadable: st });
    // A link to a folder could loop back on itself: it is named, not followed.
    else if (st.isDirectory()) skipped.push({ file, student, reason: 'a link to a folder, not followed' });
    else if (!st.isFile()) skipped.push({ file, student, reason: 'not a regular file' });
    else found.push({ file, depth });
  }
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The exercise id a file name claims: the part before the first dot ("perplexity" for perplexity.test.ts). */
const claimedId = (name: string) => (name.includes('.') ? name.slice(0, name.indexOf('.')) : name);

/** Whether a file is `<id>.ts` or `<id>.js`, i.e. can be graded as exercise `id`. */
const gradableAs = (file: string, id: string) => GRADABLE_EXTENSIONS.some((ext) => path.basename(file) === id + ext);

/**
 * Every student of a class folder `<dir>/<student>/…`, with one submission per exercise they handed in.
 * A student's files are searched at any depth; `<id>.ts` or `<id>.js` is graded (`.ts` first, then the
 * shallowest). Every other file is either named in a 0-point row (a file for an exercise that cannot be
 * graded: wrong ending, unreadable) or returned in `skipped` with the reason. A student with nothing to
 * grade still gets a row: "no submission for <id>" with `only`, else one row with exercise NO_EXERCISE.
 */
export function classFolder(dir: string, knownIds: readonly string[], only?: string): { submissions: Submission[]; skipped: SkippedFile[] } {
  if (!existsSync(dir)) throw new UsageError(`No such folder: ${dir}`);
  if (!statSync(dir).isDirectory()) throw new UsageError(`Not a folder: ${dir}. --all expects <dir>/<student>/<exercise-id>.ts`);
  const submissions: Submission[] = [];
  const skipped: SkippedFile[] = [];
  const students: string[] = [];
  const layout = `<dir>/<student>/<exercise-id>.ts`;
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => cmp(a.name, b.name))) {
    const file = path.join(dir, entry.name);
    const st = statOf(file);
    if (notSearched(entry.name)) skipped.push({ file, reason: entry.isDirectory() ? 'a hidden or package folder, not searched' : 'a hidden file' });
    else if (typeof st !== 'string' && st.isDirectory()) students.push(entry.name);
    else skipped.push({ file, reason: `not in a student's folder (expected ${layout})` });
  }
  let named = 0; // files named after an exercise (of `only`, when given)
  for (const student of students) {
    const home = path.join(dir, student);
    const found: Found[] = [];
    const ownSkipped: SkippedFile[] = [];
    walk(home, student, 0, found, ownSkipped);
    const byExercise = new Map<string, Found[]>();
    for (const f of found) {
      const id = claimedId(path.basename(f.file));
      if (!knownIds.includes(id)) ownSkipped.push({ file: f.file, student, reason: `"${id}" is not an exercise id` });
      else if (only && id !== only) ownSkipped.push({ file: f.file, student, reason: `${OTHER_EXERCISE} (--exercise ${only})` });
      else byExercise.set(id, [...(byExercise.get(id) ?? []), f]);
    }
    const rows: Submission[] = [];
    for (const [exercise, files] of [...byExercise].sort((a, b) => cmp(a[0], b[0]))) {
      named += files.length;
      const rank = (f: Found) => GRADABLE_EXTENSIONS.findIndex((ext) => path.basename(f.file) === exercise + ext);
      const graded = files.filter((f) => !f.unreadable && gradableAs(f.file, exercise)).sort((a, b) => rank(a) - rank(b) || a.depth - b.depth || cmp(a.file, b.file))[0];
      if (graded) {
        rows.push({ file: graded.file, exercise, student });
        for (const f of files) {
          if (f !== graded) ownSkipped.push({ file: f.file, student, reason: `${f.unreadable ? `${f.unreadable}; ` : ''}${path.relative(home, graded.file)} was graded for ${exercise} instead` });
        }
        continue;
      }
      // Handed in, but nothing here can be graded: a 0 that names every file and why.
      const why = files.map((f) => `${path.relative(home, f.file)} ${f.unreadable ? `cannot be graded: ${f.unreadable}` : `is not a ${GRADABLE_EXTENSIONS.join(' or ')} file`}`);
      const problem: MissingProblem = files.every((f) => f.unreadable) ? 'unreadable' : 'not-gradable';
      rows.push({ file: files[0]!.file, exercise, student, missing: { problem, reason: `Nothing graded for ${exercise}: ${why.join('; ')}.` } });
    }
    if (rows.length === 0) {
      const seen = ownSkipped.filter((s) => !s.reason.startsWith(OTHER_EXERCISE)).slice(0, 3).map((s) => `${path.relative(home, s.file)} (${s.reason})`);
      const also = seen.length ? ` Found: ${seen.join('; ')}${ownSkipped.length > seen.length ? '; …' : ''}.` : '';
      rows.push({
        file: home, exercise: only ?? NO_EXERCISE, student,
        missing: { problem: 'no-submission', reason: only ? `No submission for ${only}.${also}` : `No gradable file (expected <exercise-id>.ts).${found.length + ownSkipped.length === 0 ? ' The folder is empty.' : also}` },
      });
    }
    submissions.push(...rows);
    skipped.push(...ownSkipped);
  }
  // Nothing anywhere named after an exercise: the wrong folder or the wrong layout, not a class of zeros.
  if (named === 0) {
    throw new UsageError(
      `Found no submissions in ${dir}. Expected ${layout}, e.g. ${path.join(dir, 'ada', `${only ?? knownIds[0] ?? 'quantize-symmetric'}.ts`)}` +
        (skipped.length ? ` (not graded: ${skipped.length} file(s), e.g. ${skipped[0]!.file}: ${skipped[0]!.reason})` : ''),
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
 * `skipped` files go with their student; those outside any student's folder go to shard 1.
 */
export function shard<T extends Submission>(subs: T[], spec: string, skipped: SkippedFile[] = []): { submissions: T[]; skipped: SkippedFile[] } {
  const { index: i, count: n } = parseShard(spec);
  const students = [...new Set(subs.map((s) => s.student ?? s.file))].sort();
  const mine = new Set(students.filter((_, k) => k % n === i - 1));
  return {
    submissions: subs.filter((s) => mine.has(s.student ?? s.file)),
    skipped: skipped.filter((s) => (s.student === undefined ? i === 1 : mine.has(s.student))),
  };
}
