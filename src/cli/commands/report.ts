/** `quantcourse report`: the class report (one self-contained HTML file) from `grade --json` outputs. */
import { mergeResults } from '../merge.ts';
import { checkOutputs, writeOutputs } from '../outputs.ts';
import { ClassSummary } from '../reports/class-summary.ts';
import { toHtmlReport } from '../reports/html-report.ts';
import { compactCases } from '../reports/results.ts';
import { fullSubmission, scanResults } from '../results-scan.ts';
import { UsageError } from '../submissions.ts';

/** Options of `report`, already parsed. */
export interface ReportOptions {
  files: string[];
  /** The HTML file to write. */
  output?: string;
  out?: (s: string) => void;
  err?: (s: string) => void;
}

/** Write the report; resolves to 0, or 2 when it could not be written. Several files are merged first (the shards of one class). */
export async function reportCommand(o: ReportOptions): Promise<number> {
  const out = o.out ?? ((s) => process.stdout.write(s));
  const err = o.err ?? ((s) => process.stderr.write(s));
  if (o.files.length === 0) throw new UsageError('Name the results: quantcourse report <results.json>... -o report.html');
  if (o.output === undefined) throw new UsageError('Name the file to write: quantcourse report <results.json>... -o report.html');
  checkOutputs([{ option: '-o', file: o.output }]);
  // Compact as each file is read: the report counts failed cases, and old outputs hold every case.
  // A compact output is scanned, not held: each submission is read whole again only to be counted.
  const run = mergeResults(o.files.map((f) => {
    const r = scanResults(f);
    return { ...r, run: { ...r.run, submissions: r.run.submissions.map(compactCases) } };
  }));
  const summary = new ClassSummary();
  for (const s of run.submissions) summary.add(compactCases(fullSubmission(s)));
  const failed = writeOutputs([{ option: '-o', file: o.output, text: () => toHtmlReport(summary, { generated: new Date().toISOString(), skipped: run.skipped?.length }) }]);
  if (failed.length) {
    err(`quantcourse: ${failed.join('\n')}\n`);
    return 2;
  }
  out(`Wrote ${o.output}: ${summary.students.size} student(s), ${summary.exercises.size} exercise(s). Open it in a browser.\n`);
  return 0;
}
