/**
 * The browser runner's side of the run contract, in Node: its compiler worker and sandbox frame are
 * replaced by stand-ins that do what the real ones do (compile with esbuild; run the harness in a
 * fresh realm and answer on the port), so what is tested is the runner's own part: sending the
 * calls, reading the report, the time limit, and a sandbox that fails.
 */
import vm from 'node:vm';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { RunCall } from '../../src/grading/run-contract.ts';
import type { ForwardedCode } from '../../src/runner/browser/compile.worker.ts';
import type { SandboxRequest, SandboxResponse } from '../../src/runner/browser/sandbox.worker.ts';
import { runSource, setupSource, SUBMISSION_FILE, wrapModule } from '../../src/runner/harness.ts';
import { compileNode } from '../../src/runner/node/compile.ts';

/** What the stand-in sandbox does with its job: run it, hang, or fail as a worker does. */
const behaviour = vi.hoisted(() => ({ mode: 'run' as 'run' | 'hang' | 'fail', stopped: [] as boolean[] }));

vi.mock('../../src/runner/browser/sandbox-frame.ts', () => {
  class FakeSandbox {
    readonly port: MessagePort;
    private fail: ((message: string) => void) | null = null;
    constructor() {
      const channel = new MessageChannel();
      this.port = channel.port1;
      const inside = channel.port2;
      const post = (m: SandboxResponse) => inside.postMessage(m);
      inside.onmessage = (r: MessageEvent<SandboxRequest>) => {
        const { input, names, code } = r.data;
        code.onmessage = async (m: MessageEvent<ForwardedCode>) => {
          code.close();
          if (m.data.kind !== 'code') return post({ kind: 'error', message: 'the compiled code did not reach the sandbox' });
          post({ kind: 'started' });
          if (behaviour.mode === 'hang') return;
          if (behaviour.mode === 'fail') return this.fail?.('Uncaught RangeError: Array buffer allocation failed');
          const ctx = vm.createContext({});
          vm.runInContext(setupSource(), ctx);
          vm.runInContext(wrapModule(m.data.code), ctx, { filename: SUBMISSION_FILE });
          await vm.runInContext(runSource(input, names), ctx);
          post({ kind: 'done', result: vm.runInContext('__qc_result()', ctx) as string | null, durationMs: 1 });
        };
      };
    }
    onFailure(f: (message: string) => void) { this.fail = f; }
    stop(runaway = false) { behaviour.stopped.push(runaway); this.port.close(); }
  }
  return { takeSandbox: () => new FakeSandbox(), prepareSpareSandbox: () => undefined };
});

vi.mock('../../src/runner/browser/workers.ts', () => {
  let id = 0;
  const jobs = new Map<number, ReturnType<typeof compileNode>>();
  const compiler = {
    failed: null,
    lastEsbuildMs: 5,
    ready: Promise.resolve(),
    start: () => compiler,
    warmUp: () => Promise.resolve(),
    compile(source: string) {
      const job = { id: ++id, result: compileNode(source) };
      jobs.set(job.id, job.result);
      return job;
    },
    forward(jobId: number, port: MessagePort) {
      void jobs.get(jobId)!.then((c) => port.postMessage((c.ok ? { kind: 'code', code: c.code } : { kind: 'none' }) satisfies ForwardedCode));
    },
  };
  return { prepareCompiler: () => compiler, startWorkers: () => compiler };
});

const { BrowserRunner } = await import('../../src/runner/browser/index.ts');

const SOURCE = 'export function half(x: number) {\n  if (x < 0) throw new RangeError("negative");\n  return x / 2;\n}\n';
const calls: RunCall[] = [{ fn: 'half', args: [3] }, { fn: 'half', args: [-1] }];
const limits = { timeoutMs: 2000 };

afterEach(() => {
  behaviour.mode = 'run';
  behaviour.stopped.length = 0;
});

describe('browser runner', () => {
  it('runs compiled code against the calls and reports values and errors at the learner\'s lines', async () => {
    const runner = new BrowserRunner();
    const code = await runner.compile(SOURCE);
    if (!code.ok) throw new Error(code.message);
    const report = await runner.run({ code, calls, exports: ['half'], limits });
    expect(report).toMatchObject({
      end: 'completed', durationMs: 1, missing: [], tampered: [], flooded: false,
      outcomes: [{ ok: true, value: 1.5 }, { ok: false, error: { name: 'RangeError', message: 'negative', at: { line: 2, column: 20 } } }],
    });
    expect(behaviour.stopped).toEqual([false]);
  });

  it('starts a run from source, the code going to the sandbox without this thread', async () => {
    const runner = new BrowserRunner();
    const started = runner.start(SOURCE);
    expect(started.compiledAhead).toBe(false);
    const report = await started.run({ calls, exports: ['half'], limits });
    expect(report).toMatchObject({ end: 'completed', outcomes: [{ ok: true, value: 1.5 }, { ok: false }] });
    expect(started.compilerMs()).toBe(5);
  });

  it('runs nothing for source that does not compile, and stops the sandbox it took', async () => {
    const started = new BrowserRunner().start('export function half(x: number { return x; }');
    expect(await started.run({ calls, exports: ['half'], limits })).toBeNull();
    expect((await started.compiled).ok).toBe(false);
    expect(behaviour.stopped).toEqual([false]);
  });

  it('stops a run at its limit (a runaway: its frame goes) and cannot say why it ran on', async () => {
    behaviour.mode = 'hang';
    const report = await new BrowserRunner().start(SOURCE).run({ calls, exports: ['half'], limits: { timeoutMs: 200 } });
    expect(report).toEqual({ end: 'timed-out', atCase: undefined, indistinct: true });
    expect(behaviour.stopped).toEqual([true]);
  });

  it('reports a worker that failed of memory as out of memory', async () => {
    behaviour.mode = 'fail';
    expect(await new BrowserRunner().start(SOURCE).run({ calls, exports: ['half'], limits })).toEqual({ end: 'out-of-memory' });
  });
});
