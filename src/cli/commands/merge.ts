/** `quantcourse merge`: combine the JSON of `grade --all --shard i/n` jobs into one set of reports. */
import { compactWireList } from '../json.ts';
import { mergeResults, readResults } from '../merge.ts';
import { checkOutputs, writeOutputs, type OutputFile } from '../outputs.ts';
import { toGradescope } from '../reports/gradescope.ts';
import { toJunit } from '../reports/junit.ts';
import { classSummaryOf } from '../reports/class-summary.ts';
import { toHtmlReport } from '../reports/html-report.ts';
import { allPassed, compactCases, type RunResults } from '../reports/results.ts';
import { toTable } from '../reports/table.ts';

/** Options of `merge`, already parsed. */
export interface MergeOptions {
  files: string[];
  /** Where the merged JSON goes ("-" for stdout). */
  json?: string;
  junit?: string;
  gradescope?: string;
  /** Write the class report (HTML) to this file. */
  report?: string;
  /** Keep every case the inputs hold (default: the failed ones, the passed counted). */
  cases?: boolean;
  out?: (s: string) => void;
  err?: (s: string) => void;
  isTTY?: boolean;
}

/**
 * Merge and report; resolves to 0 when every submission passed, 1 otherwise (as `grade` does), 2 when
 * a report file could not be written (the others are, and the table or JSON is printed).
 */
export async function mergeCommand(o: MergeOptions): Promise<number> {
  const out = o.out ?? ((s) => process.stdout.write(s));
  const err = o.err ?? ((s) => process.stderr.write(s));
  const tty = o.isTTY ?? (process.stdout.isTTY === true);
  const outputs: OutputFile[] = [
    ...(o.json !== undefined && o.json !== '-' ? [{ option: '--json', file: o.json }] : []),
    ...(o.junit !== undefined ? [{ option: '--junit', file: o.junit }] : []),
    ...(o.gradescope !== undefined ? [{ option: '--gradescope', file: o.gradescope }] : []),
    ...(o.report !== undefined ? [{ option: '--report', file: o.report }] : []),
  ];
  checkOutputs(outputs);
  // Each file is made compact as it is read (an old, pretty output with every case included), so
  // only one file's every case is in memory at a time.
  const run = mergeResults(o.files.map((f) => {
    const r = readResults(f);
    return o.cases ? r : { ...r, run: { ...r.run, submissions: r.run.submissions.map(compactCases) } };
  }));
  const merged = () => compactJson(run);
  const notWritten = writeOutputs([
    ...(o.json !== undefined && o.json !== '-' ? [{ option: '--json', file: o.json, text: merged }] : []),
    ...(o.junit !== undefined ? [{ option: '--junit', file: o.junit, text: () => toJunit(run) }] : []),
    ...(o.gradescope !== undefined ? [{ option: '--gradescope', file: o.gradescope, text: () => JSON.stringify(toGradescope(run), null, 2) + '\n' }] : []),
    ...(o.report !== undefined ? [{ option: '--report', file: o.report, text: () => toHtmlReport(classSummaryOf(run), { generated: new Date().toISOString(), skipped: run.skipped?.length }) }] : []),
  ]);
  // A merged JSON that could not be written is printed instead, so the merge is never lost.
  const jsonLost = notWritten.some((l) => l.startsWith('--json '));
  if (o.json === '-' || jsonLost) out(merged());
  else out(toTable(run, { color: tty && !process.env.NO_COLOR, width: process.stdout.columns ?? 120 }) + '\n');
  if (notWritten.length) {
    err(`quantcourse: ${notWritten.join('\nquantcourse: ')}\n(the ${jsonLost ? 'merged JSON is printed above' : 'results are printed above'}${outputs.length > notWritten.length ? ' and the other report files were written' : ''})\n`);
    return 2;
  }
  return allPassed(run) ? 0 : 1;
}

/** The merged run as `grade --json` prints it: one submission per line. */
function compactJson(run: RunResults): string {
  const { submissions, ...head } = run;
  return compactWireList(head, 'submissions', submissions);
}
