/**
 * The browser front door of the pipeline: compile in the esbuild-wasm worker, run in a fresh
 * sandbox worker (a spare is always warming up), judge on the page with src/grading.
 */
import { inputsOf, type PreparedCase } from '../../grading/cases.ts';
import type { Exercise } from '../../grading/exercise.ts';
import { judge, type SandboxReport, type Verdict } from '../../grading/verdict.ts';
import { toWire } from '../../grading/wire.ts';
import type { CompileResult } from '../compile-options.ts';
import { parseHarnessResult } from '../harness.ts';
import { reportFromHarness } from '../report.ts';
import type { CompileRequest, CompileResponse } from './compile.worker.ts';
import type { SandboxRequest, SandboxResponse } from './sandbox.worker.ts';

/** Wall-clock limit of one run in the browser. */
export const BROWSER_TIMEOUT_MS = 2000;

/** Timings of the last run, for the page and the benchmark. */
export interface RunTimings {
  /** Generating the cases and their expected values (overlaps compiling). */
  prepareMs: number;
  compileMs: number;
  runMs: number;
  totalMs: number;
}

function newCompileWorker(): Worker {
  return new Worker(new URL('./compile.worker.ts', import.meta.url), { type: 'module', name: 'quantcourse-compile' });
}

function newSandboxWorker(): Worker {
  return new Worker(new URL('./sandbox.worker.ts', import.meta.url), { type: 'module', name: 'quantcourse-sandbox' });
}

/** Compiles and runs learner code in workers; one instance serves every exercise on a page. */
export class BrowserRunner {
  private compiler: Worker | null = null;
  private compilerReady: Promise<void> | null = null;
  private pending = new Map<number, (r: CompileResult) => void>();
  private nextId = 1;
  private compilerIsReady = false;
  private spare: Worker | null = null;
  /** Timings of the most recent run. */
  lastTimings: RunTimings | null = null;

  /** Start esbuild-wasm and a spare sandbox in the background (call when an editor is requested). */
  warm(): Promise<void> {
    this.spare ??= newSandboxWorker();
    if (!this.compilerReady) {
      const w = (this.compiler = newCompileWorker());
      this.compilerReady = new Promise<void>((resolve, reject) => {
        w.onmessage = (e: MessageEvent<CompileResponse>) => {
          const msg = e.data;
          if (msg.kind === 'ready') {
            this.compilerIsReady = true;
            resolve();
          }
          else if (msg.kind === 'init-failed') {
            this.compilerReady = null;
            reject(new Error(`The compiler could not start: ${msg.message}`));
          } else {
            this.pending.get(msg.id)?.(msg.result);
            this.pending.delete(msg.id);
          }
        };
        w.onerror = (e) => {
          this.compilerReady = null;
          reject(new Error(`The compiler could not start: ${e.message || 'worker error'}`));
        };
      });
      w.postMessage({ kind: 'init' } satisfies CompileRequest);
    }
    return this.compilerReady;
  }

  /** Compile learner TypeScript with the same options as the command line. */
  async compile(source: string): Promise<CompileResult> {
    if (!this.compilerIsReady) await this.warm();
    return this.postCompile(source);
  }

  /** Send source to the (ready) compiler now, synchronously, and wait for its answer. */
  private postCompile(source: string): Promise<CompileResult> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(id, resolve);
      this.compiler!.postMessage({ kind: 'compile', id, source } satisfies CompileRequest);
    });
  }

  /**
   * Grade learner source against cases (expected values never leave this page). Pass the cases
   * as a function to generate them while the compiler works.
   */
  async grade(ex: Exercise, source: string, cases: readonly PreparedCase[] | (() => readonly PreparedCase[]), timeoutMs = BROWSER_TIMEOUT_MS): Promise<Verdict> {
    const t0 = performance.now();
    // Post the source first, then build the cases on this thread while the worker compiles.
    const compiling = this.compilerIsReady ? this.postCompile(source) : this.compile(source);
    const prepared = typeof cases === 'function' ? cases() : cases;
    const tPrepared = performance.now();
    const compiled = await compiling;
    const t1 = performance.now();
    if (!compiled.ok) {
      this.lastTimings = { prepareMs: tPrepared - t0, compileMs: t1 - t0, runMs: 0, totalMs: t1 - t0 };
      return judge(ex, prepared, { kind: 'failed', problem: 'compile', message: compiled.message, at: compiled.at });
    }
    const report = await this.runInSandbox(compiled.code, compiled.map, toWire(inputsOf(prepared)), ex.functions, timeoutMs);
    const t2 = performance.now();
    this.lastTimings = { prepareMs: tPrepared - t0, compileMs: t1 - t0, runMs: t2 - t1, totalMs: t2 - t0 };
    return judge(ex, prepared, report);
  }

  private runInSandbox(code: string, map: string, input: string, names: string[], timeoutMs: number): Promise<SandboxReport> {
    const worker = this.spare ?? newSandboxWorker();
    // Each run gets a fresh realm: warm the next one now, while this one runs.
    this.spare = newSandboxWorker();
    return new Promise((resolve) => {
      let atCase: number | undefined;
      const finish = (report: SandboxReport) => {
        clearTimeout(timer);
        worker.terminate();
        resolve(report);
      };
      const timer = setTimeout(
        () => finish({ kind: 'failed', problem: 'timeout', atCase, message: `Your code ran for more than ${timeoutMs} ms and was stopped (an infinite loop, or a promise that never settles?)` }),
        timeoutMs,
      );
      worker.onmessage = (e: MessageEvent<SandboxResponse>) => {
        const msg = e.data;
        if (msg.kind === 'progress') atCase = msg.atCase;
        else if (msg.kind === 'error') finish({ kind: 'failed', problem: 'crash', message: `The sandbox failed: ${msg.message}` });
        else if (msg.result === null) finish({ kind: 'failed', problem: 'timeout', message: 'A function returned a promise that never settled. Return the result directly.' });
        else {
          try {
            finish(reportFromHarness(parseHarnessResult(msg.result), map, msg.durationMs));
          } catch {
            finish({ kind: 'failed', problem: 'crash', message: 'The sandbox returned a report that could not be read.' });
          }
        }
      };
      worker.onerror = (e) => {
        e.preventDefault();
        const memory = /memory|allocation/i.test(e.message ?? '');
        finish({ kind: 'failed', problem: memory ? 'memory' : 'crash', message: memory ? 'Your code ran out of memory and was stopped.' : `The sandbox stopped: ${e.message || 'unknown error'}` });
      };
      worker.postMessage({ code, input, names } satisfies SandboxRequest);
    });
  }
}
