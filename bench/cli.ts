/** Grading throughput of the command line on a synthetic class, with isolation on. */
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gradeCommand } from '../src/cli/commands/grade.ts';
import { exerciseIds, exerciseFiles } from '../src/cli/content.ts';
import { printTable } from './table.ts';

const STUDENTS = Number(process.env.BENCH_STUDENTS ?? 300);

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
    const t = performance.now();
    await gradeCommand({ all: dir, seed: 'bench', json: true, files: [], out: (s) => (json += s), err: () => {} });
    const seconds = (performance.now() - t) / 1000;
    const results = JSON.parse(json) as { submissions: { status: string }[] };
    const passed = results.submissions.filter((s) => s.status === 'passed').length;
    writeFileSync(path.join(dir, 'results.json'), json);
    printTable(`cli: grade --all on ${STUDENTS} students × ${ids.length} exercises (isolated sandbox processes, ${os.availableParallelism()} cores)`, ['gradings', 'passed', 'seconds', 'gradings/s'], [
      [gradings, passed, seconds.toFixed(1), (gradings / seconds).toFixed(0)],
    ]);
    console.log('\ntarget: ≥ 150 gradings per second');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
