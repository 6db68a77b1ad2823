/** `quantcourse list`: the exercises, with their lesson and the functions to write. */
import { loadAllExercises } from '../content.ts';

/** Print every exercise (as a table, or JSON). */
export async function listCommand(o: { json?: boolean; out?: (s: string) => void }): Promise<number> {
  const out = o.out ?? ((s) => process.stdout.write(s));
  const all = await loadAllExercises();
  if (o.json) {
    out(JSON.stringify(all.map((e) => ({ id: e.id, title: e.title, lesson: e.lesson, functions: e.functions, hiddenCount: e.hiddenCount })), null, 2) + '\n');
    return 0;
  }
  const w = Math.max(...all.map((e) => e.id.length), 2) + 2;
  out(`${'id'.padEnd(w)}${'functions'.padEnd(44)}title\n`);
  for (const e of all) out(`${e.id.padEnd(w)}${e.functions.join(', ').padEnd(44)}${e.title}\n`);
  return 0;
}
