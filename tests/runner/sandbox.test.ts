import { afterAll, describe, expect, it } from 'vitest';
import { prepareCases } from '../../src/grading/cases.ts';
import { defineExercise } from '../../src/grading/exercise.ts';
import { gradeSource } from './grade-node.ts';
import { addressSpaceCapped, SandboxPool } from '../../src/runner/node/pool.ts';

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
const cases = prepareCases(double, 'sandbox', 20);
const pool = new SandboxPool({ size: 2 });
afterAll(() => pool.close());
// A generous default limit: it only bounds a hang. Tests of the limit itself pass their own, short one.
const grade = (src: string, timeout = 10_000) => gradeSource(double, src, cases, pool, timeout);
const GOOD = 'export function double(x: number): number { return x * 2; }';

describe('node sandbox', () => {
  it('passes a correct submission', async () => {
    const v = await grade(GOOD);
    expect(v).toMatchObject({ status: 'passed', passed: 21, total: 21 });
  });

  it('shows expected and got for a failing visible case', async () => {
    const v = await grade('export function double(x: number) { return x + 2; }');
    expect(v.status).toBe('failed');
    const first = v.cases.find((c) => !c.passed)!;
    expect(first.visible).toBe(true);
    expect(first.message).toMatch(/expected 5, got 4.5/);
  });

  it('reveals no expected value for a hidden case', async () => {
    const v = await grade('export function double(x: number) { return x === 2.5 ? 5 : x; }');
    const hidden = v.cases.find((c) => !c.passed && !c.visible)!;
    expect(hidden.message).toMatch(/wrong result/);
    expect(hidden.expected).toBeUndefined();
    expect(JSON.stringify(hidden)).not.toContain(String(2 * (cases[hidden.index]!.args[0] as number)));
  });

  it('reports a syntax error with its line', async () => {
    const v = await grade('export function double(x: number) {\n  return x * ;\n}');
    expect(v).toMatchObject({ status: 'error', problem: 'compile', at: { line: 2 } });
    expect(v.message).toMatch(/Compile error/);
  });

  it('maps a runtime error to the learner\'s own line', async () => {
    const v = await grade('type T = { a: number };\n\nexport function double(x: number): number {\n  const t: any = null;\n  return t.a * x;\n}');
    const c = v.cases[0]!;
    expect(c.message).toMatch(/TypeError/);
    expect(c.at?.line).toBe(5);
  });

  it('stops an infinite loop within the limit, and the next submission grades normally', async () => {
    const v = await grade('export function double(x: number): number { while (true) {} }', 500);
    expect(v).toMatchObject({ status: 'error', problem: 'timeout' });
    expect(v.message).toMatch(/more than 500 ms/);
    expect((await grade(GOOD)).status).toBe('passed');
  });

  it('uses the exercise\'s own time limit when the grader is given none', async () => {
    // A loop that never ends is stopped at whichever limit applies, and the message names it: the
    // verdict does not hang on how fast this machine runs a finite loop (V8 may run the same loop
    // 15 times faster once it has optimised it, and a busy machine stretches a limit; see sandbox-process.ts).
    const endless = 'export function double(x: number): number { for (;;) {} }';
    const [patient, strict] = [{ ...double, timeoutMs: 1500 }, { ...double, timeoutMs: 300 }];
    const a = await gradeSource(patient, endless, cases.slice(0, 1), pool);
    const b = await gradeSource(strict, endless, cases.slice(0, 1), pool);
    expect([a, b]).toMatchObject([{ status: 'error', problem: 'timeout' }, { status: 'error', problem: 'timeout' }]);
    expect(a.message).toMatch(/more than 1500 ms/);
    expect(b.message).toMatch(/more than 300 ms/);
    // An explicit limit (grade --timeout) wins over the exercise's.
    expect((await gradeSource(patient, endless, cases.slice(0, 1), pool, 300)).message).toMatch(/more than 300 ms/);
    // And a run inside the exercise's limit passes.
    expect((await gradeSource(patient, GOOD, cases.slice(0, 1), pool)).status).toBe('passed');
  });

  it('stops a heap bomb and recovers', async () => {
    // The limit must outlast filling the heap, which a busy machine makes slow: it only bounds a hang.
    const v = await grade('export function double(x: number) { const a: unknown[] = []; for (;;) a.push({ x, y: [x, x, x] }); }', 120_000);
    expect(v).toMatchObject({ status: 'error', problem: 'memory' });
    expect((await grade(GOOD)).status).toBe('passed');
  });

  it.runIf(addressSpaceCapped)('stops an ArrayBuffer bomb (memory outside the JS heap)', async () => {
    const v = await grade('export function double(x: number) { const a: ArrayBuffer[] = []; for (let i = 0; i < 64; i++) a.push(new ArrayBuffer(1 << 30)); return 2 * x; }', 10_000);
    expect(v).toMatchObject({ status: 'error', problem: 'memory' });
  });

  it('gives learner code no process, require, fetch or string evaluation', async () => {
    for (const [src, pattern] of [
      ['declare const process: any; export function double(x: number) { process.exit(1); return 2 * x; }', /process is not defined/],
      ['export function double(x: number) { (globalThis as any).require("child_process"); return 2 * x; }', /not a function/],
      ['export function double(x: number) { fetch("http://127.0.0.1:9"); return 2 * x; }', /fetch is not defined/],
      ['export function double(x: number) { return (double as any).constructor("return process")().exit(1); }', /Code generation from strings disallowed/],
    ] as const) {
      const v = await grade(src);
      expect(v.status).toBe('failed');
      expect(v.cases[0]!.message).toMatch(pattern);
    }
  });

  it('refuses imports and require calls at compile time (no files, no processes)', async () => {
    const v = await grade('import { writeFileSync } from "node:fs";\nexport function double(x: number) { writeFileSync("/tmp/pwned", "x"); return 2 * x; }');
    expect(v).toMatchObject({ status: 'error', problem: 'compile' });
    expect(v.message).toMatch(/Imports are not available here: "node:fs"/);
    const r = await grade('declare const require: any;\nexport function double(x: number) { require("child_process").execSync("touch /tmp/pwned"); return 2 * x; }');
    expect(r).toMatchObject({ status: 'error', problem: 'compile' });
    expect(r.message).toMatch(/"child_process"/);
  });

  it('fails a submission that modifies built-ins, and the next one is unaffected', async () => {
    const v = await grade('Array.prototype.map = function () { return []; } as any;\nexport function double(x: number) { return 2 * x; }');
    expect(v).toMatchObject({ status: 'error', problem: 'pollution' });
    expect(v.message).toMatch(/Array\.prototype\.map/);
    expect((await grade(GOOD)).status).toBe('passed');
  });

  it('fails a submission that floods the console', async () => {
    const v = await grade('export function double(x: number) { for (let i = 0; i < 100000; i++) console.log("flood flood flood"); return 2 * x; }', 120_000); // bounds a hang: the flood must be caught first
    expect(v).toMatchObject({ status: 'error', problem: 'flood' });
  });

  it('keeps a few console lines for display', async () => {
    const v = await grade('export function double(x: number) { console.log("x is", x); return 2 * x; }');
    expect(v.status).toBe('passed');
    expect(v.logs[0]).toBe('x is 2.5');
  });

  it('names a promise that never settles', async () => {
    const v = await grade('export function double(x: number) { return new Promise<number>(() => {}); }');
    expect(v).toMatchObject({ status: 'error', problem: 'timeout' });
    expect(v.message).toMatch(/promise that never settled/);
  });

  it('accepts async functions that resolve', async () => {
    expect((await grade('export async function double(x: number) { return 2 * x; }')).status).toBe('passed');
  });

  it('names a missing export and a module that throws while loading', async () => {
    const missing = await grade('export function triple(x: number) { return 3 * x; }');
    expect(missing).toMatchObject({ status: 'error', problem: 'missing-export' });
    expect(missing.message).toMatch(/does not export `double`/);
    const load = await grade('throw new Error("boom");\nexport function double(x: number) { return 2 * x; }');
    expect(load).toMatchObject({ status: 'error', problem: 'load' });
    expect(load.message).toMatch(/boom/);
  });

  it('says when a returned value cannot be sent back (a cycle, a BigInt), and grades the next submission', async () => {
    const cycle = await grade('export function double(x: number) { const a: any[] = [x]; a.push(a); return a; }');
    expect(cycle).toMatchObject({ status: 'error', problem: 'return' });
    expect(cycle.message).toMatch(/cannot be sent back.*cycle/);
    const big = await grade('export function double(x: number) { return BigInt(2 * x); }');
    expect(big).toMatchObject({ status: 'error', problem: 'return' });
    expect(big.message).toMatch(/BigInt/);
    expect((await grade(GOOD)).status).toBe('passed');
  });

  it('gives no FinalizationRegistry: its callback would run after the job, outside the time limit', async () => {
    const v = await grade('const r = new FinalizationRegistry(() => { while (true) {} });\nexport function double(x: number) { r.register({}, x); return 2 * x; }');
    expect(v).toMatchObject({ status: 'error', problem: 'load' });
    expect(v.message).toMatch(/FinalizationRegistry is not defined/);
    expect((await grade(GOOD)).status).toBe('passed');
  });

  it('runs identical files each in a fresh context (a compiled file is reused, its state never)', async () => {
    const src = 'const g = globalThis as any;\ng.runs = (g.runs ?? 0) + 1;\nexport function double(x: number) { return g.runs === 1 ? 2 * x : -1; }';
    const verdicts = await Promise.all([grade(src), grade(src), grade(src), grade(src)]);
    expect(verdicts.map((v) => v.status)).toEqual(['passed', 'passed', 'passed', 'passed']);
  });
});

describe('node sandbox pool', () => {
  it('grades the jobs queued behind a process that is killed, each on its own', async () => {
    const one = new SandboxPool({ size: 1, depth: 3 });
    try {
      const bomb = 'export function double(x: number) { const a: unknown[] = []; for (;;) a.push({ x, y: [x, x, x] }); }';
      const loop = 'export function double(x: number): number { while (true) {} }';
      // Limits that only bound a hang, except the loop's: the bomb must fill the heap first, however slowly.
      const verdicts = await Promise.all([GOOD, bomb, GOOD, loop, GOOD, GOOD].map((src) => gradeSource(double, src, cases, one, src === loop ? 300 : 120_000)));
      expect(verdicts.map((v) => v.problem ?? v.status)).toEqual(['passed', 'memory', 'passed', 'timeout', 'passed', 'passed']);
    } finally {
      await one.close();
    }
  });

  it('sends an input again when a process has let go of it', async () => {
    const one = new SandboxPool({ size: 1 });
    try {
      // More distinct case lists than a process keeps inputs for, then the first ones again.
      const lists = Array.from({ length: 40 }, (_, k) => prepareCases(double, `inputs-${k}`, 2));
      for (const list of [...lists, ...lists.slice(0, 5)]) {
        const v = await gradeSource(double, GOOD, list, one);
        expect(v).toMatchObject({ status: 'passed', passed: list.length });
      }
    } finally {
      await one.close();
    }
  });
});
