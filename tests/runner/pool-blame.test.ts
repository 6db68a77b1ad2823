/**
 * A process of the sandbox pool holds several jobs at once (its line). When it dies, only the job it
 * was running may get the verdict; every other job it held is graded again elsewhere. The lab's
 * exercise answers with a large report (~0.9 MB), which a process cannot write out at once: the
 * bug this guards against charged a memory bomb's death to the lab job before it, whose report was
 * still leaving the process when the bomb started.
 */
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { prepareCases } from '../../src/grading/cases.ts';
import { compileCached } from '../../src/runner/node/compile.ts';
import { gradeSource } from './grade-node.ts';
import { SandboxPool } from '../../src/runner/node/pool.ts';
import lab from '../../exercises/lab-quantizer/exercise.ts';
import { supplyNodeLab } from '../../src/lab/node.ts';
import modelBytes from '../../exercises/model-bytes/exercise.ts';

const LAB = readFileSync('solutions/lab-quantizer.ts', 'utf8');
// Arrays of doubles kept without end: with a 128 MB heap and a long time limit, the process dies of it.
const BOMB = `export function modelBytes(params: number, bits: number): number {
  const grow: number[][] = [];
  for (;;) grow.push(new Array(4096).fill(bits + 0.5));
}
export function blockFormatBitsPerWeight(v: number, size: number, overhead: number): number {
  return (size * v + overhead) / size;
}
`;

// Each test runs for minutes on a busy machine (every death restarts a process); no time is asserted.
const BOMB_LIMIT_MS = 120_000;
supplyNodeLab();
const labCases = prepareCases(lab, 'blame');
const bombCases = prepareCases(modelBytes, 'blame');
const pools: SandboxPool[] = [];
afterAll(() => Promise.all(pools.map((p) => p.close())));

describe('sandbox pool: who a death is charged to', () => {
  it('charges a process\'s death to the job it was running, never to a finished or waiting one (one process, two jobs in its line)', async () => {
    // A small heap (the lab needs some tens of MB) and a long limit for the bomb, so that it kills its process whatever the load.
    const pool = new SandboxPool({ size: 1, depth: 2, heapMb: 128 });
    pools.push(pool);
    // Compiled first, so the jobs reach the pool in this order: lab, bomb, lab, bomb, …
    await Promise.all([compileCached(LAB), compileCached(BOMB)]);
    const verdicts = await Promise.all(Array.from({ length: 6 }, () => [
      gradeSource(lab, LAB, labCases, pool),
      gradeSource(modelBytes, BOMB, bombCases, pool, BOMB_LIMIT_MS),
    ]).flat());
    const labs = verdicts.filter((_, i) => i % 2 === 0);
    const bombs = verdicts.filter((_, i) => i % 2 === 1);
    expect(labs.map((v) => `${v.status} ${v.problem ?? ''} ${v.status === 'passed' ? '' : v.message}`.trim())).toEqual(Array(6).fill('passed'));
    expect(bombs.map((v) => v.problem)).toEqual(Array(6).fill('memory'));
  }, 600_000);

  it('grades every job a dying process held, whatever its place in the line (three jobs queued behind a bomb)', async () => {
    const pool = new SandboxPool({ size: 1, depth: 4, heapMb: 128 });
    pools.push(pool);
    await Promise.all([compileCached(LAB), compileCached(BOMB)]);
    const verdicts = await Promise.all([
      gradeSource(lab, LAB, labCases, pool),
      gradeSource(modelBytes, BOMB, bombCases, pool, BOMB_LIMIT_MS),
      gradeSource(lab, LAB, labCases, pool),
      gradeSource(lab, LAB, labCases, pool),
      gradeSource(modelBytes, BOMB, bombCases, pool, BOMB_LIMIT_MS),
      gradeSource(lab, LAB, labCases, pool),
    ]);
    expect(verdicts.map((v) => v.problem ?? v.status)).toEqual(['passed', 'memory', 'passed', 'passed', 'memory', 'passed']);
  }, 600_000);
});
