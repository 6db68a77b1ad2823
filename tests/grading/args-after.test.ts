/**
 * "Leave the input unchanged": a case with `argsAfter` has the sandbox send back the arguments as the
 * call left them, so an in-place change, invisible in the returned value, fails the case by name.
 */
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { loadExercise } from '../../src/cli/content.ts';
import { prepareCases } from '../../src/grading/cases.ts';
import { gradeSource } from '../runner/grade-node.ts';
import { SandboxPool } from '../../src/runner/node/pool.ts';

const pool = new SandboxPool({ size: 1 });
afterAll(() => pool.close());

describe('argsAfter cases', () => {
  it('fail a submission that changes its input in place, naming the argument, and pass one that does not', async () => {
    const ex = await loadExercise('outliers');
    const cases = prepareCases(ex, 'args-after');
    expect(cases.some((c) => c.argsAfter)).toBe(true);
    const solution = await gradeSource(ex, readFileSync('solutions/outliers.ts', 'utf8'), cases, pool, 60_000);
    expect(solution.status, solution.message).toBe('passed');
    for (const [variant, fn] of [['mutates-input', 'splitOutliers'], ['restore-in-place', 'restoreOutliers']] as const) {
      const v = await gradeSource(ex, readFileSync(`solutions/wrong/outliers/${variant}.ts`, 'utf8'), cases, pool, 60_000);
      expect(v.status, variant).toBe('failed');
      const failed = v.cases.filter((c) => !c.passed);
      expect(failed.length).toBeGreaterThan(0);
      expect(failed.every((c) => c.fn === fn && /changed its argument 1 in place \(first at \[\d+\]\): leave its inputs unchanged/.test(c.message)), JSON.stringify(failed[0])).toBe(true);
    }
  });
});
