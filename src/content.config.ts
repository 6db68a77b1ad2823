/// <reference types="astro/client" />
/**
 * The lessons collection: one MDX file per lesson in lessons/, front matter validated by
 * lessonSchema (their order is lessons/course.yaml's, applied in src/components/course.ts).
 * QUANTCOURSE_EXTRA_LESSONS (a folder with its own course.yaml) adds test fixtures to a build, so
 * the browser tests never depend on which lessons happen to exist.
 */
import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';
import { extraLessonsDir } from './content/course-files.ts';
import { lessonSchema } from './content/lesson-schema.ts';

const extra = extraLessonsDir();

// The id is the file name without .mdx, wherever the file lives.
const idOf = ({ entry }: { entry: string }) => entry.replace(/^.*\//, '').replace(/\.mdx$/, '');

const lessons = defineCollection({
  loader: extra
    ? glob({ pattern: ['lessons/*.mdx', `${extra}/*.mdx`], base: '.', generateId: idOf })
    : glob({ pattern: '*.mdx', base: './lessons', generateId: idOf }),
  schema: lessonSchema,
});

export const collections = { lessons };
