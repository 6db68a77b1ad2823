/// <reference types="astro/client" />
/**
 * The course's lessons in order and the site's URLs, for pages and layouts (build time only).
 * Every URL goes through `href`, so the site works under any base path.
 */
import { getCollection } from 'astro:content';
import type { Lesson } from '../content/lesson-schema.ts';

/**
 * A lesson entry of the content collection. Spelled out rather than CollectionEntry<'lessons'>,
 * whose type exists only after Astro generated .astro/ (so `tsc` on a clean clone passes too).
 */
export interface LessonEntry {
  id: string;
  collection: 'lessons';
  data: Lesson;
  body?: string;
  filePath?: string;
}

/** A URL inside the site, under the configured base path: href('lessons/floats/'). */
export function href(path = ''): string {
  const base = import.meta.env.BASE_URL.endsWith('/') ? import.meta.env.BASE_URL : `${import.meta.env.BASE_URL}/`;
  return base + path.replace(/^\/+/, '');
}

/** The page of one lesson. */
export function lessonHref(slug: string): string {
  return href(`lessons/${slug}/`);
}

/** Every lesson, drafts included, ordered by `order` (then slug, so ties are stable). */
export async function allLessons(): Promise<LessonEntry[]> {
  const lessons = (await getCollection('lessons')) as unknown as LessonEntry[];
  return lessons.sort((a, b) => a.data.order - b.data.order || a.id.localeCompare(b.id));
}

/** The lessons shown in the sidebar and linked as previous/next: drafts left out. */
export async function publishedLessons(): Promise<LessonEntry[]> {
  return (await allLessons()).filter((l) => !l.data.draft);
}
