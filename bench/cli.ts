/** Grading throughput of the command line on a synthetic class, with isolation on. */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gradeCommand } from '../src/cli/commands/grade.ts';
import { exerciseIds, exerciseFiles } from '../src/cli/content.ts';
import { printTable } from './table.ts';

const STUDENTS = Number(process.env.BENCH_STUDENTS ?? 300);

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

/** Build a class (solutions, with every tenth student handing in the starter) and grade it. */
export async function benchCli(): Promise<void> {
  const ids = exerciseIds();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'quantcourse-class-'));
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
    let json = '';
    // The load average before the run: during it, the grader's own processes raise it.
    const loadBefore = os.loadavg()[0]!;
    const cpu0 = cpuSeconds();
    const t = performance.now();
    await gradeCommand({ all: dir, seed: 'bench', json: true, files: [], out: (s) => (json += s), err: () => {} });
    const seconds = (performance.now() - t) / 1000;
    const cpu1 = cpuSeconds();
    const cpu = cpu0 !== undefined && cpu1 !== undefined ? cpu1 - cpu0 : undefined;
    const results = JSON.parse(json) as { submissions: { status: string }[] };
    const passed = results.submissions.filter((s) => s.status === 'passed').length;
    writeFileSync(path.join(dir, 'results.json'), json);
    const cores = os.availableParallelism();
    printTable(`cli: grade --all on ${STUDENTS} students × ${ids.length} exercises (isolated sandbox processes, ${cores} cores)`, ['gradings', 'passed', 'seconds', 'gradings/s', 'CPU s (all processes)', 'CPU ms per grading'], [
      [gradings, passed, seconds.toFixed(1), (gradings / seconds).toFixed(0), cpu?.toFixed(1) ?? 'n/a', cpu ? ((cpu * 1000) / gradings).toFixed(1) : 'n/a'],
    ]);
    console.log(`\ntarget: ≥ 150 gradings per second${loadBefore > 0.5 ? ` (load average ${loadBefore.toFixed(1)} before the run: other work shared the ${cores} cores)` : ''}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
