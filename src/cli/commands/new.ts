/**
 * `quantcourse new lesson <slug> [--after <slug>]` and `quantcourse new exercise <slug> [--lesson <slug>]`:
 * scaffold everything a new page or exercise needs and give it its line in lessons/course.yaml, so
 * it appears in the site and in `quantcourse list` with no other edit. Nothing that exists is ever
 * overwritten, and nothing is written when any part of the change cannot be made.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { manifestFile } from '../../content/course-files.ts';
import { isSlug, SLUG_RULE } from '../../content/slug.ts';
import { exerciseFiles, LESSONS_DIR, readText, ROOT } from '../content.ts';
import { addExercise, insertLesson } from '../manifest-edit.ts';
import { UsageError } from '../submissions.ts';

function checkSlug(kind: string, slug: string | undefined): string {
  if (!slug) throw new UsageError(`Name the ${kind}: quantcourse new ${kind} <slug> (kebab-case, e.g. "fp8-range")`);
  if (!isSlug(slug) || slug.length < 3) throw new UsageError(`"${slug}" is not a valid ${kind} slug: use at least 3 characters, ${SLUG_RULE} (e.g. "fp8-range").`);
  return slug;
}

const titleOf = (slug: string) => slug.replace(/-/g, ' ').replace(/^./, (c) => c.toUpperCase());
const camel = (slug: string) => slug.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
const rel = (f: string) => path.relative(ROOT, f);
const MANIFEST = manifestFile(LESSONS_DIR);

/** Create lessons/<slug>.mdx and its line in lessons/course.yaml, after lesson `after` (default: last). */
export function newLesson(slug: string | undefined, out: (s: string) => void = (s) => process.stdout.write(s), after?: string): string {
  slug = checkSlug('lesson', slug);
  const file = path.join(LESSONS_DIR, `${slug}.mdx`);
  if (existsSync(file)) throw new UsageError(`The lesson ${rel(file)} exists already; nothing was written. Pick another slug or edit that file.`);
  const manifest = insertLesson(readText(MANIFEST), slug, after, rel(MANIFEST));
  mkdirSync(LESSONS_DIR, { recursive: true });
  writeFileSync(file, `---
title: "${titleOf(slug)}"
summary: "One or two sentences: what this lesson teaches and why it matters."
---

Open with the question this lesson answers, and a concrete number the reader can hold on to.

## The idea

Explain it in short paragraphs. Show a small TypeScript example where code says it better:

\`\`\`ts
const bytes = params * bitsPerWeight / 8;
\`\`\`

<Note>An aside: a subtlety, a caveat, or where a source disagrees with the formula.</Note>

## Try it

{/* Add exercises with \`npx quantcourse new exercise <slug> --lesson ${slug}\`. */}
`);
  writeFileSync(MANIFEST, manifest);
  out(`Created ${rel(file)}\nAdded "${slug}" to ${rel(MANIFEST)}${after ? ` after "${after}"` : ''}\nNext: write the lesson, then add an exercise with: npx quantcourse new exercise <slug> --lesson ${slug}\n`);
  return file;
}

/** Create exercises/<slug>/{exercise,starter}.ts, solutions/<slug>.ts and a wrong variant, and place it in a lesson listed in the manifest. */
export function newExercise(slug: string | undefined, lesson: string | undefined, out: (s: string) => void = (s) => process.stdout.write(s)): string[] {
  slug = checkSlug('exercise', slug);
  const f = exerciseFiles(slug);
  const existing = [f.dir, f.solution].filter((p) => existsSync(p));
  if (existing.length) throw new UsageError(`The exercise "${slug}" exists already (${existing.map(rel).join(', ')}); nothing was written.`);
  // Without --lesson the exercise still loads (so `list` shows it); `check` notes that no lesson has it.
  const lessonFile = lesson ? path.join(LESSONS_DIR, `${lesson}.mdx`) : undefined;
  let manifest: string | undefined;
  if (lesson) {
    checkSlug('lesson', lesson);
    if (!existsSync(lessonFile!)) throw new UsageError(`No lesson ${rel(lessonFile!)} to link the exercise from; nothing was written. Create it first with: npx quantcourse new lesson ${lesson}`);
    manifest = addExercise(readText(MANIFEST) ?? '', lesson, slug, rel(MANIFEST));
  }
  const fn = camel(slug);
  mkdirSync(f.dir, { recursive: true });
  writeFileSync(f.spec, `import { maxAbsError } from '../../src/core/index.ts';
import { defineExercise } from '../../src/grading/exercise.ts';
import { weights } from '../generators.ts';

// Scaffolded by \`quantcourse new exercise ${slug}\`. It works as it is (largest absolute error);
// replace the statement, the reference call into src/core, the generator and the hints.
// \`npx quantcourse docs\` describes every field; \`npx quantcourse check ${slug}\` proves it sound.
export default defineExercise({
  id: '${slug}',
  title: '${titleOf(slug)}',
  statement: \`Implement \\\`${fn}(original, approx)\\\`: the largest absolute difference between the two arrays.

Compared with a relative tolerance of 1e-12.\`,
  functions: ['${fn}'],
  reference: {
    ${fn}: (original: number[], approx: number[]) => maxAbsError(original, approx),
  },
  examples: [{ fn: '${fn}', args: [[1, 2, 3], [1, 2.5, 2]], kind: 'three values' }],
  // Each rule the statement states, quoted; solutions/wrong/${slug}/ holds a variant that breaks each one.
  rules: [{ id: 'absolute', states: 'the largest absolute difference' }],
  generate(rng, i) {
    const original = weights(rng, rng.int(1, 32), 'normal');
    const approx = original.map((v) => v + rng.normal(0, 0.01));
    // Every run tells |d| from d: the first case's largest difference is a negative one.
    if (i === 0) approx[0] = original[0]! + 1;
    return { fn: '${fn}', args: [original, approx], kind: \`\${original.length} values\` };
  },
  tolerance: { '*': { rel: 1e-12, abs: 0 } },
  hints: ['Track the largest |original[i] - approx[i]| seen so far.'],
});
`);
  writeFileSync(f.starter, `/** The largest absolute difference between two arrays of the same length. */
export function ${fn}(original: number[], approx: number[]): number {
  // TODO
  return 0;
}
`);
  mkdirSync(path.dirname(f.solution), { recursive: true });
  writeFileSync(f.solution, `/** The largest absolute difference between two arrays of the same length. */
export function ${fn}(original: number[], approx: number[]): number {
  let max = 0;
  for (let i = 0; i < original.length; i++) max = Math.max(max, Math.abs(original[i]! - approx[i]!));
  return max;
}
`);
  const wrong = path.join(f.solution, '..', 'wrong', slug, 'signed-difference.ts');
  mkdirSync(path.dirname(wrong), { recursive: true });
  writeFileSync(wrong, `// breaks: absolute
// Takes the largest signed difference, forgetting the absolute value.
export function ${fn}(original: number[], approx: number[]): number {
  let max = 0;
  for (let i = 0; i < original.length; i++) max = Math.max(max, original[i]! - approx[i]!);
  return max;
}
`);
  const created = [f.spec, f.starter, f.solution, wrong];
  if (lessonFile && manifest !== undefined) {
    writeFileSync(lessonFile, `${readFileSync(lessonFile, 'utf8').trimEnd()}\n\n<Exercise id="${slug}" />\n`);
    writeFileSync(MANIFEST, manifest);
  }
  out(`Created ${created.map(rel).join(', ')}${lessonFile ? `\nPlaced in ${rel(lessonFile)} and listed under "${lesson}" in ${rel(MANIFEST)}` : `\nAdd it to a lesson's exercises in ${rel(MANIFEST)} and place <Exercise id="${slug}" /> in that lesson, or run with --lesson <slug> next time.`}\nCheck it with: npx quantcourse check ${slug}\n`);
  return created;
}
