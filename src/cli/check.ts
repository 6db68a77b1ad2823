/**
 * The content check (`quantcourse check`, run by `npm test`): every exercise is valid, its
 * solution passes and its starter compiles and fails for several seeds, every rule its statement
 * states has a wrong variant that fails under every seed (check-variants.ts), the same seed gives the
 * same cases, no case sits on a rounding tie, and lessons/course.yaml, the lessons and the exercises
 * agree (check-lessons.ts). Each problem names the file and what to do about it.
 */
import path from 'node:path';
import { createRng } from '../core/rng.ts';
import { prepareCases } from '../grading/cases.ts';
import type { Exercise } from '../grading/exercise.ts';
import { isTieSensitive } from '../grading/ties.ts';
import { gradeSubmission } from '../grading/grade.ts';
import type { Runner } from '../grading/run-contract.ts';
import { label } from '../grading/verdict.ts';
import { toWire } from '../grading/wire.ts';
import { compileNode } from '../runner/node/compile.ts';
import { nodeRunner } from '../runner/node/index.ts';
import { SandboxPool } from '../runner/node/pool.ts';
import { checkLessons, type Problem } from './check-lessons.ts';
import { CHECK_TIMEOUT_MS, checkVariants } from './check-variants.ts';
import { exerciseFiles, exerciseIds, loadExercise, readText, ROOT } from './content.ts';

export type { Problem } from './check-lessons.ts';

/** What was checked and what was found. */
export interface CheckReport {
  exercises: number;
  lessons: number;
  /** Things that fail the check. */
  problems: Problem[];
  /** Things worth knowing that do not fail it (a widget still being built, an exercise whose lesson is not written yet). */
  warnings: Problem[];
  /** One line per exercise, e.g. "quantize-blocks: solution 3/3 seeds, starter fails, 0 ties". */
  summary: string[];
}

/** Seeds the check grades with (fixed, so a failure can be reproduced with `grade --seed`). */
export const CHECK_SEEDS = ['check-1', 'check-2', 'check-3'];

const rel = (f: string) => path.relative(ROOT, f) || f;

/** Run every check. `ids` limits it to some exercises (lesson checks always run). */
export async function checkContent(opts: { ids?: string[]; pool?: SandboxPool } = {}): Promise<CheckReport> {
  const problems: Problem[] = [];
  const warnings: Problem[] = [];
  const summary: string[] = [];
  const ids = opts.ids ?? exerciseIds();
  const pool = opts.pool ?? new SandboxPool();
  const runner = nodeRunner(pool);
  try {
    for (const id of ids) {
      const files = exerciseFiles(id);
      let ex: Exercise;
      try {
        ex = await loadExercise(id);
      } catch (e) {
        const unknown = !exerciseIds().includes(id);
        problems.push(unknown
          ? { file: rel(files.spec), message: `there is no exercise "${id}" to check`, fix: 'Check an id from `npx quantcourse list`, or create it with `npx quantcourse new exercise`.' }
          : { file: rel(files.spec), message: `cannot be loaded: ${(e as Error).message}`, fix: 'Fix the exercise definition (see `npx quantcourse docs` for every field).' });
        continue;
      }
      summary.push(`${id}: ${await checkExercise(ex, runner, problems)}`);
    }
  } finally {
    if (!opts.pool) await pool.close();
  }
  const lessons = checkLessons(new Set(exerciseIds()), problems, warnings);
  return { exercises: ids.length, lessons: lessons.count, problems, warnings, summary };
}

async function checkExercise(ex: Exercise, runner: Runner, problems: Problem[]): Promise<string> {
  const files = exerciseFiles(ex.id);
  const notes: string[] = [];
  const casesFor = (seed: string) => {
    try {
      return prepareCases(ex, seed);
    } catch (e) {
      const message = (e as Error).message;
      problems.push(/kept producing rounding ties/.test(message)
        ? { file: rel(files.spec), message: `the generator keeps drawing inputs that sit on a rounding tie (seed "${seed}"): ${message}`, fix: 'Draw inputs away from ties (e.g. add a random fraction that cannot be exactly one half), or set `aboutTies: true` if ties are what the exercise teaches.' }
        : { file: rel(files.spec), message: `generating cases for seed "${seed}" failed: ${message}`, fix: 'Make `generate` and the reference handle every input the generator can produce.' });
      return undefined;
    }
  };

  // Same seed, same cases (and a different seed, different cases).
  const bySeed = CHECK_SEEDS.map((seed) => ({ seed, cases: casesFor(seed) }));
  const a = bySeed[0]!.cases, b = casesFor(CHECK_SEEDS[0]!), c = bySeed[1]!.cases;
  if (!a || !b || !c) return 'cases could not be generated';
  if (toWire(a) !== toWire(b)) {
    problems.push({ file: rel(files.spec), message: 'the same seed gave different cases', fix: 'Draw every random number from the `rng` passed to `generate` (never Math.random or Date).' });
  }
  if (ex.hiddenCount > 0 && toWire(a.filter((x) => !x.visible)) === toWire(c.filter((x) => !x.visible))) {
    problems.push({ file: rel(files.spec), message: 'two different seeds gave the same hidden cases', fix: 'Make `generate` use the `rng` it is given, so fresh seeds give fresh cases.' });
  }

  // No hidden or visible case near a rounding tie, unless the exercise is about ties. The probe is
  // independent of the exercise's own `isNearTie`, so a filter that lets ties through is caught too.
  if (!ex.aboutTies) {
    const rng = createRng(`ties:${ex.id}`);
    const all = [...a, ...bySeed.slice(1).flatMap((s) => (s.cases ?? []).filter((x) => !x.visible))];
    const tied = all.filter((x) => isTieSensitive(ex, x, rng));
    if (tied.length) {
      problems.push({
        file: rel(files.spec),
        message: `${tied.length} case(s) sit on a rounding tie (nudging an input by one ulp changes an integer output), e.g. ${label(tied[0]!)}${tied[0]!.visible ? ' (a visible example)' : ''}`,
        fix: 'Add an `isNearTie` check that rejects such inputs, or draw inputs that cannot land on a tie (set `aboutTies: true` only if ties are the point).',
      });
    }
    notes.push(`${tied.length} ties`);
  } else notes.push('about ties');

  // The model solution passes every case for several seeds.
  const solution = readText(files.solution);
  if (solution === undefined) {
    problems.push({ file: rel(files.solution), message: 'the model solution is missing', fix: `Write solutions/${ex.id}.ts exporting ${ex.functions.join(', ')}.` });
  } else {
    let passedSeeds = 0;
    for (const { seed, cases } of bySeed) {
      if (!cases) continue;
      const v = await gradeSubmission(ex, solution, cases, runner, { timeoutMs: CHECK_TIMEOUT_MS });
      if (v.status === 'passed') passedSeeds++;
      else problems.push({ file: rel(files.solution), message: `fails with seed "${seed}": ${v.message}`, fix: `Reproduce with: npx quantcourse grade ${ex.id} solutions/${ex.id}.ts --seed ${seed}` });
    }
    notes.unshift(`solution ${passedSeeds}/${CHECK_SEEDS.length} seeds`);
  }

  // The starter compiles, exports the functions, and fails.
  const starter = readText(files.starter);
  if (starter === undefined) {
    problems.push({ file: rel(files.starter), message: 'the starter is missing', fix: `Write exercises/${ex.id}/starter.ts with the signatures of ${ex.functions.join(', ')}.` });
  } else {
    const compiled = await compileNode(starter);
    if (!compiled.ok) {
      problems.push({ file: rel(files.starter), message: `does not compile: ${compiled.message}${compiled.at ? ` (line ${compiled.at.line})` : ''}`, fix: 'Starters must compile so learners start from working code; leave the body unfinished, not broken.' });
    } else {
      for (const name of ex.functions) {
        if (!new RegExp(`export\\s+(async\\s+)?function\\s+${name}\\b|export\\s+const\\s+${name}\\b`).test(starter)) {
          problems.push({ file: rel(files.starter), message: `does not export ${name}`, fix: `Add \`export function ${name}(…)\` with the signature learners should implement.` });
        }
      }
      const v = await gradeSubmission(ex, starter, a, runner, { timeoutMs: CHECK_TIMEOUT_MS });
      if (v.status === 'passed') problems.push({ file: rel(files.starter), message: 'the starter already passes every case', fix: 'Leave the work to the learner: the starter should return a placeholder or throw "not implemented".' });
      else notes.push('starter fails');
    }
  }
  notes.push(await checkVariants(ex, files.spec, solution, runner, problems));
  if (ex.hints.length < 2) notes.push('1 hint');
  return notes.join(', ');
}
