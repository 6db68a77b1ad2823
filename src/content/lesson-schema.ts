/**
 * The front matter every lesson (lessons/<slug>.mdx) carries: what the page says about itself.
 * Its place in the course and its exercises are in lessons/course.yaml, its widgets in its body.
 * One schema for the site's content collection and for `quantcourse check`; the descriptions
 * double as the authors' reference.
 */
import { z } from 'zod';

/** The schema of a lesson's front matter. */
export const lessonSchema = z
  .object({
    title: z.string().min(3).describe('Page title, also shown in the sidebar.'),
    summary: z.string().min(10).describe('One or two sentences for the home page and the page description.'),
    draft: z.boolean().default(false).describe('A draft is built but left out of the sidebar and the previous/next links.'),
  })
  .strict();

/** Lesson front matter as authors write it. */
export type LessonInput = z.input<typeof lessonSchema>;
/** Lesson front matter after validation. */
export type Lesson = z.output<typeof lessonSchema>;
