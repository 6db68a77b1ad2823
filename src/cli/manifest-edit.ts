/**
 * Edits of lessons/course.yaml made as text, so its comments and layout stay as the author wrote
 * them: insert a lesson's line, add an exercise to a lesson's line. Each edit is re-read with the
 * manifest schema and refused unless it changed exactly what it meant to.
 */
import { parseManifest, type Manifest } from '../content/manifest.ts';
import { UsageError } from './submissions.ts';

/** The manifest a course without one starts from. */
export const NEW_MANIFEST = `# The course, in order: one line per lesson (lessons/<slug>.mdx) with the exercises it places.
# \`npx quantcourse new lesson|exercise\` edit this file; \`npx quantcourse docs\` describes it.
lessons:
`;

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The line index of the list item naming `slug`, and its "  - " prefix. */
function findEntry(lines: string[], slug: string): { index: number; prefix: string } | undefined {
  const pattern = new RegExp(`^(\\s*-\\s+)(\\{\\s*)?slug:\\s*["']?${escape(slug)}["']?\\s*([,}#]|$)`);
  for (let index = 0; index < lines.length; index++) {
    const m = pattern.exec(lines[index]!);
    if (m) return { index, prefix: m[1]! };
  }
  return undefined;
}

/** The index of the last line of the item starting at `start` (lines indented deeper than its dash belong to it). */
function entryEnd(lines: string[], start: number, prefix: string): number {
  const dash = prefix.indexOf('-');
  let end = start;
  for (let i = start + 1; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.trim() === '') continue;
    if (line.search(/\S/) <= dash) break;
    end = i;
  }
  return end;
}

/** Re-read an edited manifest and refuse it unless it is the one expected. */
function verified(text: string, expected: Manifest, file: string): string {
  let got: Manifest | undefined;
  try {
    got = parseManifest(text, file);
  } catch {
    got = undefined;
  }
  if (JSON.stringify(got) !== JSON.stringify(expected)) throw new UsageError(`Could not edit ${file} safely (its layout is not one line per lesson); nothing was written. Make the change by hand.`);
  return text;
}

/** Read the current manifest for an edit; a broken one is a usage error naming the problems. */
function current(text: string, file: string): Manifest {
  try {
    return parseManifest(text, file);
  } catch (e) {
    throw new UsageError(`${(e as Error).message}\nFix it first (\`npx quantcourse check\` explains each problem); nothing was written.`);
  }
}

/** The manifest text with a line for lesson `slug` after lesson `after` (default: at the end). */
export function insertLesson(text: string | undefined, slug: string, after: string | undefined, file = 'lessons/course.yaml'): string {
  text ??= NEW_MANIFEST;
  const manifest = current(text, file);
  if (manifest.lessons.some((l) => l.slug === slug)) throw new UsageError(`${file} lists "${slug}" already; nothing was written.`);
  const at = after === undefined ? manifest.lessons.length : manifest.lessons.findIndex((l) => l.slug === after) + 1;
  if (after !== undefined && at === 0) throw new UsageError(`--after ${after}: ${file} has no lesson "${after}"; nothing was written. Its lessons: ${manifest.lessons.map((l) => l.slug).join(', ') || '(none)'}.`);
  const expected: Manifest = { lessons: [...manifest.lessons.slice(0, at), { slug, exercises: [] }, ...manifest.lessons.slice(at)] };

  const lines = text.split('\n');
  const anchor = at > 0 ? manifest.lessons[at - 1]!.slug : undefined;
  const entry = anchor === undefined ? undefined : findEntry(lines, anchor);
  if (entry) {
    lines.splice(entryEnd(lines, entry.index, entry.prefix) + 1, 0, `${entry.prefix}{ slug: ${slug}, exercises: [] }`);
  } else if (anchor !== undefined) {
    return verified(text, expected, file);
  } else {
    // No lesson yet: "lessons:" (or "lessons: []") becomes the start of a list.
    const head = lines.findIndex((l) => /^lessons:\s*(\[\s*\])?\s*(#.*)?$/.test(l));
    if (head < 0) return verified(text, expected, file);
    lines.splice(head, 1, 'lessons:', `  - { slug: ${slug}, exercises: [] }`);
  }
  return verified(lines.join('\n'), expected, file);
}

/** The manifest text with exercise `id` added at the end of lesson `lesson`'s exercises. */
export function addExercise(text: string, lesson: string, id: string, file = 'lessons/course.yaml'): string {
  const manifest = current(text, file);
  const owner = manifest.lessons.find((l) => l.exercises.includes(id));
  if (owner) throw new UsageError(`${file} lists exercise "${id}" under "${owner.slug}" already; nothing was written.`);
  if (!manifest.lessons.some((l) => l.slug === lesson)) throw new UsageError(`${file} has no lesson "${lesson}" to add the exercise to; nothing was written. Add the lesson first: npx quantcourse new lesson ${lesson}`);
  const expected: Manifest = { lessons: manifest.lessons.map((l) => (l.slug === lesson ? { ...l, exercises: [...l.exercises, id] } : l)) };
  const lines = text.split('\n');
  const entry = findEntry(lines, lesson);
  if (!entry) return verified(text, expected, file);
  const line = lines[entry.index]!;
  const list = /(\bexercises:\s*\[)([^\]]*)\]/.exec(line);
  if (list) {
    const items = list[2]!.trim();
    lines[entry.index] = line.replace(list[0], `${list[1]}${items ? `${items.replace(/,\s*$/, '')}, ` : ''}${id}]`);
  } else {
    lines[entry.index] = line.replace(/\s*\}(\s*(#.*)?)$/, `, exercises: [${id}] }$1`);
  }
  return verified(lines.join('\n'), expected, file);
}
