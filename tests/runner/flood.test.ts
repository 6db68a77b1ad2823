/**
 * A console flood stops at the cap (MAX_LOG_BYTES) with its own verdict, 'flood', given once for the
 * submission: printing past the cap ends the printing loop, and the run stops after that case.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { prepareCases } from '../../src/grading/cases.ts';
import { gradeSource } from './grade-node.ts';
import { SandboxPool } from '../../src/runner/node/pool.ts';
import modelBytes from '../../exercises/model-bytes/exercise.ts';

const cases = prepareCases(modelBytes, 'flood');
const pool = new SandboxPool({ size: 1 });
afterAll(() => pool.close());

const submission = (body: string) => `let calls = 0;
export function modelBytes(params: number, bits: number): number {
  calls++;
  ${body}
  return (params * bits) / 8;
}
export function blockFormatBitsPerWeight(v: number, size: number, overhead: number): number {
  return (size * v + overhead) / size;
}
`;

describe('console floods', () => {
  it('stops an endless printing loop at the cap, as a flood rather than a time limit', async () => {
    const v = await gradeSource(modelBytes, submission('for (let i = 0; ; i++) console.log("still going", i);'), cases, pool);
    expect(v).toMatchObject({ status: 'error', problem: 'flood' });
    expect(v.message).toMatch(/printed more than 1024 KB/);
  });

  it('runs no case after the one that flooded, and says flood once for the submission, not once per case', async () => {
    // 5 MB printed by the first call; the second would never return if it ran.
    const v = await gradeSource(modelBytes, submission('if (calls > 1) for (;;) {}\n  for (let i = 0; i < 100_000; i++) console.log("fifty bytes of debugging output, line", i);'), cases, pool);
    expect(v).toMatchObject({ status: 'error', problem: 'flood' });
    expect(v.cases.filter((c) => /print|console|flood|output limit/i.test(c.message))).toEqual([]);
    // The lines kept for display stop at the cap.
    expect(v.logs.length).toBeLessThanOrEqual(200);
  });
});
