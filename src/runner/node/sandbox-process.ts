/**
 * A sandbox process: started by the pool under the permission model (no fs writes, no child
 * processes, no workers), a heap cap and an address-space cap, with an empty environment. It grades
 * many submissions, each in a fresh `vm` context that has no `process`, `require`, timers, network
 * or string-to-code evaluation. Jobs arrive over IPC; replies carry the harness result only.
 *
 * Per job, only one evaluation runs learner code, and only that one carries the time limit (each
 * limited evaluation starts and joins a watchdog thread, which costs milliseconds on a busy
 * machine): the harness setup and the module wrapper run none of the learner's code. Compiled
 * scripts (harness, wrapped modules, the call that starts a run with an exercise's input, written as
 * a literal) are kept and run again in each new context; a script holds code, never state (each
 * evaluation builds new objects), so no submission sees another.
 */
import vm from 'node:vm';
import { fromWire } from '../../grading/wire.ts';
import { runSourceLiteral, setupSource, SUBMISSION_FILE, watchBuiltins, wrapModule } from '../harness.ts';
import type { SandboxJob, SandboxReply } from './protocol.ts';

// The built-ins are checked from out here (see watchBuiltins), where the check runs optimized.
const setupScript = new vm.Script(setupSource({ checkBuiltins: false }), { filename: 'harness.js' });
const resultScript = new vm.Script('__qc_result()');
const progressScript = new vm.Script('__qc_progress()');

/** A small least-recently-used map (a Map keeps insertion order). */
class Lru<V> {
  private readonly map = new Map<string, V>();
  private readonly max: number;
  constructor(max: number) {
    this.max = max;
  }
  get(key: string): V | undefined {
    const v = this.map.get(key);
    if (v !== undefined) {
      this.map.delete(key);
      this.map.set(key, v);
    }
    return v;
  }
  set(key: string, v: V): void {
    this.map.delete(key);
    this.map.set(key, v);
    if (this.map.size > this.max) this.map.delete(this.map.keys().next().value!);
  }
}

/** Wire inputs by key, and the compiled call that starts a run with one (per input and export names). */
const inputs = new Lru<string>(32);
const runScripts = new Lru<vm.Script>(32);
/** Wrapped learner modules by compiled code (many students hand in the same file). */
const modules = new Lru<vm.Script>(256);

function moduleScript(code: string): vm.Script {
  let s = modules.get(code);
  if (!s) modules.set(code, (s = new vm.Script(wrapModule(code), { filename: SUBMISSION_FILE })));
  return s;
}

function runScript(job: SandboxJob): vm.Script | undefined {
  if (job.input !== undefined) inputs.set(job.inputKey, job.input);
  const key = `${job.inputKey}\u0000${job.names.join(',')}`;
  let s = runScripts.get(key);
  if (s) return s;
  const input = inputs.get(job.inputKey);
  if (input === undefined) return undefined;
  runScripts.set(key, (s = new vm.Script(runSourceLiteral(fromWire(input), job.names), { filename: 'run.js' })));
  return s;
}

function atCaseOf(ctx: vm.Context): number | undefined {
  // After a stopped run the context may still hold queued promise jobs: keep a limit on this call.
  try {
    const atCase = progressScript.runInContext(ctx, { timeout: 100 }) as unknown;
    return typeof atCase === 'number' && atCase >= 0 ? atCase : undefined;
  } catch {
    return undefined;
  }
}

function runJob(job: SandboxJob): SandboxReply {
  const started = performance.now();
  const run = runScript(job);
  if (!run) return { id: job.id, kind: 'need-input' };
  const ctx = vm.createContext(vm.constants.DONT_CONTEXTIFY, {
    codeGeneration: { strings: false, wasm: false },
    microtaskMode: 'afterEvaluate', // promise jobs run inside the timeout, not after it
  });
  let tampered: () => string[];
  try {
    // The harness's own code, the built-ins as they are before any learner code, then the module
    // wrapper, which only hands over the module's factory.
    setupScript.runInContext(ctx);
    // A FinalizationRegistry callback runs from this process's event loop, after the job and outside any
    // time limit: a looping one would hang the next submission's run. Nothing else in the realm can
    // schedule code for later (no timers; promise jobs stay in this context's own queue).
    delete (ctx as { FinalizationRegistry?: unknown }).FinalizationRegistry;
    tampered = watchBuiltins(ctx);
    moduleScript(job.code).runInContext(ctx);
  } catch (err) {
    return { id: job.id, kind: 'error', message: String((err as Error)?.message ?? err) };
  }
  try {
    // Everything of the learner's: loading the module, every case, and the promise jobs they queue.
    run.runInContext(ctx, { timeout: Math.max(1, Math.round(job.timeoutMs - (performance.now() - started))) });
  } catch (err) {
    const code = (err as { code?: string })?.code;
    if (code === 'ERR_SCRIPT_EXECUTION_TIMEOUT') return { id: job.id, kind: 'timeout', atCase: atCaseOf(ctx) };
    return { id: job.id, kind: 'error', message: String((err as Error)?.message ?? err) };
  }
  // The run's promise jobs have all run (or the limit above stopped them): nothing of the learner's is left to run here.
  const result = resultScript.runInContext(ctx) as unknown;
  const durationMs = performance.now() - started;
  if (typeof result !== 'string') return { id: job.id, kind: 'pending', atCase: atCaseOf(ctx) };
  return { id: job.id, kind: 'result', result, durationMs, tampered: tampered() };
}

process.on('message', (job: SandboxJob) => {
  process.send!(runJob(job));
});
process.send!({ id: -1, kind: 'ready' } satisfies SandboxReply);
