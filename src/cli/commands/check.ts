/** `quantcourse check`: print the content check's findings; exit 1 when anything is wrong. */
import { checkContent } from '../check.ts';
import { palette } from '../reports/table.ts';

/** Run the content check and print one line per exercise, then each problem and note with its fix. */
export async function checkCommand(o: { ids?: string[]; out?: (s: string) => void }): Promise<number> {
  const out = o.out ?? ((s) => process.stdout.write(s));
  const c = palette(process.stdout.isTTY === true && !process.env.NO_COLOR);
  const report = await checkContent({ ids: o.ids?.length ? o.ids : undefined });
  for (const line of report.summary) out(`  ${line}\n`);
  for (const p of report.warnings) out(`\n${c.yellow('note')} ${c.bold(p.file)}: ${p.message}\n  ${c.dim('fix:')} ${p.fix}\n`);
  for (const p of report.problems) out(`\n${c.red('problem')} ${c.bold(p.file)}: ${p.message}\n  ${c.dim('fix:')} ${p.fix}\n`);
  const ok = report.problems.length === 0;
  const notes = report.warnings.length ? `, ${report.warnings.length} note(s)` : '';
  out(`\n${ok ? c.green('check passed') : c.red('check failed')}: ${report.exercises} exercises, ${report.lessons} lessons, ${report.problems.length} problem(s)${notes}\n`);
  return ok ? 0 : 1;
}
