/** `quantcourse docs`: the fields of an exercise and of a lesson's manifest line, printed from the zod schemas' own descriptions. */
import { lessonSchema } from '../../content/lesson-schema.ts';
import { manifestLessonSchema } from '../../content/manifest.ts';
import { exerciseSchema } from '../../grading/exercise-schema.ts';
import type { z } from 'zod';

/** Print each exercise field, lesson manifest field and lesson front matter field with its description. */
export function docsCommand(o: { out?: (s: string) => void } = {}): number {
  const out = o.out ?? ((s) => process.stdout.write(s));
  const fields = (shape: Record<string, z.ZodType>) => {
    for (const [name, field] of Object.entries(shape)) {
      const optional = field.safeParse(undefined).success ? ' (optional)' : '';
      out(`  ${name}${optional}\n      ${field.description ?? ''}\n`);
    }
  };
  out('Fields of an exercise (exercises/<id>/exercise.ts, `export default defineExercise({...})`):\n\n');
  fields(exerciseSchema.shape);
  out('\nFields of a lesson in lessons/course.yaml (one line each, in course order: `- { slug: <lesson>, exercises: [<id>, …] }`):\n\n');
  fields(manifestLessonSchema.shape);
  out('\nFields of a lesson\'s front matter (lessons/<slug>.mdx):\n\n');
  fields(lessonSchema.shape);
  return 0;
}
