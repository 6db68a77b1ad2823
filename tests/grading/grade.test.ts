/** The one grading pipeline, with a runner that only records what it is asked: compile → run → judge. */
import { describe, expect, it } from 'vitest';
import { prepareCases } from '../../src/grading/cases.ts';
import { defineExercise } from '../../src/grading/exercise.ts';
import { DEFAULT_TIMEOUT_MS, gradeSubmission, runCallsOf, type GradeTimings } from '../../src/grading/grade.ts';
import type { CompileResult, RunCalls, Runner, RunReport } from '../../src/grading/run-contract.ts';

const double = defineExercise({
  id: 'double-it',
  title: 'Double it',
  statement: 'Return twice the input value, as a number.',
  functions: ['double'],
  reference: { double: (x: number) => 2 * x },
  examples: [{ fn: 'double', args: [2.5], kind: 'a small number' }],
  generate: (rng) => ({ fn: 'double', args: [rng.uniform(-10, 10)], kind: 'a random number' }),
  tolerance: { '*': { rel: 1e-12, abs: 0 } },
  hints: ['multiply by two'],
});

/** A runner whose runs answer `answer(calls)`, recording what it was sent. */
function fakeRunner(compiled: CompileResult, answer: (calls: RunCalls) => RunReport): Runner & { sent: RunCalls[] } {
  const sent: RunCalls[] = [];
  const run = async (calls: RunCalls) => (sent.push(calls), answer(calls));
  return {
    sent,
    compile: async () => compiled,
    run,
    start: () => ({ compiled: Promise.resolve(compiled), compiledAhead: true, compilerMs: () => 7, run: async (calls) => (compiled.ok ? run(calls) : null) }),
  };
}
const OK: CompileResult = { ok: true, code: '', map: '{}' };
const doubled = (calls: RunCalls): RunReport => ({ end: 'completed', outcomes: calls.calls.map((c) => ({ ok: true, value: 2 * (c.args[0] as number) })), logs: [], flooded: false, tampered: [], missing: [], durationMs: 3 });

describe('gradeSubmission', () => {
  const cases = prepareCases(double, 'grade', 5);

  it('sends the calls only (no expected values) with the exercise\'s exports and limit, and judges the report', async () => {
    const runner = fakeRunner(OK, doubled);
    let timings: GradeTimings | undefined;
    const v = await gradeSubmission(double, 'source', cases, runner, { onTimings: (t) => (timings = t) });
    expect(v).toMatchObject({ status: 'passed', passed: 6, total: 6, message: 'All 6 cases passed.' });
    expect(runner.sent).toHaveLength(1);
    expect(runner.sent[0]!.exports).toEqual(['double']);
    expect(runner.sent[0]!.limits).toEqual({ timeoutMs: DEFAULT_TIMEOUT_MS });
    expect(runner.sent[0]!.calls).toBe(runCallsOf(cases));
    expect(JSON.stringify(runner.sent[0]!.calls)).not.toMatch(/expected|visible|kind/);
    expect(Object.keys(timings!)).toEqual(['prepareMs', 'compileMs', 'esbuildMs', 'compiledAhead', 'runMs', 'sandboxMs', 'judgeMs', 'totalMs']);
    expect(timings).toMatchObject({ esbuildMs: 7, compiledAhead: true, sandboxMs: 3 });
  });

  it('builds the cases from a function while compiling, and takes the caller\'s limit', async () => {
    const runner = fakeRunner(OK, doubled);
    const v = await gradeSubmission(double, 'source', () => cases, runner, { timeoutMs: 123 });
    expect(v.status).toBe('passed');
    expect(runner.sent[0]!.limits.timeoutMs).toBe(123);
  });

  it('judges a compile error without running anything', async () => {
    const runner = fakeRunner({ ok: false, message: 'Expected ")"', at: { line: 1, column: 9 }, errors: [] }, doubled);
    const v = await gradeSubmission(double, 'source', cases, runner);
    expect(v).toMatchObject({ status: 'error', problem: 'compile', message: 'Expected ")" (line 1, column 9)', at: { line: 1, column: 9 } });
    expect(runner.sent).toHaveLength(0);
  });

  it('names how a run ended in the words of the limit it ran under', async () => {
    const v = await gradeSubmission(double, 'source', cases, fakeRunner(OK, () => ({ end: 'timed-out', atCase: 2 })), { timeoutMs: 300 });
    expect(v).toMatchObject({ status: 'error', problem: 'timeout', message: 'Your code ran for more than 300 ms and was stopped (an infinite loop?) while running hidden case 3 (a random number)' });
  });
});
