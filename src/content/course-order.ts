/** The site's lessons put in the manifest's order, each with the exercises the manifest gives it. */
import type { ManifestLesson } from './manifest.ts';

/**
 * The entries in manifest order, each with its exercises. A lesson file the manifest does not list,
 * or a listed lesson with no file, stops the build with a message naming both.
 */
export function inCourseOrder<T extends { id: string }>(entries: readonly T[], lessons: readonly ManifestLesson[], manifestNames: string): (T & { exercises: string[] })[] {
  const byId = new Map(entries.map((e) => [e.id, e]));
  const listed = new Set(lessons.map((l) => l.slug));
  const unlisted = entries.filter((e) => !listed.has(e.id)).map((e) => e.id);
  if (unlisted.length) throw new Error(`${unlisted.map((s) => `lessons/${s}.mdx`).join(', ')} ${unlisted.length === 1 ? 'is' : 'are'} in no course manifest (${manifestNames}): add a line "- { slug: ${unlisted[0]}, exercises: [] }" where the lesson belongs.`);
  const missing = lessons.filter((l) => !byId.has(l.slug)).map((l) => l.slug);
  if (missing.length) throw new Error(`${manifestNames} lists ${missing.map((s) => `"${s}"`).join(', ')}, but there is no lessons/${missing[0]}.mdx: create it (\`npx quantcourse new lesson ${missing[0]}\`) or remove the line.`);
  return lessons.map((l) => ({ ...byId.get(l.slug)!, exercises: [...l.exercises] }));
}
