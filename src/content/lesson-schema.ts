/**
 * The front matter every lesson (lessons/<slug>.mdx) carries. One schema for the site's content
 * collection and for `quantcourse check`; the descriptions double as the authors' reference.
 */
import { z } from 'zod';

const slug = z.string().regex(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/, 'must be a kebab-case slug such as "quantize-blocks"');

/** The names of the interactive widgets a lesson may place with <Widget name="…" />. */
export const WIDGET_NAMES = [
  'tiny-network', 'uint8-bits', 'float-explorer', 'float-histogram', 'sine-formats', 'param-histogram',
  'number-line', 'tiny-model-rounding', 'symmetric-grid', 'asymmetric-grid', 'outlier-drag', 'block-size-error',
  'ggml-block', 'kquant-block', 'mx-block', 'next-token-table', 'sliding-window', 'kl-curves', 'digit-distribution',
  'model-lab', 'bandwidth-calculator', 'essay-results',
] as const;

/** A widget name. */
export type WidgetName = (typeof WIDGET_NAMES)[number];

/** The schema of a lesson's front matter. */
export const lessonSchema = z.object({
  title: z.string().min(3).describe('Page title, also shown in the sidebar.'),
  order: z.number().int().min(1).describe('Position in the course; lessons are listed by this number.'),
  summary: z.string().min(10).describe('One or two sentences for the home page and the page description.'),
  exercises: z.array(slug).default([]).describe('Ids of the exercises this lesson places with <Exercise id="…" />; each must exist in exercises/.'),
  widgets: z.array(z.enum(WIDGET_NAMES)).default([]).describe('Names of the widgets this lesson places with <Widget name="…" />.'),
  draft: z.boolean().default(false).describe('A draft is built but left out of the sidebar and the previous/next links.'),
});

/** Lesson front matter as authors write it. */
export type LessonInput = z.input<typeof lessonSchema>;
/** Lesson front matter after validation. */
export type Lesson = z.output<typeof lessonSchema>;
