/**
 * A sandbox process: started by the pool under the permission model (no fs writes, no child
 * processes, no workers), a heap cap and an address-space cap, with an empty environment. It grades
 * many submissions, each in a fresh `vm` context that has no `process`, `require`, timers, network
 * or string-to-code evaluation. Jobs arrive over IPC; replies carry the harness result only.
 *
 * Per run, only one evaluation runs learner code, and only that one carries the time limit (each
 * limited evaluation starts and joins a watchdog thread, which costs milliseconds on a busy
 * machine): the harness setup and the module wrapper run none of the learner's code. Compiled
 * scripts (harness, wrapped modules, the call that starts a run with an exercise's input, written as
 * a literal) are kept and run again in each new context; a script holds code, never state (each
 * evaluation builds new objects), so no submission sees another. A job is one run, or more when a
 * busy machine starved it of CPU (see "Memory bombs" below).
 */
import v8 from 'node:v8';
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

/*
 * Memory bombs. A bomb grows until the heap cap kills the process (or the address-space cap refuses an
 * ArrayBuffer), but on a busy machine it gets little CPU, so its wall-clock limit came first and it
 * was called an infinite loop. Nothing here can watch while the learner's code runs (one thread: the
 * permission model denies workers, and the vm watchdog runs no JavaScript; the pool can read the
 * process's RSS, but V8 keeps freed pages, so RSS did not tell garbage from growth when measured).
 * What can be measured is what a run stopped at its limit leaves behind, uncollected: heap and
 * ArrayBuffer bytes against before the run. Two steps make that reading independent of the load:
 *  - a stopped run that had less CPU time than its limit runs again in a fresh context, its
 *    wall-clock limit stretched, until a run has had the CPU time it would have had on an idle
 *    machine (all runs together take at most MAX_STRETCH times the limit). Every verdict, a time limit
 *    as well as memory, then rests on CPU time, not on the load; only a busy machine pays the wait.
 *    The stretch has to cover the smallest share of a core a run gets: a stretched run needs about
 *    1.25 / share times the limit, and a run that is still starved when the stretch is used up is
 *    judged as it stands, so a bomb short of the memory line is then called a time limit. Under two
 *    un-niced busy loops and a load average of 15-20, a niced grader's run got 1.7-1.9% of a core: 32
 *    times the limit gave a bomb 1.07 s of CPU and 134 MB, and the class-isolation test called it a
 *    time limit; it needed ~68 times. A bomb's stretched run ends once it reaches the heap cap (about
 *    1.4 s of CPU), so the longer stretch costs the wait only to runs that really run to their limit;
 *  - it is a bomb when it then holds more than 160 MB (or 60% of the heap cap if that is less),
 *    counted before any collection (the stop unwinds the learner's stack, so a bomb's arrays are
 *    garbage too: a collection, even a minor one, would free them). Measured here, loops that only
 *    drop arrays, objects, strings or typed arrays, or keep up to a million objects, held at most
 *    ~150 MB when starved and ~60 MB with the CPU they were due; bombs held 180-300 MB by a 2000 ms
 *    limit with theirs. Correct code for these exercises needs a few MB.
 */
const MAX_STRETCH = 128;
const memoryLimitBytes = Math.min(160 << 20, 0.6 * v8.getHeapStatistics().heap_size_limit);
// A stopped run that had less than this share of its limit in CPU time was starved (see runJob).
const STARVED_SHARE = 0.9;

// A full collection on demand, for this process only: the flag is on just long enough to take V8's
// gc function from a context of ours (the learner's contexts, made later, have none).
v8.setFlagsFromString('--expose-gc');
const collectGarbage = vm.runInNewContext('gc') as () => void;
v8.setFlagsFromString('--no-expose-gc');
// What earlier jobs left is collected before a run when it is this much, so that a run is measured
// against mostly live data (a full collection costs milliseconds: not before every run).
const COLLECT_ABOVE_BYTES = 32 << 20;

/** Bytes of JS heap and ArrayBuffer memory in use, garbage included. */
function bytesInUse(): number {
  const h = v8.getHeapStatistics();
  return h.used_heap_size + h.external_memory;
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

/** A run stopped at its wall-clock limit: where, how much it grew, how much CPU it had. */
interface Stopped {
  kind: 'stopped';
  atCase?: number;
  grewBytes: number;
  cpuMs: number;
}

/** Run a job once in a fresh context, with `limitMs` of wall clock for everything of the learner's. */
function attempt(job: SandboxJob, run: vm.Script, limitMs: number): SandboxReply | Stopped {
  const started = performance.now();
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
  let before = bytesInUse();
  if (before > COLLECT_ABOVE_BYTES) {
    collectGarbage();
    before = bytesInUse();
  }
  const cpu0 = process.threadCpuUsage();
  try {
    // Everything of the learner's: loading the module, every case, and the promise jobs they queue.
    run.runInContext(ctx, { timeout: Math.max(1, Math.round(limitMs - (performance.now() - started))) });
  } catch (err) {
    const code = (err as { code?: string })?.code;
    if (code === 'ERR_SCRIPT_EXECUTION_TIMEOUT') {
      const cpu = process.threadCpuUsage(cpu0);
      return { kind: 'stopped', atCase: atCaseOf(ctx), grewBytes: bytesInUse() - before, cpuMs: (cpu.user + cpu.system) / 1000 };
    }
    return { id: job.id, kind: 'error', message: String((err as Error)?.message ?? err) };
  }
  // The run's promise jobs have all run (or the limit above stopped them): nothing of the learner's is left to run here.
  const result = resultScript.runInContext(ctx) as unknown;
  const durationMs = performance.now() - started;
  if (typeof result !== 'string') return { id: job.id, kind: 'pending', atCase: atCaseOf(ctx) };
  return { id: job.id, kind: 'result', result, durationMs, tampered: tampered() };
}

/** Send a message and call `then` once it has left this process (and every message before it). */
function sendThen(msg: SandboxReply, then: () => void): void {
  process.send!(msg, (err: Error | null) => {
    if (err) process.exit(1); // the pool is gone
    then();
  });
}

/**
 * Run a job, announcing each run before it starts (see runNext); `done` gets the reply. A run that
 * was stopped before it had its limit's worth of CPU runs again, its wall-clock
 * limit stretched, until it has had that CPU time or reached MAX_STRETCH times its limit (see above).
 */
function runJob(job: SandboxJob, done: (reply: SandboxReply) => void): void {
  const run = runScript(job);
  if (!run) return done({ id: job.id, kind: 'need-input' });
  const first = attempt(job, run, job.timeoutMs);
  if (first.kind !== 'stopped') return done(first);
  // All the runs of one job together get at most MAX_STRETCH times its limit of wall clock.
  const budgetMs = job.timeoutMs * MAX_STRETCH;
  const retry = (stopped: Stopped, limitMs: number, spentMs: number): void => {
    // The CPU time a run is due is its limit: one that had less was stopped by the load, not by its
    // own work (a bomb short of the memory line, a slow but finite run short of its end).
    const starved = stopped.cpuMs < STARVED_SHARE * job.timeoutMs;
    const leftMs = budgetMs - spentMs;
    if (stopped.grewBytes > memoryLimitBytes || !starved || leftMs < 2 * job.timeoutMs) return done(verdictOf(job, stopped));
    // Enough wall clock for the CPU it is due at the share it just had, and at least twice the last.
    const share = Math.max(stopped.cpuMs / limitMs, 1e-3);
    const next = Math.round(Math.min(leftMs, Math.max(2 * limitMs, (1.25 * job.timeoutMs) / share)));
    sendThen({ id: job.id, kind: 'started', timeoutMs: next }, () => {
      const again = attempt(job, run, next);
      if (again.kind !== 'stopped') return done(again);
      retry(again, next, spentMs + next);
    });
  };
  retry(first, job.timeoutMs, job.timeoutMs);
}

function verdictOf(job: SandboxJob, stopped: Stopped): SandboxReply {
  if (stopped.grewBytes > memoryLimitBytes) return { id: job.id, kind: 'memory', atCase: stopped.atCase, grewMb: Math.round(stopped.grewBytes / 2 ** 20) };
  return { id: job.id, kind: 'timeout', atCase: stopped.atCase };
}

// Jobs run one after another, each announced before it runs. The pool attributes a death of this
// process by these announcements, so one must have left the process before the learner's code runs:
// a message still queued here (behind a large reply, which takes several writes) is lost with the
// process, and the pool would then charge the death to a job that had already finished. Waiting
// for the send to complete (the callback) also waits for every reply sent before it.
const waiting: SandboxJob[] = [];
let busy = false;

function runNext(): void {
  const job = waiting.shift();
  busy = job !== undefined;
  if (!job) return;
  sendThen({ id: job.id, kind: 'started' }, () => runJob(job, (reply) => {
    process.send!(reply);
    runNext();
  }));
}

process.on('message', (job: SandboxJob) => {
  waiting.push(job);
  if (!busy) runNext();
});
process.send!({ id: -1, kind: 'ready' } satisfies SandboxReply);
