/** `quantcourse merge`: combine the JSON of `grade --all --shard i/n` jobs into one set of reports. */
import { closeSync, openSync, writeSync } from 'node:fs';
import { JsonListWriter } from '../json.ts';
import { mergeResults } from '../merge.ts';
import { checkOutputs, notWrittenLine, writeOutputs, type OutputFile } from '../outputs.ts';
import { ClassSummary } from '../reports/class-summary.ts';
import { toGradescope } from '../reports/gradescope.ts';
import { toHtmlReport } from '../reports/html-report.ts';
import { toJunit } from '../reports/junit.ts';
import { allPassed, compactCases, heldForReports, type RunResults, type SubmissionResult } from '../reports/results.ts';
import { fullSubmission, scanResults } from '../results-scan.ts';
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
  // Each file is scanned, not held: a submission is kept as its keys until the pass below reads it
  // whole again, hands it to the outputs and lets it go (an old, indented file is held, compacted).
  const run = mergeResults(o.files.map((f) => {
    const r = scanResults(f);
    return o.cases ? r : { ...r, run: { ...r.run, submissions: r.run.submissions.map(compactCases) } };
  }));
  const whole = (s: SubmissionResult) => (o.cases ? fullSubmission(s) : compactCases(fullSubmission(s)));
  const jsonFile = o.json !== undefined && o.json !== '-' ? { option: '--json', file: o.json } : undefined;
  const notWritten: string[] = [];
  const json = jsonFile ? fileJson(jsonFile, run, notWritten) : o.json === '-' ? new JsonListWriter(out, headOf(run), 'submissions') : undefined;
  const summary = o.report !== undefined ? new ClassSummary() : undefined;
  const held: SubmissionResult[] = [];
  let withValues = 0;
  // One pass in the merged order, as grade hands on each result: the JSON gets it whole, the report
  // its counts, the table, JUnit and Gradescope a slim copy.
  for (const key of run.submissions) {
    const s = whole(key);
    json?.add(s);
    summary?.add(s);
    const keepValues = s.status !== 'passed' && withValues < TABLE_DETAILS;
    if (keepValues) withValues++;
    held.push(heldForReports(s, keepValues));
  }
  json?.end();
  const slim: RunResults = { ...headOf(run), submissions: held };
  notWritten.push(...writeOutputs([
    ...(o.junit !== undefined ? [{ option: '--junit', file: o.junit, text: () => toJunit(slim) }] : []),
    ...(o.gradescope !== undefined ? [{ option: '--gradescope', file: o.gradescope, text: () => JSON.stringify(toGradescope(slim), null, 2) + '\n' }] : []),
    ...(summary && o.report !== undefined ? [{ option: '--report', file: o.report, text: () => toHtmlReport(summary, { generated: new Date().toISOString(), skipped: run.skipped?.length }) }] : []),
  ]));
  // A merged JSON that could not be written is printed instead, so the merge is never lost.
  const jsonLost = notWritten.some((l) => l.startsWith('--json '));
  if (jsonLost) {
    const again = new JsonListWriter(out, headOf(run), 'submissions');
    for (const key of run.submissions) again.add(whole(key));
    again.end();
  } else if (o.json !== '-') out(toTable(slim, { color: tty && !process.env.NO_COLOR, width: process.stdout.columns ?? 120 }) + '\n');
  if (notWritten.length) {
    err(`quantcourse: ${notWritten.join('\nquantcourse: ')}\n(the ${jsonLost ? 'merged JSON is printed above' : 'results are printed above'}${outputs.length > notWritten.length ? ' and the other report files were written' : ''})\n`);
    return 2;
  }
  return allPassed(run) ? 0 : 1;
}

/** Failing submissions whose example values the table shows (as grade's table does). */
const TABLE_DETAILS = 3;

/** Everything of a run but its submissions. */
function headOf(run: RunResults): Omit<RunResults, 'submissions'> {
  const { submissions: _s, ...head } = run;
  return head;
}

/**
 * The merged JSON written to its file as the pass goes; a write that fails (a full disk) closes it,
 * adds its line to `notWritten` and drops the rest, so the others are still written.
 */
function fileJson(o: OutputFile, run: RunResults, notWritten: string[]): { add(s: SubmissionResult): void; end(): void } {
  let fd: number | undefined;
  const fail = (e: unknown) => {
    notWritten.push(notWrittenLine(o, e));
    if (fd !== undefined) closeSync(fd);
    fd = undefined;
  };
  let writer: JsonListWriter | undefined;
  try {
    fd = openSync(o.file, 'w');
    writer = new JsonListWriter((t) => writeSync(fd!, t), headOf(run), 'submissions');
  } catch (e) {
    fail(e);
  }
  const guarded = (f: () => void) => {
    if (fd === undefined) return;
    try {
      f();
    } catch (e) {
      fail(e);
    }
  };
  return {
    add: (s) => guarded(() => writer!.add(s)),
    end: () => guarded(() => {
      writer!.end();
      closeSync(fd!);
      fd = undefined;
    }),
  };
}
