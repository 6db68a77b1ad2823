/**
 * The browser front door of the pipeline: compile in the esbuild-wasm worker, run in a fresh
 * sandbox worker (a spare is booted in advance, and the next one as soon as a run is over), judge
 * on the page with src/grading. The compiled code goes from the compiler's worker straight to the
 * sandbox's; this page sends the inputs and reads the report. The compiler lives in ./workers.ts,
 * which the exercise loader starts as soon as an editor is requested; the sandboxes in the frame
 * of ./sandbox-frame.ts, whose policy keeps the learner's code off the network.
 */
import { inputsOf, type PreparedCase } from '../../grading/cases.ts';
import type { Exercise } from '../../grading/exercise.ts';
import { judge, type SandboxReport, type Verdict } from '../../grading/verdict.ts';
import { toWire } from '../../grading/wire.ts';
import type { CompileResult } from '../compile-options.ts';
import { parseHarnessResult } from '../harness.ts';
import { reportFromHarness } from '../report.ts';
import type { SandboxRequest, SandboxResponse } from './sandbox.worker.ts';
import { prepareSpareSandbox, takeSandbox, type Sandbox } from './sandbox-frame.ts';
import { prepareCompiler, startWorkers, type CompileJob, type Compiler } from './workers.ts';

/** Wall-clock limit of one run in the browser. */
export const BROWSER_TIMEOUT_MS = 2000;
/** How much longer than its limit a run may wait for its sandbox to start (a frame booted on a busy machine). */
const SANDBOX_BOOT_MS = 10_000;

/** Timings of the last run, for the page and the benchmark. */
export interface RunTimings {
  /** Generating the cases, their expected values and their wire form (overlaps compiling; ~0 when prepared ahead). */
  prepareMs: number;
  /** From posting the source to having the compiled code back on this thread (the sandbox may have it earlier). */
  compileMs: number;
  /** Of compileMs, the time esbuild itself took in the worker (the rest is messaging and waiting). */
  esbuildMs: number;
  /** Whether the source had been compiled ahead, as the learner typed (compileMs is then the wait for it, often 0). */
  compiledAhead: boolean;
  /** From having the compiled code back on this thread to having the sandbox's report. */
  runMs: number;
  /** The time the learner's code and the harness took inside the sandbox: it can start before compileMs ends, since the code goes from the compiler straight to the sandbox. */
  sandboxMs: number;
  /** Comparing outputs with the expected values. */
  judgeMs: number;
  totalMs: number;
}

/** The wire form of a run's inputs, by cases array: prepared ahead of a run (prepareInput) or during it. */
const inputs = new WeakMap<readonly PreparedCase[], string>();

function inputOf(cases: readonly PreparedCase[]): string {
  let input = inputs.get(cases);
  if (input === undefined) inputs.set(cases, (input = toWire(inputsOf(cases))));
  return input;
}

/** Compiles and runs learner code in workers; one instance serves every exercise on a page. */
export class BrowserRunner {
  private compiler: Compiler;
  /** Timings of the most recent run. */
  lastTimings: RunTimings | null = null;
  /** The latest source compiled ahead of a Run, and its compile. */
  private ahead: (CompileJob & { source: string }) | null = null;
  /** Whether an ahead-of-time compile is in flight, and the newest source that arrived meanwhile. */
  private aheadBusy = false;
  private aheadNext: string | null = null;

  /** Takes over the compiler worker the loader started (or starts one), idle until told what to do. */
  constructor() {
    this.compiler = prepareCompiler();
  }

  /** Download, compile and start esbuild-wasm in the background; cheap to call again. */
  startCompiler(): void {
    this.compiler.start();
  }

  /** Start esbuild-wasm and a spare sandbox in the background; cheap to call again. */
  warm(): Promise<void> {
    this.compiler = startWorkers();
    return this.compiler.ready;
  }

  /** Warm the compiler up (see Compiler.warmUp); resolves when it is done. */
  warmUp(): Promise<void> {
    return this.compiler.warmUp();
  }

  /** Serialize the inputs of cases a coming run will use, ahead of it (when the page is idle). */
  prepareInput(cases: readonly PreparedCase[]): void {
    inputOf(cases);
  }

  /** Compile learner TypeScript with the same options as the command line. */
  compile(source: string): Promise<CompileResult> {
    return this.post(source).result;
  }

  private post(source: string): CompileJob {
    if (this.compiler.failed) this.compiler = startWorkers();
    return this.compiler.compile(source);
  }

  /**
   * Compile `source` in the background, ahead of a Run (call as the learner types): a Run of the
   * same source then uses the result instead of compiling. One compile at a time; of the edits made
   * meanwhile, only the newest is compiled next.
   */
  compileAhead(source: string): void {
    // A compiler that failed to start is retried by the next Run, not by every keystroke.
    if (this.ahead?.source === source || this.compiler.failed) return;
    if (this.aheadBusy) {
      this.aheadNext = source;
      return;
    }
    this.aheadBusy = true;
    void this.compileRemembered(source).result.catch(() => undefined).finally(() => {
      this.aheadBusy = false;
      const next = this.aheadNext;
      this.aheadNext = null;
      if (next !== null) this.compileAhead(next);
    });
  }

  /** Compile, and remember the compile as the latest (a compile ahead then skips the same source). */
  private compileRemembered(source: string): CompileJob {
    const entry = { source, ...this.post(source) };
    this.ahead = entry;
    // A compiler that failed is not remembered: the next Run compiles again, which restarts it.
    entry.result.catch(() => { if (this.ahead === entry) this.ahead = null; });
    return entry;
  }

  /**
   * Grade learner source against cases (expected values never leave this page). Pass the cases
   * as a function to generate them while the compiler works.
   */
  async grade(ex: Exercise, source: string, cases: readonly PreparedCase[] | (() => readonly PreparedCase[]), timeoutMs = ex.timeoutMs ?? BROWSER_TIMEOUT_MS): Promise<Verdict> {
    const t0 = performance.now();
    // Post the source first (unless it was compiled ahead), have the compiler hand its code to a
    // sandbox, then build the cases on this thread while the worker compiles.
    const compiledAhead = this.ahead?.source === source;
    const job = compiledAhead ? this.ahead! : this.compileRemembered(source);
    const sandbox = takeSandbox();
    const code = new MessageChannel();
    this.compiler.forward(job.id, code.port1);
    const prepared = typeof cases === 'function' ? cases() : cases;
    const input = inputOf(prepared);
    sandbox.port.postMessage({ input, names: ex.functions, code: code.port2 } satisfies SandboxRequest, [code.port2]);
    const reported = this.reportOf(sandbox, job.result, timeoutMs);
    const tPrepared = performance.now();
    const compiled = await job.result;
    const t1 = performance.now();
    if (!compiled.ok) {
      const verdict = await judge(ex, prepared, { kind: 'failed', problem: 'compile', message: compiled.message, at: compiled.at });
      const t3 = performance.now();
      this.lastTimings = { prepareMs: tPrepared - t0, compileMs: t1 - t0, esbuildMs: this.compiler.lastEsbuildMs, compiledAhead, runMs: 0, sandboxMs: 0, judgeMs: t3 - t1, totalMs: t3 - t0 };
      return verdict;
    }
    const report = (await reported)!;
    const t2 = performance.now();
    const verdict = await judge(ex, prepared, report);
    const t3 = performance.now();
    this.lastTimings = { prepareMs: tPrepared - t0, compileMs: t1 - t0, esbuildMs: this.compiler.lastEsbuildMs, compiledAhead, runMs: t2 - t1, sandboxMs: report.kind === 'ran' ? (report.durationMs ?? 0) : 0, judgeMs: t3 - t2, totalMs: t3 - t0 };
    return verdict;
  }

  /**
   * Stop a sandbox whose run is over (or never started; `runaway`: stopped at its time limit), and
   * boot the next spare once the page is idle.
   */
  private retire(sandbox: Sandbox, runaway: boolean): void {
    sandbox.stop(runaway);
    // Each run gets a fresh realm: boot the next one once this run's results are on screen, so
    // that it does not compete with this run for the CPU.
    setTimeout(prepareSpareSandbox, 0);
  }

  /**
   * The report of a sandbox that has its inputs and gets its code from the compiler; null, with the
   * sandbox stopped, when the code did not compile (or the compiler failed). The time limit counts
   * from the compiled code being back here (the learner's code is then about to run, or running), or
   * from the sandbox saying it starts the learner's code, whichever comes later.
   */
  private reportOf(sandbox: Sandbox, compiling: Promise<CompileResult>, timeoutMs: number): Promise<SandboxReport | null> {
    return new Promise((resolve) => {
      let atCase: number | undefined;
      let timer: ReturnType<typeof setTimeout> | undefined;
      let settled = false;
      const finish = (report: SandboxReport | null, runaway = false) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        this.retire(sandbox, runaway);
        resolve(report);
      };
      // The source map turns positions in the report into the learner's lines: a report that
      // arrives before the compile result has reached this thread waits for it.
      let map: string | null = null;
      let early: SandboxResponse | null = null;
      const read = (msg: SandboxResponse, map: string) => {
        if (msg.kind === 'started') return;
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
      // The limit runs from the later of the compile reaching this page and the sandbox saying the
      // learner's code starts: a sandbox still booting (its frame just made, on a loaded machine)
      // takes none of the learner's time, up to SANDBOX_BOOT_MS more.
      let startedAt: number | null = null;
      let compiledAt = 0;
      const expire = () => {
        const now = performance.now();
        if (startedAt === null && now - compiledAt < timeoutMs + SANDBOX_BOOT_MS) {
          timer = setTimeout(expire, timeoutMs + SANDBOX_BOOT_MS - (now - compiledAt));
          return;
        }
        if (startedAt === null) return finish({ kind: 'failed', problem: 'crash', message: `The sandbox did not start within ${(timeoutMs + SANDBOX_BOOT_MS) / 1000} s. Try Run again.` }, true);
        const left = startedAt + timeoutMs - now;
        if (left > 0) {
          timer = setTimeout(expire, left);
          return;
        }
        // No script can read a worker's heap in Chromium (performance.memory is the page's own isolate,
        // measureUserAgentSpecificMemory needs cross-origin isolation), and V8 lets a worker grow for
        // tens of seconds: a heap that keeps growing cannot be told from a loop here, so say both.
        finish({ kind: 'failed', problem: 'timeout', atCase, message: `Your code ran for more than ${timeoutMs} ms and was stopped (an infinite loop, a promise that never settles, or memory that grows without end? The browser cannot tell these apart)` }, true);
      };
      compiling.then(
        (compiled) => {
          if (!compiled.ok) return finish(null);
          map = compiled.map;
          compiledAt = performance.now();
          timer = setTimeout(expire, timeoutMs);
          if (early) read(early, map);
        },
        () => finish(null),
      );
      sandbox.port.onmessage = (e: MessageEvent<SandboxResponse>) => {
        if (e.data.kind === 'started') startedAt ??= performance.now();
        else if (map !== null) read(e.data, map);
        else if (e.data.kind !== 'progress') early = e.data;
      };
      sandbox.onFailure((message) => {
        const memory = /memory|allocation/i.test(message);
        finish({ kind: 'failed', problem: memory ? 'memory' : 'crash', message: memory ? 'Your code ran out of memory and was stopped.' : `The sandbox stopped: ${message || 'unknown error'}` });
      });
    });
  }
}
