/**
 * A memory bomb is named as memory whether the machine is idle or busy. Two CPU-burning processes run
 * beside the grading for the whole file, so "busy" is real: a bomb then gets a fraction of a core,
 * and used to reach its time limit long before the heap cap (and was called an infinite loop).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepareCases } from '../../src/grading/cases.ts';
import { gradeSource } from './grade-node.ts';
import { addressSpaceCapped, SandboxPool } from '../../src/runner/node/pool.ts';
import modelBytes from '../../exercises/model-bytes/exercise.ts';

const cases = prepareCases(modelBytes, 'memory');
const pool = new SandboxPool({ size: 2 });
const burners: ChildProcess[] = [];
beforeAll(() => {
  for (let i = 0; i < 2; i++) burners.push(spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' }));
});
afterAll(async () => {
  for (const b of burners) b.kill('SIGKILL');
  await pool.close();
});

/** A model-bytes submission whose modelBytes runs `body` (with `params` and `bits` in scope). */
const submission = (body: string) => `export function modelBytes(params: number, bits: number): number {
  ${body}
}
export function blockFormatBitsPerWeight(v: number, size: number, overhead: number): number {
  return (size * v + overhead) / size;
}
`;

const BOMBS: Record<string, string> = {
  'objects pushed onto an array': 'const a: unknown[] = []; for (;;) a.push({ params, bits, more: [params, bits] });',
  'numbers pushed onto an array': 'const a: number[] = []; for (let i = 0; ; i++) a.push(i + 0.5);',
  'a string doubled': 'let s = "bytes"; const keep: string[] = []; for (;;) { s = s + s; keep.push(s); }',
  'strings kept': 'const keep: string[] = []; for (let i = 0; ; i++) keep.push(String(i).repeat(20) + i);',
  'typed arrays filled (outside the JS heap)': 'const a: Float64Array[] = []; for (;;) a.push(new Float64Array(1 << 20).fill(params));',
};

describe('memory bombs on a busy machine (two CPU burners beside)', () => {
  it('names every kind of growth as memory, not as a time limit', async () => {
    const names = Object.keys(BOMBS);
    const verdicts = await Promise.all(names.map((n) => gradeSource(modelBytes, submission(BOMBS[n]!), cases, pool)));
    // The message comes along for a failure's sake.
    const got = Object.fromEntries(names.map((n, i) => [n, verdicts[i]!.problem === 'memory' ? 'memory' : `${verdicts[i]!.problem}: ${verdicts[i]!.message}`]));
    expect(got).toEqual(Object.fromEntries(names.map((n) => [n, 'memory'])));
    for (const v of verdicts) expect(v.message).toMatch(/out of memory/);
  }, 600_000);

  it.runIf(addressSpaceCapped)('names an ArrayBuffer bomb that never touches its memory as memory', async () => {
    const v = await gradeSource(modelBytes, submission('const a: ArrayBuffer[] = []; for (;;) a.push(new ArrayBuffer(64 << 20));'), cases, pool);
    expect(v).toMatchObject({ status: 'error', problem: 'memory' });
  }, 600_000);

  it('still calls a loop that only makes garbage, or nothing at all, a time limit', async () => {
    const [garbage, spin] = await Promise.all([
      gradeSource(modelBytes, submission('let x: number[] = []; for (;;) x = new Array(10_000).fill(params);'), cases, pool),
      gradeSource(modelBytes, submission('for (;;) {}'), cases, pool),
    ]);
    expect([garbage.problem, spin.problem]).toEqual(['timeout', 'timeout']);
  }, 600_000);
});
