/** Every way a run ends, in the words a learner reads: one table for both runners. */
import { describe, expect, it } from 'vitest';
import type { CompletedRun, RunReport } from '../../src/grading/run-contract.ts';
import { sandboxReportOf } from '../../src/grading/run-report.ts';

const completed = (over: Partial<CompletedRun> = {}): CompletedRun => ({ end: 'completed', outcomes: [], logs: ['hi'], flooded: false, tampered: [], missing: [], ...over });

describe('sandboxReportOf', () => {
  const cases: [RunReport, object][] = [
    [{ end: 'timed-out', atCase: 3 }, { kind: 'failed', problem: 'timeout', atCase: 3, message: 'Your code ran for more than 2000 ms and was stopped (an infinite loop?)' }],
    [{ end: 'timed-out', killed: 'no answer 1500 ms past its limit' }, { kind: 'failed', problem: 'timeout', message: 'Your code ran for more than 2000 ms and was stopped (no answer 1500 ms past its limit).' }],
    [{ end: 'timed-out', atCase: 1, indistinct: true }, { kind: 'failed', problem: 'timeout', atCase: 1, message: 'Your code ran for more than 2000 ms and was stopped (an infinite loop, a promise that never settles, or memory that grows without end? The browser cannot tell these apart)' }],
    [{ end: 'never-settled', atCase: 0 }, { kind: 'failed', problem: 'timeout', atCase: 0, message: 'A function returned a promise that never settled. Return the result directly.' }],
    [{ end: 'out-of-memory', atCase: 2, grewMb: 300 }, { kind: 'failed', problem: 'memory', atCase: 2, message: 'Your code ran out of memory: it allocates without bound (300 MB when it was stopped at its time limit)' }],
    [{ end: 'out-of-memory', processDied: true }, { kind: 'failed', problem: 'memory', message: 'Your code ran out of memory (it allocates without bound?) and was stopped.' }],
    [{ end: 'out-of-memory' }, { kind: 'failed', problem: 'memory', message: 'Your code ran out of memory and was stopped.' }],
    [{ end: 'unreadable' }, { kind: 'failed', problem: 'crash', message: 'The sandbox returned a report that could not be read.' }],
    [{ end: 'sandbox-failed', message: 'boom' }, { kind: 'failed', problem: 'crash', message: 'The sandbox failed: boom' }],
    [{ end: 'crashed', detail: 'signal SIGSEGV' }, { kind: 'failed', problem: 'crash', message: 'Your code crashed the sandbox: signal SIGSEGV' }],
    [{ end: 'sandbox-stopped', message: '' }, { kind: 'failed', problem: 'crash', message: 'The sandbox stopped: unknown error' }],
    [{ end: 'never-started', waitedMs: 12_000 }, { kind: 'failed', problem: 'crash', message: 'The sandbox did not start within 12 s. Try Run again.' }],
  ];
  it.each(cases)('%o', (run, report) => {
    expect(sandboxReportOf(run, 2000)).toStrictEqual(report);
  });

  it('names a completed run\'s problems in order: load, unreturnable, missing export, tampering, flood, memory', () => {
    const loadError = { name: 'ReferenceError', message: 'process is not defined', at: { line: 1, column: 1 } };
    expect(sandboxReportOf(completed({ loadError, missing: ['f'], flooded: true }), 2000)).toEqual({
      kind: 'failed', problem: 'load', at: loadError.at, logs: ['hi'],
      message: 'Your module threw while loading: ReferenceError: process is not defined (the sandbox gives your code no process, require, timers, files or network: compute the result and return it)',
    });
    expect(sandboxReportOf(completed({ unreturnable: 'a cycle', missing: ['f'] }), 2000)).toMatchObject({ problem: 'return' });
    expect(sandboxReportOf(completed({ missing: ['f', 'g'], tampered: ['Math.round'] }), 2000)).toMatchObject({ problem: 'missing-export', message: 'Your code does not export `f`, `g`. Write `export function f(…)`.' });
    expect(sandboxReportOf(completed({ tampered: ['a', 'b', 'c', 'd'], flooded: true }), 2000)).toMatchObject({
      problem: 'pollution', message: 'Your code modified built-in objects (a, b, c, …). Solutions must not change built-ins; use your own helper functions instead.',
    });
    expect(sandboxReportOf(completed({ flooded: true }), 2000)).toMatchObject({ problem: 'flood', message: 'Your code printed more than 1024 KB with console.log; remove the printing from loops and run again.' });
    const stack = { ok: false as const, error: { name: 'RangeError', message: 'Maximum call stack size exceeded', at: { line: 4, column: 2 } } };
    expect(sandboxReportOf(completed({ outcomes: [{ ok: true, value: 1 }, stack] }), 2000)).toEqual({
      kind: 'failed', problem: 'memory', atCase: 1, at: { line: 4, column: 2 }, logs: ['hi'], message: 'Your code ran out of stack (endless recursion?): RangeError: Maximum call stack size exceeded',
    });
  });

  it('hands every outcome on when nothing went wrong, with a word on what the sandbox lacks', () => {
    const report = sandboxReportOf(completed({ outcomes: [{ ok: true, value: 2 }, { ok: false, error: { name: 'ReferenceError', message: 'setTimeout is not defined' } }], durationMs: 5 }), 2000);
    expect(report).toEqual({
      kind: 'ran', logs: ['hi'], durationMs: 5,
      outcomes: [{ ok: true, value: 2 }, { ok: false, error: { name: 'ReferenceError', message: 'setTimeout is not defined (the sandbox gives your code no process, require, timers, files or network: compute the result and return it)' } }],
    });
  });
});
