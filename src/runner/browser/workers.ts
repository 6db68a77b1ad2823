/**
 * The browser runner's compiler worker, in a module small enough for the exercise loader to
 * import the moment an editor is requested. Then only the compiler worker's script loads
 * (`prepareCompiler`). esbuild.wasm (14 MB) is downloaded, compiled and started once the editor
 * is created (`Compiler.start`), and a sandbox booted once it is on screen (`startWorkers`, with
 * src/runner/browser/sandbox-frame.ts): that is over a second of CPU, and on two cores even the
 * download alone, made while Monaco is parsed or the editor created, delays the editor. src/runner/browser/index.ts takes the compiler over (`startWorkers()` returns the same one).
 */
import type { CompileResult } from '../compile-options.ts';
import type { CompileRequest, CompileResponse, ForwardedCode } from './compile.worker.ts';
import { prepareSpareSandbox } from './sandbox-frame.ts';

/** The esbuild-wasm worker: started once, compiles one source per request, in order. */
export class Compiler {
  private readonly worker: Worker;
  private readonly pending = new Map<number, { resolve(r: CompileResult): void; reject(e: Error): void }>();
  /** Milliseconds esbuild itself took for the last compile, measured in the worker. */
  lastEsbuildMs = 0;
  private nextId = 1;
  /** Settles when esbuild-wasm has initialized (rejects if it could not). */
  readonly ready: Promise<void>;
  /** Set once `ready` has rejected: this compiler is unusable, start another. */
  failed: Error | null = null;
  private warming: Promise<void> | null = null;
  private warmed: (() => void) | null = null;
  private started = false;

  /** A worker that does nothing (its script loaded) until `start()` or a compile. */
  constructor() {
    this.worker = new Worker(new URL('./compile.worker.ts', import.meta.url), { type: 'module', name: 'quantcourse-compile' });
    this.ready = new Promise<void>((resolve, reject) => {
      const fail = (message: string) => {
        this.failed = new Error(`The compiler could not start: ${message}`);
        for (const p of this.pending.values()) p.reject(this.failed);
        this.pending.clear();
        this.worker.terminate();
        reject(this.failed);
      };
      this.worker.onmessage = (e: MessageEvent<CompileResponse>) => {
        const msg = e.data;
        if (msg.kind === 'ready') {
          performance.mark('quantcourse:compiler-ready');
          resolve();
        } else if (msg.kind === 'warm') {
          performance.mark('quantcourse:compiler-warm');
          this.warmed?.();
        } else if (msg.kind === 'init-failed') fail(msg.message);
        else {
          this.lastEsbuildMs = msg.esbuildMs;
          this.pending.get(msg.id)?.resolve(msg.result);
          this.pending.delete(msg.id);
        }
      };
      this.worker.onerror = (e) => {
        e.preventDefault();
        fail(e.message || 'worker error');
      };
    });
    // Unhandled until someone awaits it: the failure is reported by the Run that needs it.
    this.ready.catch(() => undefined);
  }

  /** Start esbuild-wasm (compile the module, run its start-up); cheap to call again. */
  start(): this {
    if (!this.started) {
      this.started = true;
      this.worker.postMessage({ kind: 'init' } satisfies CompileRequest);
    }
    return this;
  }

  /**
   * Have the worker compile a small module once (see compile.worker.ts), when the page can spare
   * the CPU: it costs a few hundred milliseconds of one core the first time. Resolves when done
   * (or at once if the compiler failed).
   */
  warmUp(): Promise<void> {
    if (this.failed) return Promise.resolve();
    this.start();
    if (!this.warming) {
      this.warming = new Promise<void>((resolve) => {
        this.warmed = resolve;
        this.ready.catch(() => resolve());
      });
      this.worker.postMessage({ kind: 'warm' } satisfies CompileRequest);
    }
    return this.warming;
  }

  /**
   * Compile learner TypeScript. Posted at once: the worker finishes initializing first if it has
   * to, so a Run never waits for a round trip through this thread.
   */
  compile(source: string): CompileJob {
    const id = this.nextId++;
    if (this.failed) return { id, result: Promise.reject(this.failed) };
    this.start();
    return {
      id,
      result: new Promise((resolve, reject) => {
        this.pending.set(id, { resolve, reject });
        this.worker.postMessage({ kind: 'compile', id, source } satisfies CompileRequest);
      }),
    };
  }

  /**
   * Have the worker post the code of compile `id` to `port` once it is done (a ForwardedCode), so
   * that a sandbox gets it without a detour through this thread. The port is transferred.
   */
  forward(id: number, port: MessagePort): void {
    if (this.failed) {
      port.postMessage({ kind: 'none' } satisfies ForwardedCode);
      return;
    }
    this.worker.postMessage({ kind: 'forward', id, port } satisfies CompileRequest, [port]);
  }
}

/** A compile posted to the worker: its id (for Compiler.forward) and its result. */
export interface CompileJob {
  id: number;
  result: Promise<CompileResult>;
}

let compiler: Compiler | null = null;

/**
 * The compiler worker, idle until told what to do (call when an editor is requested, so that its
 * script is in before esbuild.wasm is wanted). Cheap to call again.
 */
export function prepareCompiler(): Compiler {
  if (!compiler || compiler.failed) compiler = new Compiler();
  return compiler;
}

/**
 * Start the compiler (esbuild-wasm) and one spare sandbox if they are not running yet. Cheap to
 * call again; a compiler that failed to start is replaced.
 */
export function startWorkers(): Compiler {
  prepareSpareSandbox();
  return prepareCompiler().start();
}
