/**
 * An exercise's own per-case `check` and its whole-submission `assessment`, on a small made-up
 * exercise: the assessment's calls follow the cases, each group gives one result judged outside the
 * sandbox, a call that throws fails its group, and exercises without either behave as before.
 */
import { describe, expect, it } from 'vitest';
import { prepareCases, type PreparedCase } from '../../src/grading/cases.ts';
import { defineExercise, type Assessment } from '../../src/grading/exercise.ts';
import { isTieSensitive } from '../../src/grading/ties.ts';
import { judge, type CallOutcome } from '../../src/grading/verdict.ts';
import { createRng } from '../../src/core/rng.ts';

let groupsBuilt = 0;
/** Two groups: "sum of the answers is at least 10" over two calls, and one call that must return 7. */
const assessment: Assessment = {
  groups: () => {
    groupsBuilt++;
    return [
      { kind: 'the answers add up', calls: [{ fn: 'half', args: [8] }, { fn: 'half', args: [12] }], judge: (out) => ((out as number[]).reduce((a, b) => a + b, 0) >= 10 ? null : 'the halves add up to less than 10') },
      { kind: 'fourteen', calls: [{ fn: 'half', args: [14] }], judge: (out) => { if (out[0] !== 7) throw new RangeError(`got ${String(out[0])}, not 7`); return null; } },
    ];
  },
};

const ex = defineExercise({
  id: 'halve',
  title: 'Halve',
  statement: 'Return about half of the number you are given.',
  functions: ['half'],
  reference: { half: (x: number) => x / 2 },
  examples: [{ fn: 'half', args: [4], kind: 'four' }],
  generate: (rng) => ({ fn: 'half', args: [rng.int(1, 100)], kind: 'a whole number' }),
  hiddenCount: 3,
  // Anything within 1 of half passes: many answers are right.
  check: (got, expected) => (Math.abs((got as number) - (expected as number)) <= 1 ? null : `${String(got)} is more than 1 away`),
  assessment,
  hints: ['Divide by two.'],
});

const ok = (value: unknown): CallOutcome => ({ ok: true, value });
const outcomesFor = (cases: readonly PreparedCase[], f: (x: number) => number) => cases.map((c) => ok(f(c.args[0] as number)));

describe('an exercise with a check and an assessment', () => {
  it('appends the assessment\'s calls after the cases, hidden and tagged with their group, unless asked not to', () => {
    const cases = prepareCases(ex, 's');
    expect(cases.map((c) => c.group)).toEqual([undefined, undefined, undefined, undefined, 0, 0, 1]);
    expect(cases.slice(4).map((c) => [c.visible, c.expected, c.args[0], c.index])).toEqual([[false, undefined, 8, 4], [false, undefined, 12, 5], [false, undefined, 14, 6]]);
    expect(prepareCases(ex, 's', 3, false)).toHaveLength(4);
    // The groups are the exercise's to cache; the grader asks for them when it needs them.
    expect(groupsBuilt).toBeGreaterThan(0);
  });

  it('judges each case with the check and each group as one result', async () => {
    const cases = prepareCases(ex, 's');
    const v = await judge(ex, cases, { kind: 'ran', outcomes: outcomesFor(cases, (x) => Math.floor(x / 2)), logs: [] });
    expect(v.status).toBe('passed');
    expect(v.total).toBe(4 + 2);
    expect(v.cases.slice(4).map((c) => [c.index, c.kind, c.passed, c.visible])).toEqual([[4, 'the answers add up', true, false], [5, 'fourteen', true, false]]);
  });

  it('fails a group by its judgement, or by the message of an error it throws, and says so first', async () => {
    const cases = prepareCases(ex, 's');
    // Within 1 of half for every case, yet the two halves of 8 and 12 add up to 8 and 14 halves to 6.
    const v = await judge(ex, cases, { kind: 'ran', outcomes: outcomesFor(cases, (x) => x / 2 - 1), logs: [] });
    expect(v.status).toBe('failed');
    expect(v.passed).toBe(4);
    expect(v.message).toBe('2 of 6 cases failed. First: hidden case 5 (the answers add up): the halves add up to less than 10');
    expect(v.cases[5]!.message).toBe('got 6, not 7');
  });

  it('fails a case by the check\'s message, shown for hidden cases too', async () => {
    const cases = prepareCases(ex, 's');
    const v = await judge(ex, cases, { kind: 'ran', outcomes: outcomesFor(cases, (x) => (x === 4 ? 9 : x / 2)), logs: [] });
    expect(v.cases[0]).toMatchObject({ passed: false, message: '9 is more than 1 away', got: 9, expected: 2 });
    expect(v.passed).toBe(5);
    // The whole-submission checks are the point: the summary says how they went as well.
    expect(v.message).toBe('1 of 6 cases failed. First: example 1 (four): 9 is more than 1 away. The 2 checks of the whole submission passed.');
    const both = await judge(ex, cases, { kind: 'ran', outcomes: outcomesFor(cases, (x) => (x === 4 ? 9 : x === 14 ? 1 : x / 2)), logs: [] });
    expect(both.message).toBe('2 of 6 cases failed. First: example 1 (four): 9 is more than 1 away. 1 of the 2 checks of the whole submission failed too. First: got 1, not 7');
  });

  it('fails a group whose call threw, naming the call', async () => {
    const cases = prepareCases(ex, 's');
    const outcomes = outcomesFor(cases, (x) => x / 2);
    outcomes[5] = { ok: false, error: { name: 'TypeError', message: 'boom', at: { line: 3, column: 1 } } };
    const v = await judge(ex, cases, { kind: 'ran', outcomes, logs: [] });
    expect(v.cases[4]).toMatchObject({ passed: false, at: { line: 3, column: 1 }, message: 'half threw TypeError: boom (line 3) (call 2 of 2 here)' });
  });

  it('counts a group once when the run fails', async () => {
    const v = await judge(ex, prepareCases(ex, 's'), { kind: 'failed', problem: 'compile', message: 'no' });
    expect(v.total).toBe(6);
    expect(v.cases.map((c) => c.index)).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('never probes an assessment call for ties (it has no expected output)', () => {
    const call = prepareCases(ex, 's').at(-1)!;
    expect(isTieSensitive(ex, call, createRng(1))).toBe(false);
  });
});
