/** `quantcourse list`: the exercises, with their lesson and the functions to write. */
import type { Exercise } from '../../grading/exercise.ts';
import { DEFAULT_TIMEOUT_MS } from '../../grading/grade.ts';
import { exerciseIds, lessonOfExercise, loadExercise } from '../content.ts';

/** Print every exercise (as a table, or JSON); one that cannot load is named on stderr, not fatal. */
export async function listCommand(o: { json?: boolean; out?: (s: string) => void; err?: (s: string) => void }): Promise<number> {
  const out = o.out ?? ((s) => process.stdout.write(s));
  const err = o.err ?? ((s) => process.stderr.write(s));
  const all: Exercise[] = [];
  let broken = 0;
  for (const id of exerciseIds()) {
    try {
      all.push(await loadExercise(id));
    } catch (e) {
      broken++;
      err(`quantcourse: exercises/${id}/exercise.ts cannot be loaded (run \`npx quantcourse check ${id}\`): ${(e as Error).message}\n`);
    }
  }
  if (o.json) {
    const lessonOf = lessonOfExercise();
    out(JSON.stringify(all.map((e) => ({ id: e.id, title: e.title, lesson: lessonOf.get(e.id) ?? null, functions: e.functions, hiddenCount: e.hiddenCount, timeoutMs: e.timeoutMs ?? DEFAULT_TIMEOUT_MS })), null, 2) + '\n');
    return broken ? 1 : 0;
  }
  const w = Math.max(...all.map((e) => e.id.length), 2) + 2;
  out(`${'id'.padEnd(w)}${'functions'.padEnd(44)}title\n`);
  for (const e of all) out(`${e.id.padEnd(w)}${e.functions.join(', ').padEnd(44)}${e.title}\n`);
  return broken ? 1 : 0;
}
