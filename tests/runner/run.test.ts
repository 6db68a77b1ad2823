/**
 * The plain run contract, node side: compiled code against a list of calls under a limit gives a
 * report of values, errors, logs, tampering and timing, and how the run ended. No expected values
 * go in, no verdict comes out.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { CompiledCode, RunCall } from '../../src/grading/run-contract.ts';
import { compileCached } from '../../src/runner/node/compile.ts';
import { nodeRunner } from '../../src/runner/node/index.ts';
import { SandboxPool } from '../../src/runner/node/pool.ts';

const pool = new SandboxPool({ size: 1 });
afterAll(() => pool.close());
const runner = nodeRunner(pool);

async function compiled(source: string): Promise<CompiledCode> {
  const c = await runner.compile(source);
  if (!c.ok) throw new Error(c.message);
  return c;
}

const calls: RunCall[] = [
  { fn: 'half', args: [3] },
  { fn: 'half', args: [new Float32Array([1, 2])] },
  { fn: 'half', args: [-1] },
];
const SOURCE = `export function half(x: number | Float32Array) {
  if (typeof x === 'number' && x < 0) throw new RangeError('negative');
  console.log('halving', x);
  return typeof x === 'number' ? x / 2 : x.map((v) => v / 2);
}`;

describe('node runner: run', () => {
  it('reports each call\'s value or error (mapped to the learner\'s line), the logs and the time taken', async () => {
    const report = await runner.run({ code: await compiled(SOURCE), calls, exports: ['half'], limits: { timeoutMs: 10_000 } });
    expect(report.end).toBe('completed');
    if (report.end !== 'completed') return;
    expect(report.outcomes[0]).toEqual({ ok: true, value: 1.5 });
    expect(report.outcomes[1]).toEqual({ ok: true, value: new Float32Array([0.5, 1]) });
    expect(report.outcomes[2]).toEqual({ ok: false, error: { name: 'RangeError', message: 'negative', at: { line: 2, column: 45 } } });
    expect(report.logs).toHaveLength(2);
    expect(report.logs[0]).toBe('halving 3');
    expect(report).toMatchObject({ flooded: false, tampered: [], missing: [] });
    expect(report.durationMs).toBeGreaterThanOrEqual(0);
    expect(JSON.stringify(report)).not.toMatch(/expected|passed|verdict/);
  });

  it('names missing exports and changed built-ins without judging them', async () => {
    const missing = await runner.run({ code: await compiled('export function twice(x: number) { return 2 * x; }'), calls, exports: ['half'], limits: { timeoutMs: 10_000 } });
    expect(missing).toMatchObject({ end: 'completed', missing: ['half'], outcomes: [] });
    const tamper = await runner.run({ code: await compiled('Math.round = (x: number) => x;\nexport function half(x: number) { return x / 2; }'), calls: calls.slice(0, 1), exports: ['half'], limits: { timeoutMs: 10_000 } });
    expect(tamper).toMatchObject({ end: 'completed', tampered: ['Math.round'] });
  });

  it('ends as timed-out at its limit, with the call it was running', async () => {
    const report = await runner.run({ code: await compiled('export function half(x: number) { if (x < 0) for (;;) {} return x / 2; }'), calls, exports: ['half'], limits: { timeoutMs: 300 } });
    expect(report).toEqual({ end: 'timed-out', atCase: 2 });
  });

  it('starts a run from source; a source that does not compile runs nothing', async () => {
    const started = runner.start(SOURCE);
    const report = await started.run({ calls: calls.slice(0, 1), exports: ['half'], limits: { timeoutMs: 10_000 } });
    expect((await started.compiled).ok).toBe(true);
    expect(report).toMatchObject({ end: 'completed', outcomes: [{ ok: true, value: 1.5 }] });
    const broken = runner.start('export function half(x: number { return x; }');
    expect(await broken.run({ calls, exports: ['half'], limits: { timeoutMs: 10_000 } })).toBeNull();
    expect((await broken.compiled).ok).toBe(false);
    expect(await compileCached(SOURCE)).toBe(await started.compiled);
  });
});
