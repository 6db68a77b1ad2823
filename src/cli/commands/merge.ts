/** `quantcourse merge`: combine the JSON of `grade --all --shard i/n` jobs into one set of reports. */
import { writeFileSync } from 'node:fs';
import { prettyWire } from '../json.ts';
import { mergeResults, readResults } from '../merge.ts';
import { toGradescope } from '../reports/gradescope.ts';
import { toJunit } from '../reports/junit.ts';
import { allPassed } from '../reports/results.ts';
import { toTable } from '../reports/table.ts';

/** Options of `merge`, already parsed. */
export interface MergeOptions {
  files: string[];
  /** Where the merged JSON goes ("-" for stdout). */
  json?: string;
  junit?: string;
  gradescope?: string;
  out?: (s: string) => void;
  isTTY?: boolean;
}

/** Merge and report; resolves to 0 when every submission passed, 1 otherwise (as `grade` does). */
export async function mergeCommand(o: MergeOptions): Promise<number> {
  const out = o.out ?? ((s) => process.stdout.write(s));
  const tty = o.isTTY ?? (process.stdout.isTTY === true);
  const run = mergeResults(o.files.map(readResults));
  if (o.json && o.json !== '-') writeFileSync(o.json, prettyWire(run) + '\n');
  if (o.junit) writeFileSync(o.junit, toJunit(run));
  if (o.gradescope) writeFileSync(o.gradescope, JSON.stringify(toGradescope(run), null, 2) + '\n');
  if (o.json === '-') out(prettyWire(run) + '\n');
  else out(toTable(run, { color: tty && !process.env.NO_COLOR, width: process.stdout.columns ?? 120 }) + '\n');
  return allPassed(run) ? 0 : 1;
}
