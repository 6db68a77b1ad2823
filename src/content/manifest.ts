/**
 * The course manifest, lessons/course.yaml: the lessons in order, each with the exercises it
 * places. It is the one place order and membership are written; what a lesson shows is read from
 * its body (placements.ts). The descriptions double as the authors' reference (`quantcourse docs`).
 */
import yaml from 'js-yaml';
import { z } from 'zod';
import { slugSchema } from './slug.ts';

/** One lesson of the course, one line of the manifest. */
export const manifestLessonSchema = z
  .object({
    slug: slugSchema.describe('The lesson file lessons/<slug>.mdx; also its page URL, /lessons/<slug>/.'),
    exercises: z
      .array(slugSchema)
      .default([])
      .describe('The exercises the lesson places with <Exercise id="…" />, in page order; each is a folder exercises/<id>/. In the course, an exercise belongs to one lesson (`quantcourse check`); the test fixtures may share one.'),
  })
  .strict();

/** The schema of lessons/course.yaml. */
export const manifestSchema = z
  .object({
    // "lessons:" with nothing under it reads as null: a course with no lesson yet.
    lessons: z
      .preprocess((v) => (v === null ? [] : v), z.array(manifestLessonSchema))
      .describe('The lessons in course order, one line each: the sidebar, the home page and the previous/next links follow it. Adding a lesson is one line here plus its MDX file (`quantcourse new lesson <slug> --after <slug>` writes both).'),
  })
  .strict()
  .superRefine((m, ctx) => {
    m.lessons.forEach((l, i) => {
      if (m.lessons.findIndex((o) => o.slug === l.slug) < i) ctx.addIssue({ code: 'custom', path: ['lessons', i, 'slug'], message: `lesson "${l.slug}" is listed twice` });
    });
  });

/** The manifest as authors write it. */
export type ManifestInput = z.input<typeof manifestSchema>;
/** The manifest after validation. */
export type Manifest = z.output<typeof manifestSchema>;
/** One lesson of the manifest after validation. */
export type ManifestLesson = Manifest['lessons'][number];

/** One thing wrong with a manifest, with the file line it is on when known. */
export interface ManifestIssue {
  line?: number;
  message: string;
}

/** A manifest that cannot be used; `issues` names each thing wrong, and the message lists them all. */
export class ManifestError extends Error {
  readonly file: string;
  readonly issues: ManifestIssue[];
  constructor(file: string, issues: ManifestIssue[]) {
    super(`${file} is not a valid course manifest:\n${issues.map((i) => `  - ${i.line ? `line ${i.line}: ` : ''}${i.message}`).join('\n')}`);
    this.file = file;
    this.issues = issues;
  }
}

/** Parse and validate the text of a manifest; `file` names it in the messages. Throws ManifestError. */
export function parseManifest(text: string, file = 'lessons/course.yaml'): Manifest {
  let data: unknown;
  try {
    data = yaml.load(text);
  } catch (e) {
    if (e instanceof yaml.YAMLException) throw new ManifestError(file, [{ line: (e.mark?.line ?? 0) + 1, message: `not readable as YAML: ${e.reason}` }]);
    throw e;
  }
  const parsed = manifestSchema.safeParse(data ?? {});
  if (parsed.success) return parsed.data;
  const raw = (data ?? {}) as { lessons?: { slug?: unknown }[] };
  const lines = text.split(/\r?\n/);
  throw new ManifestError(file, parsed.error.issues.map((issue) => {
    const [top, index, field, item] = issue.path;
    if (top !== 'lessons' || typeof index !== 'number') return { message: `${issue.path.join('.') || '(top level)'}: ${issue.message}${issue.path.length === 0 ? ' (the file holds one field, `lessons:`, a list of lessons)' : ''}` };
    const slug = Array.isArray(raw.lessons) && typeof raw.lessons[index]?.slug === 'string' ? raw.lessons[index].slug : undefined;
    const where = `lesson ${index + 1}${slug ? ` ("${slug}")` : ''}`;
    const what = field === undefined ? '' : typeof item === 'number' ? ` ${String(field)}[${item}]` : ` ${String(field)}`;
    const nth = slug ? raw.lessons!.slice(0, index).filter((l) => l?.slug === slug).length : 0;
    return { line: slug ? lineOfLesson(lines, slug, nth) : undefined, message: `${where}${what}: ${issue.message}` };
  }));
}

/** The 1-based line of the nth (from 0) manifest entry naming lesson `slug`, when the text has one. */
export function lineOfLesson(text: string | string[], slug: string, nth = 0): number | undefined {
  const lines = typeof text === 'string' ? text.split(/\r?\n/) : text;
  const pattern = new RegExp(`\\bslug:\\s*["']?${slug.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}["']?(?![\\w-])`);
  let seen = 0;
  for (let i = 0; i < lines.length; i++) {
    if (pattern.test(lines[i]!) && seen++ === nth) return i + 1;
  }
  return undefined;
}
