/// <reference types="astro/client" />
/**
 * The course's lessons in order and the site's URLs, for pages and layouts (build time only).
 * The order and each lesson's exercises come from lessons/course.yaml (then the test fixtures'
 * manifest, when a build adds them). Every URL goes through `href`, so the site works under any base path.
 */
import path from 'node:path';
import { getCollection } from 'astro:content';
import { extraLessonsDir, loadManifest } from '../content/course-files.ts';
import { inCourseOrder } from '../content/course-order.ts';
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
  /** The exercises the manifest gives the lesson, in page order. */
  exercises: string[];
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

/** Every lesson, drafts included, in the manifest's order. */
export async function allLessons(): Promise<LessonEntry[]> {
  const entries = (await getCollection('lessons')) as unknown as Omit<LessonEntry, 'exercises'>[];
  // Read on each call, not at load, so the dev server follows edits to the manifest.
  const dirs = ['lessons', extraLessonsDir()].filter((d): d is string => d !== undefined);
  const lessons = dirs.flatMap((d) => loadManifest(path.resolve(d), `${d}/course.yaml`).lessons);
  return inCourseOrder(entries, lessons, dirs.map((d) => `${d}/course.yaml`).join(' + '));
}

/** The lessons shown in the sidebar and linked as previous/next: drafts left out. */
export async function publishedLessons(): Promise<LessonEntry[]> {
  return (await allLessons()).filter((l) => !l.data.draft);
}
