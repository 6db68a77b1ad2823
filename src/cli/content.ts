/**
 * Where the course content lives on disk, and loading it: exercise specs, starters, solutions,
 * and the lesson each exercise belongs to. Node-only (the site reads the same files through Vite).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { loadManifest } from '../content/course-files.ts';
import type { Exercise } from '../grading/exercise.ts';
import { supplyNodeLab } from '../lab/node.ts';
import { UsageError } from './submissions.ts';

/** Where the program itself lives (two levels above this file). */
export const CODE_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/**
 * The course root whose lessons/, exercises/ and solutions/ the commands read and write:
 * QUANTCOURSE_ROOT when set (tests point it at a scratch copy), else the repository.
 */
export const ROOT = process.env.QUANTCOURSE_ROOT ? path.resolve(process.env.QUANTCOURSE_ROOT) : CODE_ROOT;
export const EXERCISES_DIR = path.join(ROOT, 'exercises');
export const SOLUTIONS_DIR = path.join(ROOT, 'solutions');
export const LESSONS_DIR = path.join(ROOT, 'lessons');
/** Widget modules (src/widgets/<name>/index.ts) of the course at ROOT. */
export const WIDGETS_DIR = path.join(ROOT, 'src', 'widgets');

/** Paths of one exercise's files. */
export function exerciseFiles(id: string) {
  return {
    dir: path.join(EXERCISES_DIR, id),
    spec: path.join(EXERCISES_DIR, id, 'exercise.ts'),
    starter: path.join(EXERCISES_DIR, id, 'starter.ts'),
    solution: path.join(SOLUTIONS_DIR, `${id}.ts`),
  };
}

/** Ids of every exercise folder (those with an exercise.ts), sorted. */
export function exerciseIds(): string[] {
  if (!existsSync(EXERCISES_DIR)) return [];
  return readdirSync(EXERCISES_DIR, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(path.join(EXERCISES_DIR, d.name, 'exercise.ts')))
    .map((d) => d.name)
    .sort();
}

/** Thrown for an exercise id that does not exist; the message lists the ones that do. */
export class UnknownExerciseError extends UsageError {}

/** Throw UnknownExerciseError (with the ids that do exist) unless `id` is an exercise folder. */
export function assertExerciseId(id: string): void {
  const ids = exerciseIds();
  if (ids.includes(id)) return;
  const near = ids.filter((x) => x.includes(id) || id.includes(x));
  const suggestion = near.length ? ` Did you mean ${near.map((n) => `"${n}"`).join(' or ')}?` : '';
  throw new UnknownExerciseError(`Unknown exercise id "${id}".${suggestion} Known ids: ${ids.join(', ')} (see \`quantcourse list\`).`);
}

// An exercise judged on the course model gets its assessment from the lab, before any is graded.
supplyNodeLab();

/** Load one exercise spec by id. */
export async function loadExercise(id: string): Promise<Exercise> {
  assertExerciseId(id);
  const mod = (await import(pathToFileURL(exerciseFiles(id).spec).href)) as { default?: Exercise };
  if (!mod.default) throw new Error(`${path.relative(ROOT, exerciseFiles(id).spec)} has no default export (export default defineExercise({...}))`);
  if (mod.default.id !== id) throw new Error(`${path.relative(ROOT, exerciseFiles(id).spec)} declares id "${mod.default.id}" but lives in folder "${id}"`);
  return mod.default;
}

/** Load every exercise, in id order. */
export async function loadAllExercises(): Promise<Exercise[]> {
  return Promise.all(exerciseIds().map(loadExercise));
}

/** For each exercise the manifest lists, the lesson it belongs to (empty when the manifest cannot be read; `check` reports why). */
export function lessonOfExercise(): Map<string, string> {
  try {
    return new Map(loadManifest(LESSONS_DIR).lessons.flatMap((l) => l.exercises.map((id) => [id, l.slug] as const)));
  } catch {
    return new Map();
  }
}

/** Read a text file, or undefined when it does not exist. */
export function readText(file: string): string | undefined {
  return existsSync(file) ? readFileSync(file, 'utf8') : undefined;
}
