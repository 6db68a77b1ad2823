/** `quantcourse docs`: the exercise fields, printed from the zod schema's own descriptions. */
import { exerciseSchema } from '../../grading/exercise-schema.ts';

/** Print each exercise field with its description. */
export function docsCommand(o: { out?: (s: string) => void } = {}): number {
  const out = o.out ?? ((s) => process.stdout.write(s));
  out('Fields of an exercise (exercises/<id>/exercise.ts, `export default defineExercise({...})`):\n\n');
  for (const [name, field] of Object.entries(exerciseSchema.shape)) {
    const optional = field.safeParse(undefined).success ? ' (optional)' : '';
    out(`  ${name}${optional}\n      ${field.description ?? ''}\n`);
  }
  return 0;
}
