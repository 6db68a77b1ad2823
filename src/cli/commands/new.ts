/**
 * `quantcourse new lesson <slug>` and `quantcourse new exercise <slug> [--lesson <slug>]`:
 * scaffold everything a new page or exercise needs, so it appears in the site and in
 * `quantcourse list` with no other edit. Nothing that exists is ever overwritten.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { exerciseFiles, LESSONS_DIR, ROOT } from '../content.ts';
import { UsageError } from '../submissions.ts';

const SLUG = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

function checkSlug(kind: string, slug: string | undefined): string {
  if (!slug) throw new UsageError(`Name the ${kind}: quantcourse new ${kind} <slug> (kebab-case, e.g. "fp8-range")`);
  if (!SLUG.test(slug) || slug.length < 3) throw new UsageError(`"${slug}" is not a valid ${kind} slug: use at least 3 lowercase letters, digits and single hyphens, starting with a letter (e.g. "fp8-range").`);
  return slug;
}

const titleOf = (slug: string) => slug.replace(/-/g, ' ').replace(/^./, (c) => c.toUpperCase());
const camel = (slug: string) => slug.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
const rel = (f: string) => path.relative(ROOT, f);

/** The `order:` of every existing lesson, by file. */
function lessonOrders(): Map<number, string> {
  const orders = new Map<number, string>();
  if (!existsSync(LESSONS_DIR)) return orders;
  for (const f of readdirSync(LESSONS_DIR).filter((n) => n.endsWith('.mdx'))) {
    const m = /^order:\s*(\d+)/m.exec(readFileSync(path.join(LESSONS_DIR, f), 'utf8'));
    if (m) orders.set(Number(m[1]), `lessons/${f}`);
  }
  return orders;
}

/** Create lessons/<slug>.mdx; `order` defaults to one after the highest existing order. */
export function newLesson(slug: string | undefined, out: (s: string) => void = (s) => process.stdout.write(s), order?: number): string {
  slug = checkSlug('lesson', slug);
  const file = path.join(LESSONS_DIR, `${slug}.mdx`);
  if (existsSync(file)) throw new UsageError(`The lesson ${rel(file)} exists already; nothing was written. Pick another slug or edit that file.`);
  const orders = lessonOrders();
  if (order !== undefined && orders.has(order)) throw new UsageError(`--order ${order} is taken by ${orders.get(order)}; nothing was written. Pick an unused order (taken: ${[...orders.keys()].sort((x, y) => x - y).join(', ')}).`);
  mkdirSync(LESSONS_DIR, { recursive: true });
  writeFileSync(file, `---
title: "${titleOf(slug)}"
order: ${order ?? Math.max(0, ...orders.keys()) + 1}
summary: "One or two sentences: what this lesson teaches and why it matters."
exercises: []
widgets: []
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
  out(`Created ${rel(file)}\nNext: write the lesson, then add an exercise with: npx quantcourse new exercise <slug> --lesson ${slug}\n`);
  return file;
}

/** Create exercises/<slug>/{exercise,starter}.ts, solutions/<slug>.ts and a wrong variant, and link them from a lesson. */
export function newExercise(slug: string | undefined, lesson: string | undefined, out: (s: string) => void = (s) => process.stdout.write(s)): string[] {
  slug = checkSlug('exercise', slug);
  const f = exerciseFiles(slug);
  const existing = [f.dir, f.solution].filter((p) => existsSync(p));
  if (existing.length) throw new UsageError(`The exercise "${slug}" exists already (${existing.map(rel).join(', ')}); nothing was written.`);
  // Without --lesson the exercise still loads (so \`list\` shows it); \`check\` notes the missing page.
  const lessonSlug = lesson ?? 'unassigned';
  const lessonFile = lesson ? path.join(LESSONS_DIR, `${lesson}.mdx`) : undefined;
  if (lesson) {
    checkSlug('lesson', lesson);
    if (!existsSync(lessonFile!)) throw new UsageError(`No lesson ${rel(lessonFile!)} to link the exercise from; nothing was written. Create it first with: npx quantcourse new lesson ${lesson}`);
    if (!/^---\r?\n[\s\S]*?\r?\n---/.test(readFileSync(lessonFile!, 'utf8'))) throw new UsageError(`${rel(lessonFile!)} has no front matter (--- … ---) to add the exercise to; nothing was written.`);
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
  lesson: '${lessonSlug}',
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
  if (lessonFile) linkFromLesson(lessonFile, slug);
  out(`Created ${created.map(rel).join(', ')}${lessonFile ? `\nLinked from ${rel(lessonFile)}` : `\nSet \`lesson\` in ${rel(f.spec)}, or run with --lesson <slug> next time.`}\nCheck it with: npx quantcourse check ${slug}\n`);
  return created;
}

/** Add the id to the lesson's front matter `exercises:` and an <Exercise> at the end of the page. */
function linkFromLesson(file: string, id: string): void {
  let text = readFileSync(file, 'utf8');
  const fm = /^---\n([\s\S]*?)\n---/.exec(text);
  if (!fm) throw new UsageError(`${rel(file)} has no front matter (--- … ---) to add the exercise to.`);
  let front = fm[1]!;
  const inline = /^exercises:\s*\[(.*)\]\s*$/m.exec(front);
  if (inline) {
    const ids = inline[1]!.split(',').map((s) => s.trim()).filter(Boolean);
    front = front.replace(inline[0], `exercises: [${[...ids, id].join(', ')}]`);
  } else if (/^exercises:\s*$/m.test(front)) {
    front = front.replace(/^exercises:\s*$/m, `exercises:\n  - ${id}`);
  } else {
    front += `\nexercises: [${id}]`;
  }
  text = text.replace(fm[0], `---\n${front}\n---`);
  writeFileSync(file, `${text.trimEnd()}\n\n<Exercise id="${id}" />\n`);
}
