/**
 * The command line on a synthetic class, with isolation on: `grade --all` (throughput, peak memory,
 * the size of its --json) and `merge` of that output, each run as the real command in its own process.
 */
import { spawn } from 'node:child_process';
import { closeSync, cpSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { exerciseIds, exerciseFiles } from '../src/cli/content.ts';
import { printTable } from './table.ts';

const STUDENTS = Number(process.env.BENCH_STUDENTS ?? 300);
/**
 * BENCH_EXERCISES: grade only the first N exercises, or those listed ("lab-quantizer,perplexity"): a
 * class of 3,000 × 17 takes most of an hour on 2 busy cores.
 */
function benchExercises(all: string[]): string[] {
  const chosen = process.env.BENCH_EXERCISES;
  if (!chosen) return all;
  if (/^\d+$/.test(chosen)) return all.slice(0, Number(chosen));
  const ids = chosen.split(',').map((id) => id.trim());
  const unknown = ids.filter((id) => !all.includes(id));
  if (unknown.length) throw new Error(`BENCH_EXERCISES names unknown exercise(s): ${unknown.join(', ')}`);
  return ids;
}
/** Also merge and report a results file this many times the graded class (students renamed per copy). */
const MERGE_COPIES = Number(process.env.BENCH_MERGE_COPIES ?? 0);
const ROOT = fileURLToPath(new URL('..', import.meta.url));
/**
 * CPU seconds of this process and of its finished children (the sandbox processes, once the pool has
 * closed and reaped them), from /proc; undefined elsewhere. The machine is often shared while a bench
 * runs: CPU per grading says what the grader costs when the wall clock also counts others' work.
 */
function cpuSeconds(): number | undefined {
  try {
    // Fields after the ")" that ends the command name: utime, stime, cutime, cstime are the 12th-15th.
    const f = readFileSync('/proc/self/stat', 'utf8').split(') ')[1]!.split(' ').map(Number);
    return (f[11]! + f[12]! + f[13]! + f[14]!) / 100; // USER_HZ is 100 on Linux
  } catch {
    return undefined;
  }
}

/** What one run of the command cost. */
interface Measured {
  code: number;
  seconds: number;
  peakMB: number;
}

/** Run `quantcourse …args` in its own process with stdout to `stdoutFile`; its wall time and peak RSS. */
async function measure(args: string[], stdoutFile: string): Promise<Measured> {
  const rssFile = `${stdoutFile}.rss`;
  const fd = openSync(stdoutFile, 'w');
  const t = performance.now();
  const code = await new Promise<number>((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', path.join(ROOT, 'bench/rss-probe.ts'), path.join(ROOT, 'bin/quantcourse.mjs'), ...args], {
      stdio: ['ignore', fd, 'ignore'], env: { ...process.env, BENCH_RSS_FILE: rssFile },
    });
    child.on('error', reject);
    child.on('exit', (c) => resolve(c ?? -1));
  });
  const seconds = (performance.now() - t) / 1000;
  closeSync(fd);
  return { code, seconds, peakMB: Number(readFileSync(rssFile, 'utf8')) / 1024 };
}

const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);

/**
 * Write `copies` copies of a compact results file's submissions into one (each copy's students
 * renamed "cK-<name>"), a line at a time; returns the number of students. Builds a large class's
 * results without grading it.
 */
function copyClass(results: string, copies: number, to: string): number {
  const [head, ...rest] = readFileSync(results, 'utf8').split('\n');
  const lines = rest.filter((l) => l.startsWith('{')).map((l) => (l.endsWith(',') ? l.slice(0, -1) : l));
  const students = new Set(lines.map((l) => /"student":"([^"]*)"/.exec(l)?.[1]));
  const fd = openSync(to, 'w');
  writeSync(fd, `${head}\n`);
  for (let k = 0; k < copies; k++) {
    const prefix = `c${String(k).padStart(3, '0')}-`;
    const copy = lines.map((l) => l.replace(/"student":"/, `"student":"${prefix}`).replace(/"file":"([^"]*)\/(student\d+)\//, `"file":"$1/${prefix}$2/`));
    writeSync(fd, `${k ? ',\n' : ''}${copy.join(',\n')}`);
  }
  writeSync(fd, '\n]}\n');
  closeSync(fd);
  return students.size * copies;
}

/** Build a class (solutions, with every tenth student handing in the starter), grade it, merge the result. */
export async function benchCli(): Promise<void> {
  const ids = benchExercises(exerciseIds());
  const dir = mkdtempSync(path.join(os.tmpdir(), 'quantcourse-class-'));
  const out = mkdtempSync(path.join(os.tmpdir(), 'quantcourse-bench-out-'));
  try {
    for (let s = 0; s < STUDENTS; s++) {
      const student = path.join(dir, `student${String(s).padStart(3, '0')}`);
      mkdirSync(student);
      for (const id of ids) {
        const f = exerciseFiles(id);
        cpSync(s % 10 === 9 ? f.starter : f.solution, path.join(student, `${id}.ts`));
      }
    }
    const gradings = STUDENTS * ids.length;
    const results = path.join(out, 'results.json');
    // The load average before the run: during it, the grader's own processes raise it.
    const loadBefore = os.loadavg()[0]!;
    const cpu0 = cpuSeconds();
    const grade = await measure(['grade', '--all', dir, '--seed', 'bench', '--json', '--report', path.join(out, 'grade-report.html')], results);
    const cpu1 = cpuSeconds();
    const cpu = cpu0 !== undefined && cpu1 !== undefined ? cpu1 - cpu0 : undefined;
    const parsed = JSON.parse(readFileSync(results, 'utf8')) as { submissions: { status: string }[] };
    const passed = parsed.submissions.filter((s) => s.status === 'passed').length;
    const jsonBytes = statSync(results).size;
    const merge = await measure(['merge', results, '--json', path.join(out, 'merged.json'), '--report', path.join(out, 'merge-report.html')], path.join(out, 'merge.out'));
    const cores = os.availableParallelism();
    printTable(`cli: grade --all on ${STUDENTS} students × ${ids.length} exercises (isolated sandbox processes, ${cores} cores)`, ['gradings', 'passed', 'seconds', 'gradings/s', 'CPU s (all processes)', 'CPU ms per grading', 'peak RSS MB (grader process)'], [
      [gradings, passed, grade.seconds.toFixed(1), (gradings / grade.seconds).toFixed(0), cpu?.toFixed(1) ?? 'n/a', cpu ? ((cpu * 1000) / gradings).toFixed(1) : 'n/a', grade.peakMB.toFixed(0)],
    ]);
    console.log(`\ntarget: ≥ 150 gradings per second; peak RSS ≤ 300 MB${loadBefore > 0.5 ? ` (load average ${loadBefore.toFixed(1)} before the run: other work shared the ${cores} cores)` : ''}`);
    printTable(`cli: what grade --all --json wrote, and merge of it (--json and --report)`, ['--json MB', 'KB per submission', 'report HTML MB', 'merge seconds', 'merge peak RSS MB', 'exit codes (grade, merge)'], [
      [mb(jsonBytes), (jsonBytes / 1024 / gradings).toFixed(2), mb(statSync(path.join(out, 'grade-report.html')).size), merge.seconds.toFixed(1), merge.peakMB.toFixed(0), `${grade.code}, ${merge.code}`],
    ]);
    console.log('\ntarget: a merge of seconds, peak RSS ≤ 300 MB (exit code 1 is expected: every tenth student hands in the starter)');
    if (MERGE_COPIES > 1) {
      const big = path.join(out, 'class-copies.json');
      const students = copyClass(results, MERGE_COPIES, big);
      const bigMerge = await measure(['merge', big, '--json', path.join(out, 'big-merged.json'), '--report', path.join(out, 'big-report.html'), '--junit', path.join(out, 'big.xml')], path.join(out, 'big-merge.out'));
      const bigReport = await measure(['report', big, '-o', path.join(out, 'big-report2.html')], path.join(out, 'big-report.out'));
      printTable(`cli: merge and report of ${students} students × ${ids.length} exercises (the graded class copied ${MERGE_COPIES} times)`, ['results MB', 'merge seconds', 'merge peak RSS MB', 'report seconds', 'report peak RSS MB', 'exit codes (merge, report)'], [
        [mb(statSync(big).size), bigMerge.seconds.toFixed(1), bigMerge.peakMB.toFixed(0), bigReport.seconds.toFixed(1), bigReport.peakMB.toFixed(0), `${bigMerge.code}, ${bigReport.code}`],
      ]);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
    rmSync(out, { recursive: true, force: true });
  }
}
