/**
 * A pool of sandbox processes. Each process grades many submissions (a fresh vm context each),
 * so isolation costs one process start per pool slot, not per submission. A process that dies
 * (heap exhausted) or overruns its wall-clock limit is killed and replaced; the next job runs normally.
 *
 * Each process is handed up to `depth` jobs at a time and runs them one after another, so it never
 * waits for the pool to send the next one. A process says which job it starts before running it (see
 * sandbox-process.ts), so when it dies or is killed, the job it was running gets the verdict and every
 * other job it held goes back to the queue to run again in another process, never failed. When it
 * is not known which job was running (the process died between jobs), nobody is blamed: each job it
 * held runs again alone in a process, so that nothing else shares its process if that one dies too.
 * The wire input of a job crosses to a process once: after that the job names it by key.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SandboxJob, SandboxReply } from './protocol.ts';

/** Limits for every sandbox process. */
export interface PoolOptions {
  /** Number of processes (default: the number of cores, at most 4). */
  size?: number;
  /** Address-space cap in MiB: stops ArrayBuffer bombs, which live outside the JS heap (default 2048). */
  memoryMb?: number;
  /** V8 heap cap in MiB (default 256). */
  heapMb?: number;
  /** Jobs handed to one process at a time (default 2). */
  depth?: number;
}

/** A job as callers give it: the pool assigns the id and the input's key. */
export type PoolJob = Omit<SandboxJob, 'id' | 'inputKey' | 'input'> & { input: string };

/** How a job ended, seen from outside the process. */
export type JobOutcome =
  | Exclude<SandboxReply, { kind: 'ready' } | { kind: 'need-input' } | { kind: 'started' }>
  | { id: number; kind: 'killed'; reason: 'timeout' | 'memory' | 'crash'; detail: string };

interface Pending {
  job: PoolJob;
  id: number;
  inputKey: string;
  resolve: (o: JobOutcome) => void;
  /** Run with no other job in the same process (after a death nobody could be blamed for). */
  solo?: boolean;
  /** Processes that died while holding this job without it running (bounded: see MAX_INNOCENT_DEATHS). */
  deaths: number;
}

interface Slot {
  proc: ChildProcess;
  isReady: boolean;
  /** Jobs sent to this process and not answered yet, oldest first. */
  line: Pending[];
  /** The job the process said it started and has not answered: the one a death is charged to. */
  running?: Pending;
  /** Input keys this process was sent. */
  inputs: Set<string>;
  /** The wall-clock limit of the job at the head of the line (restarted when it says it started). */
  timer?: ReturnType<typeof setTimeout>;
  stderr: string;
  dead: boolean;
}

const CHILD = path.join(path.dirname(fileURLToPath(import.meta.url)), 'sandbox-process.ts');
const SRC_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
// The address-space cap needs util-linux's prlimit; without it only the heap cap applies.
const PRLIMIT = ['/usr/bin/prlimit', '/bin/prlimit'].find((p) => existsSync(p));
// Grace after the in-process vm timeout before the process is killed from outside.
const KILL_GRACE_MS = 1500;
// Distinct inputs the pool remembers keys for (a class run has one per exercise).
const MAX_INPUT_KEYS = 64;
// A job held by this many processes that died without it running fails as a crash: the sandbox
// itself cannot run (it does not start, or dies on its own), and retrying forever would hang the grader.
const MAX_INNOCENT_DEATHS = 3;

// How many times its limit a starved process is waited for (each run of a job; the sandbox stretches a limit up to 128 times in all).
const MAX_STARVED_WAITS = 20;

/** CPU time a process has used, in ms (Linux's /proc; its clock ticks are 1/100 s); undefined elsewhere. */
function cpuMsOf(pid: number | undefined): number | undefined {
  try {
    // utime and stime are the 12th and 13th fields after the ")" that ends the command name.
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(f[11]) + Number(f[12])) * 10;
  } catch {
    return undefined;
  }
}

/** Resident memory of a process (Linux's /proc); undefined elsewhere. */
function residentBytes(pid: number | undefined): number | undefined {
  try {
    const kb = /VmRSS:\s*(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb === undefined ? undefined : Number(kb) * 1024;
  } catch {
    return undefined;
  }
}

/** Whether ArrayBuffer allocations are capped on this machine (prlimit present). */
export const addressSpaceCapped = PRLIMIT !== undefined;

/** A fixed-size pool of sandbox processes with a job queue. */
export class SandboxPool {
  private slots: (Slot | undefined)[];
  private queue: Pending[] = [];
  private nextId = 1;
  private closed = false;
  private readonly opts: Required<PoolOptions>;
  private inputKeys = new Map<string, string>();
  private nextInputKey = 1;

  constructor(opts: PoolOptions = {}) {
    this.opts = {
      size: opts.size ?? Math.max(1, Math.min(4, os.availableParallelism?.() ?? os.cpus().length)),
      memoryMb: opts.memoryMb ?? 2048,
      heapMb: opts.heapMb ?? 256,
      depth: Math.max(1, opts.depth ?? 2),
    };
    this.slots = new Array(this.opts.size).fill(undefined);
  }

  /** Number of processes. */
  get size(): number {
    return this.opts.size;
  }

  /** Jobs the pool runs or holds ready at once; callers keep about this many in flight. */
  get capacity(): number {
    return this.opts.size * this.opts.depth;
  }

  /** Start every process now rather than at the first job (start-up then overlaps the caller's own work). */
  start(): void {
    if (this.closed) return;
    for (let i = 0; i < this.slots.length; i++) this.slots[i] ??= this.spawnSlot(i);
  }

  /** Run one submission in the next free process. */
  run(job: PoolJob): Promise<JobOutcome> {
    if (this.closed) return Promise.reject(new Error('the sandbox pool is closed'));
    return new Promise((resolve) => {
      this.queue.push({ job, id: this.nextId++, inputKey: this.keyOf(job.input), resolve, deaths: 0 });
      this.pump();
    });
  }

  /** Stop every process, resolving once they have exited (and been reaped). */
  async close(): Promise<void> {
    this.closed = true;
    const exits: Promise<unknown>[] = [];
    for (const s of this.slots) {
      if (!s) continue;
      s.dead = true;
      clearTimeout(s.timer);
      if (s.proc.exitCode === null && s.proc.signalCode === null) {
        // A process that never started emits 'error' and maybe no 'exit'; never wait long either way.
        exits.push(new Promise((r) => {
          const t = setTimeout(r, 2000);
          t.unref();
          s.proc.once('exit', r).once('error', r);
        }));
      }
      s.proc.kill('SIGKILL');
    }
    this.slots.fill(undefined);
    await Promise.all(exits);
  }

  /** A short key per distinct input text (the same string object is looked up in constant time). */
  private keyOf(input: string): string {
    let key = this.inputKeys.get(input);
    if (key === undefined) {
      key = String(this.nextInputKey++);
      this.inputKeys.set(input, key);
      if (this.inputKeys.size > MAX_INPUT_KEYS) this.inputKeys.delete(this.inputKeys.keys().next().value!);
    }
    return key;
  }

  private pump(): void {
    // Fill every process to one job before giving any a second, so work spreads over all of them.
    for (let level = 1; level <= this.opts.depth && this.queue.length > 0; level++) {
      for (let i = 0; i < this.slots.length && this.queue.length > 0; i++) {
        let slot = this.slots[i];
        if (!slot) slot = this.slots[i] = this.spawnSlot(i);
        if (slot.line.length >= level) continue;
        // A job that runs alone goes only to an idle process, and nothing joins it there.
        if (slot.line.length > 0 && (slot.line[0]!.solo || this.queue[0]!.solo)) continue;
        const next = this.queue.shift()!;
        slot.line.push(next);
        if (slot.isReady) this.send(slot, next);
        if (slot.line.length === 1 && slot.isReady) this.startClock(slot);
      }
    }
  }

  private send(slot: Slot, p: Pending, withInput = !slot.inputs.has(p.inputKey)): void {
    const { input, ...rest } = p.job;
    const msg: SandboxJob = { ...rest, id: p.id, inputKey: p.inputKey, ...(withInput ? { input } : {}) };
    slot.inputs.add(p.inputKey);
    slot.proc.send(msg);
  }

  // The clock of the job at the head of the line starts when the job before it has answered (or when
  // the process is ready), so neither the process's start-up nor queueing is billed to the learner.
  private startClock(slot: Slot, timeoutMs?: number): void {
    clearTimeout(slot.timer);
    slot.timer = undefined;
    const head = slot.line[0];
    if (!head) return;
    const limit = (timeoutMs ?? head.job.timeoutMs) + KILL_GRACE_MS;
    const started = performance.now();
    const cpuAtStart = cpuMsOf(slot.proc.pid);
    let waited = 0;
    const expire = () => {
      waited += limit;
      // A process that got less than half a CPU since has not had its time yet (the machine is busy: it
      // is stopping its run, or running it again with a longer limit): wait longer, within a bound.
      const cpu = cpuMsOf(slot.proc.pid);
      if (cpu !== undefined && cpuAtStart !== undefined && cpu - cpuAtStart < 0.5 * (performance.now() - started) && waited < MAX_STARVED_WAITS * limit) {
        slot.timer = setTimeout(expire, limit);
        return;
      }
      // A process that does not stop at its limit is nearly always collecting garbage over and over
      // near its heap cap (a memory bomb), where V8 takes long to act on the stop.
      const rss = residentBytes(slot.proc.pid);
      if (rss !== undefined && rss > this.opts.heapMb * 2 ** 20) this.kill(slot, 'memory', `${Math.round(rss / 2 ** 20)} MB in use and no answer within ${Math.round(performance.now() - started)} ms`);
      else this.kill(slot, 'timeout', `no answer within ${Math.round(performance.now() - started)} ms`);
    };
    slot.timer = setTimeout(expire, limit);
  }

  private onReady(slot: Slot): void {
    if (slot.dead || slot.isReady) return;
    slot.isReady = true;
    for (const p of slot.line) this.send(slot, p);
    this.startClock(slot);
  }

  private onReply(slot: Slot, msg: SandboxReply): void {
    if (slot.dead) return;
    const at = slot.line.findIndex((p) => p.id === msg.id);
    if (at < 0) return;
    const job = slot.line[at]!;
    if (msg.kind === 'started') {
      // The job's clock starts now that it runs (the head's clock may have started while the process
      // was still busy with the reply of the job before).
      slot.running = job;
      if (at === 0) this.startClock(slot, msg.timeoutMs);
      return;
    }
    if (slot.running === job) slot.running = undefined;
    slot.line.splice(at, 1);
    if (msg.kind === 'need-input') {
      // The process let go of this input: send the job again with it (it goes to the back of the line).
      slot.line.push(job);
      slot.inputs.delete(job.inputKey);
      this.send(slot, job, true);
      if (at === 0) this.startClock(slot);
      return;
    }
    if (at === 0) this.startClock(slot);
    job.resolve(msg as JobOutcome);
    this.pump();
  }

  /**
   * End a process. The job it was running gets `outcome`; every other job it held goes back to the
   * front of the queue. When no job was running, none is blamed: each runs again alone.
   */
  private retire(slot: Slot, outcome: Omit<Extract<JobOutcome, { kind: 'killed' }>, 'id'>): void {
    if (slot.dead) return;
    slot.dead = true;
    clearTimeout(slot.timer);
    const index = this.slots.indexOf(slot);
    if (index >= 0) this.slots[index] = undefined;
    const culprit = slot.running;
    const innocent = slot.line.filter((p) => p !== culprit);
    slot.line = [];
    const again: Pending[] = [];
    for (const p of innocent) {
      if (!culprit) {
        p.solo = true;
        p.deaths++;
      }
      if (p.deaths >= MAX_INNOCENT_DEATHS) p.resolve({ kind: 'killed', reason: 'crash', detail: `the sandbox process kept dying before it ran this submission (${outcome.detail})`, id: p.id });
      else again.push(p);
    }
    this.queue.unshift(...again);
    culprit?.resolve({ ...outcome, id: culprit.id });
    if (!this.closed) this.pump();
  }

  private kill(slot: Slot, reason: 'timeout' | 'memory' | 'crash', detail: string): void {
    slot.proc.removeAllListeners('close');
    slot.proc.kill('SIGKILL');
    this.retire(slot, { kind: 'killed', reason, detail });
  }

  private spawnSlot(index: number): Slot {
    const nodeArgs = [
      '--permission',
      `--allow-fs-read=${SRC_DIR}`,
      `--max-old-space-size=${this.opts.heapMb}`,
      '--stack-size=2000',
      '--disable-warning=ExperimentalWarning',
      CHILD,
    ];
    const [cmd, args] = PRLIMIT
      ? [PRLIMIT, [`--as=${this.opts.memoryMb * 1024 * 1024}`, '--', process.execPath, ...nodeArgs]]
      : [process.execPath, nodeArgs];
    // An empty environment: nothing of the instructor's (tokens, paths) is visible inside.
    const proc = spawn(cmd, args, { env: {}, stdio: ['ignore', 'ignore', 'pipe', 'ipc'], serialization: 'advanced' });
    const slot: Slot = { proc, isReady: false, line: [], inputs: new Set(), stderr: '', dead: false };
    proc.stderr!.on('data', (d: Buffer) => {
      slot.stderr = (slot.stderr + d.toString()).slice(-4000);
    });
    proc.on('message', (msg: SandboxReply) => {
      if (msg.kind === 'ready') this.onReady(slot);
      else this.onReply(slot, msg);
    });
    // 'close', not 'exit': 'exit' can come before the last messages the process sent (its
    // "started" among them) have been read; 'close' comes after the channel has been read to its end.
    proc.on('close', (code, signal) => {
      if (this.slots[index] === slot && !slot.dead && slot.line.length === 0) {
        slot.dead = true;
        this.slots[index] = undefined;
        return;
      }
      const oom = /heap out of memory|Reached heap limit|allocation failed|Cannot allocate/i.test(slot.stderr);
      this.retire(slot, {
        kind: 'killed', reason: oom ? 'memory' : 'crash',
        detail: oom ? 'the sandbox ran out of memory' : `the sandbox process exited (${signal ?? `code ${code}`}): ${slot.stderr.trim().split('\n').slice(-3).join(' ')}`,
      });
    });
    proc.on('error', (err) => {
      this.retire(slot, { kind: 'killed', reason: 'crash', detail: `could not start the sandbox: ${err.message}` });
    });
    return slot;
  }
}
