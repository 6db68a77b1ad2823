/**
 * The lesson half of `quantcourse check`: lessons/course.yaml is a valid manifest; it and the
 * lesson files name the same lessons; each lesson's front matter is valid (the schema the site
 * uses); and each body places exactly the exercises the manifest gives it, and only widgets that
 * exist. Lessons are often half-written, so every finding is a problem to report, never a crash.
 */
import path from 'node:path';
import { lessonFileNames, loadManifest, MANIFEST_NAME, manifestFile, widgetNames } from '../content/course-files.ts';
import { FrontMatterError, parseMdx } from '../content/front-matter.ts';
import { lessonSchema } from '../content/lesson-schema.ts';
import { lineOfLesson, ManifestError, type Manifest } from '../content/manifest.ts';
import { readPlacements } from '../content/placements.ts';
import { isSlug, SLUG_RULE } from '../content/slug.ts';
import { LESSONS_DIR, readText, ROOT, WIDGETS_DIR } from './content.ts';

/** One thing wrong with the content: where, what, and what to do about it. */
export interface Problem {
  file: string;
  message: string;
  fix: string;
}

/** What the lesson check learned. */
export interface LessonScan {
  /** Lesson slugs (file names without .mdx). */
  slugs: Set<string>;
  count: number;
}

const rel = (f: string) => path.relative(ROOT, f) || f;
/** Front matter fields the manifest and the body replaced, and where each now lives. */
const MOVED: Record<string, string> = {
  order: `the order is the lesson's place in lessons/${MANIFEST_NAME}`,
  exercises: `a lesson's exercises are listed on its line in lessons/${MANIFEST_NAME}`,
  widgets: 'the widgets are read from the <Widget name="…" /> tags in the body',
};

/** Check the manifest and every lesson file; problems fail the check, warnings are printed as notes. */
export function checkLessons(knownExercises: Set<string>, problems: Problem[], warnings: Problem[]): LessonScan {
  const files = lessonFileNames(LESSONS_DIR);
  const scan: LessonScan = { slugs: new Set(files.map((f) => f.replace(/\.mdx?$/, ''))), count: files.length };
  const manifestAt = (line?: number) => `${rel(manifestFile(LESSONS_DIR))}${line ? `:${line}` : ''}`;
  const manifestText = readText(manifestFile(LESSONS_DIR));
  const atLesson = (slug: string) => manifestAt(manifestText === undefined ? undefined : lineOfLesson(manifestText, slug));

  let manifest: Manifest | undefined;
  if (files.length > 0 || manifestText !== undefined) {
    try {
      manifest = loadManifest(LESSONS_DIR, rel(manifestFile(LESSONS_DIR)));
    } catch (e) {
      if (!(e instanceof ManifestError)) throw e;
      for (const issue of e.issues) {
        problems.push({ file: manifestAt(issue.line), message: issue.message, fix: `Each lesson is one line, "- { slug: <lesson>, exercises: [<id>, …] }", in course order (\`npx quantcourse docs\` describes the fields).` });
      }
    }
  }
  const entryOf = new Map(manifest?.lessons.map((l) => [l.slug, l]));
  // The first lesson to list an exercise owns it; a later listing is the problem.
  const lessonOfExercise = new Map(manifest?.lessons.flatMap((l) => l.exercises.map((id) => [id, l.slug] as const)).reverse());

  if (manifest) {
    for (const l of manifest.lessons) {
      for (const id of l.exercises) {
        const owner = lessonOfExercise.get(id);
        if (owner !== l.slug) problems.push({ file: atLesson(l.slug), message: `lists exercise "${id}" under "${l.slug}", but also under "${owner}"; an exercise belongs to one lesson`, fix: `Keep ${id} on one lesson's line (and its <Exercise id="${id}" /> on that page).` });
      }
      if (!scan.slugs.has(l.slug)) problems.push({ file: atLesson(l.slug), message: `lists lesson "${l.slug}", but lessons/${l.slug}.mdx does not exist`, fix: `Create it with \`npx quantcourse new lesson ${l.slug}\` (after removing this line), or fix the slug.` });
      for (const id of l.exercises) {
        if (!knownExercises.has(id)) problems.push({ file: atLesson(l.slug), message: `lists exercise "${id}" under "${l.slug}", but exercises/${id}/exercise.ts does not exist`, fix: `Create it with \`npx quantcourse new exercise ${id} --lesson ${l.slug}\` (after removing it here), or fix the id (see \`npx quantcourse list\`).` });
      }
    }
    for (const id of knownExercises) {
      if (!lessonOfExercise.has(id)) warnings.push({ file: `exercises/${id}/exercise.ts`, message: `is in no lesson of lessons/${MANIFEST_NAME}, so no page shows it`, fix: `Add ${id} to the \`exercises\` of the lesson that places it in lessons/${MANIFEST_NAME}, and place <Exercise id="${id}" /> in that lesson.` });
    }
  }

  const widgets = new Set(widgetNames(WIDGETS_DIR));
  for (const name of files) {
    const file = path.join(LESSONS_DIR, name);
    const at = (line?: number) => (line ? `${rel(file)}:${line}` : rel(file));
    const slug = name.replace(/\.mdx?$/, '');
    if (name.endsWith('.md')) {
      problems.push({ file: at(), message: 'is a .md file; the site only loads lessons/*.mdx', fix: `Rename it to lessons/${slug}.mdx.` });
    }
    if (!isSlug(slug)) {
      problems.push({ file: at(), message: `"${slug}" is not a valid lesson slug (the page URL and the manifest use it)`, fix: `Rename the file in ${SLUG_RULE}.` });
    }
    if (manifest && !entryOf.has(slug)) {
      problems.push({ file: at(), message: `is not in lessons/${MANIFEST_NAME}, so the course does not include it`, fix: `Add the line "  - { slug: ${slug}, exercises: [] }" to lessons/${MANIFEST_NAME} where the lesson belongs in the course.` });
    }
    let parsed;
    try {
      parsed = parseMdx(readText(file) ?? '');
    } catch (e) {
      if (!(e instanceof FrontMatterError)) throw e;
      problems.push({ file: at(e.line), message: `front matter cannot be read: ${e.message}`, fix: 'Write the front matter as YAML "key: value" lines between --- fences (see `npx quantcourse new lesson`).' });
      continue;
    }
    if (!parsed.data) {
      problems.push({ file: at(1), message: 'has no front matter', fix: 'Start the file with --- fences holding title and summary (see `npx quantcourse new lesson <slug>` for a template).' });
      continue;
    }
    const result = lessonSchema.safeParse(parsed.data);
    if (!result.success) {
      for (const issue of result.error.issues) {
        for (const key of issue.code === 'unrecognized_keys' ? issue.keys : [undefined]) {
          const field = key ?? String(issue.path[0] ?? '');
          const description = (lessonSchema.shape as Record<string, { description?: string }>)[field]?.description;
          problems.push(key !== undefined
            ? { file: at(), message: `front matter field "${key}" is not a lesson field${MOVED[key] ? `: ${MOVED[key]}` : ''}`, fix: `Remove "${key}" from the front matter (its fields: ${Object.keys(lessonSchema.shape).join(', ')}).` }
            : { file: at(), message: `front matter ${field ? `field "${issue.path.join('.')}"` : ''}: ${issue.message}`, fix: description ? `${field}: ${description}` : `Fix the front matter (fields: ${Object.keys(lessonSchema.shape).join(', ')}).` });
        }
      }
    }

    const placed = readPlacements(parsed.body, parsed.bodyLine);
    for (const p of placed.problems) problems.push({ file: at(p.line), message: p.message, fix: p.fix });
    const listed = entryOf.get(slug)?.exercises;
    for (const p of placed.exercises) {
      if (!knownExercises.has(p.value)) problems.push({ file: at(p.line), message: `places <Exercise id="${p.value}" />, but exercises/${p.value}/exercise.ts does not exist`, fix: `Create it with \`npx quantcourse new exercise ${p.value} --lesson ${slug}\`, or fix the id (see \`npx quantcourse list\`).` });
      else if (listed && !listed.includes(p.value)) {
        const owner = lessonOfExercise.get(p.value);
        problems.push({ file: at(p.line), message: `places exercise "${p.value}", but lessons/${MANIFEST_NAME} ${owner ? `lists it under "${owner}"` : `does not list it under "${slug}"`}`, fix: owner ? `Place it only in lessons/${owner}.mdx, or move it to "${slug}" in lessons/${MANIFEST_NAME}.` : `Add ${p.value} to the exercises of "${slug}" in lessons/${MANIFEST_NAME}.` });
      }
    }
    for (const id of listed ?? []) {
      if (!placed.exercises.some((p) => p.value === id)) problems.push({ file: atLesson(slug), message: `lists exercise "${id}" under "${slug}", but lessons/${slug}.mdx never places <Exercise id="${id}" />`, fix: `Place <Exercise id="${id}" /> where the learner should try it, or remove ${id} from the line.` });
    }
    const placedListed = placed.exercises.map((p) => p.value).filter((id, i, all) => listed?.includes(id) && all.indexOf(id) === i);
    if (listed && placedListed.length === listed.length && placedListed.join() !== listed.join()) {
      problems.push({ file: atLesson(slug), message: `lists the exercises of "${slug}" as [${listed.join(', ')}], but the page places them in the order [${placedListed.join(', ')}]`, fix: `List them in page order: exercises: [${placedListed.join(', ')}].` });
    }
    for (const p of placed.widgets) {
      if (!widgets.has(p.value)) problems.push({ file: at(p.line), message: `places <Widget name="${p.value}" />, but there is no widget src/widgets/${p.value}/index.ts`, fix: `Use one of: ${[...widgets].join(', ') || '(none yet)'}, or write src/widgets/${p.value}/index.ts (default export mount(root, props)).` });
    }
  }
  return scan;
}
