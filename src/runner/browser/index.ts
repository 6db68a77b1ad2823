/**
 * The browser runner: compile in the esbuild-wasm worker, run in a fresh sandbox worker (a spare is
 * booted in advance, and the next one as soon as a run is over). A started run's compiled code goes
 * from the compiler's worker straight to the sandbox's; this page sends the calls and reads the
 * report. The compiler lives in ./workers.ts, which the exercise loader starts as soon as an editor
 * is requested; the sandboxes in the frame of ./sandbox-frame.ts, whose policy keeps the learner's
 * code off the network.
 */
import type { CompiledCode, CompileResult, RunCall, RunCalls, Runner, RunReport, RunRequest, StartedRun } from '../../grading/run-contract.ts';
import { readResult } from '../read-result.ts';
import { wireInput } from '../wire-input.ts';
import type { ForwardedCode } from './compile.worker.ts';
import type { SandboxRequest, SandboxResponse } from './sandbox.worker.ts';
import { prepareSpareSandbox, takeSandbox, type Sandbox } from './sandbox-frame.ts';
import { prepareCompiler, startWorkers, type CompileJob, type Compiler } from './workers.ts';

/** How much longer than its limit a run may wait for its sandbox to start (a frame booted on a busy machine). */
const SANDBOX_BOOT_MS = 10_000;

/** Compiles and runs learner code in workers; one instance serves every exercise on a page. */
export class BrowserRunner implements Runner {
  private compiler: Compiler;
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

  /** Serialize the calls a coming run will make, ahead of it (when the page is idle). */
  prepareInput(calls: readonly RunCall[]): void {
    wireInput(calls);
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
   * Compile `source` and run it once compiled: the source is posted first (unless it was compiled
   * ahead), and the compiler hands its code to a sandbox taken now, while this thread prepares the calls.
   */
  start(source: string): StartedRun {
    const compiledAhead = this.ahead?.source === source;
    const job = compiledAhead ? this.ahead! : this.compileRemembered(source);
    const sandbox = takeSandbox();
    const code = new MessageChannel();
    this.compiler.forward(job.id, code.port1);
    return {
      compiled: job.result,
      compiledAhead,
      compilerMs: () => this.compiler.lastEsbuildMs,
      run: (calls) => this.runIn(sandbox, code.port2, calls, job.result),
    };
  }

  /** Run compiled code in a fresh sandbox. */
  async run(request: RunRequest): Promise<RunReport> {
    const sandbox = takeSandbox();
    const code = new MessageChannel();
    code.port1.postMessage({ kind: 'code', code: request.code.code } satisfies ForwardedCode);
    return (await this.runIn(sandbox, code.port2, request, Promise.resolve<CompiledCode>(request.code)))!;
  }

  /** Send `sandbox` the calls and the port its code comes on; the report, or null when the code did not compile. */
  private runIn(sandbox: Sandbox, code: MessagePort, calls: RunCalls, compiling: Promise<CompileResult>): Promise<RunReport | null> {
    sandbox.port.postMessage({ input: wireInput(calls.calls), names: [...calls.exports], code } satisfies SandboxRequest, [code]);
    return this.reportOf(sandbox, compiling, calls.limits.timeoutMs);
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
  private reportOf(sandbox: Sandbox, compiling: Promise<CompileResult>, timeoutMs: number): Promise<RunReport | null> {
    return new Promise((resolve) => {
      let atCase: number | undefined;
      let timer: ReturnType<typeof setTimeout> | undefined;
      let settled = false;
      const finish = (report: RunReport | null, runaway = false) => {
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
        else if (msg.kind === 'error') finish({ end: 'sandbox-failed', message: msg.message });
        else if (msg.result === null) finish({ end: 'never-settled' });
        else finish(readResult(msg.result, map, msg.durationMs));
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
        if (startedAt === null) return finish({ end: 'never-started', waitedMs: timeoutMs + SANDBOX_BOOT_MS }, true);
        const left = startedAt + timeoutMs - now;
        if (left > 0) {
          timer = setTimeout(expire, left);
          return;
        }
        // No script can read a worker's heap in Chromium (performance.memory is the page's own isolate,
        // measureUserAgentSpecificMemory needs cross-origin isolation): a heap that keeps growing
        // cannot be told from a loop here.
        finish({ end: 'timed-out', atCase, indistinct: true }, true);
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
        finish(memory ? { end: 'out-of-memory' } : { end: 'sandbox-stopped', message });
      });
    });
  }
}
