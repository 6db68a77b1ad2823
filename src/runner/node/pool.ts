/**
 * A pool of sandbox processes. Each process grades many submissions (a fresh vm context each),
 * so isolation costs one process start per pool slot, not per submission. A process that dies
 * (heap exhausted) or overruns its wall-clock limit is killed and replaced; the next job runs normally.
 *
 * Each process is handed up to `depth` jobs at a time and runs them one after another, so it never
 * waits for the pool to send the next one. Only the job at the head of a process's line is running;
 * when a process is killed, that job gets the verdict and the jobs behind it go back to the queue.
 * The wire input of a job crosses to a process once: after that the job names it by key.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
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
  | Exclude<SandboxReply, { kind: 'ready' } | { kind: 'need-input' }>
  | { id: number; kind: 'killed'; reason: 'timeout' | 'memory' | 'crash'; detail: string };

interface Pending {
  job: PoolJob;
  id: number;
  inputKey: string;
  resolve: (o: JobOutcome) => void;
}

interface Slot {
  proc: ChildProcess;
  isReady: boolean;
  /** Jobs sent to this process, oldest (the running one) first. */
  line: Pending[];
  /** Input keys this process was sent. */
  inputs: Set<string>;
  /** The wall-clock limit of the job at the head of the line. */
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
      this.queue.push({ job, id: this.nextId++, inputKey: this.keyOf(job.input), resolve });
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
  private startClock(slot: Slot): void {
    clearTimeout(slot.timer);
    slot.timer = undefined;
    const head = slot.line[0];
    if (!head) return;
    const limit = head.job.timeoutMs + KILL_GRACE_MS;
    slot.timer = setTimeout(() => this.kill(slot, 'timeout', `no answer within ${limit} ms`), limit);
  }

  private onReady(slot: Slot): void {
    if (slot.dead || slot.isReady) return;
    slot.isReady = true;
    for (const p of slot.line) this.send(slot, p);
    this.startClock(slot);
  }

  private onReply(slot: Slot, msg: SandboxReply): void {
    if (slot.dead) return;
    const head = slot.line[0];
    if (!head || head.id !== msg.id) return;
    if (msg.kind === 'need-input') {
      // The process let go of this input: send the job again with it (it goes to the back of the line).
      slot.line.shift();
      slot.line.push(head);
      slot.inputs.delete(head.inputKey);
      this.send(slot, head, true);
      this.startClock(slot);
      return;
    }
    slot.line.shift();
    this.startClock(slot);
    head.resolve(msg as JobOutcome);
    this.pump();
  }

  /** End a process; the running job gets `outcome`, the ones behind it go back to the front of the queue. */
  private retire(slot: Slot, outcome: Omit<Extract<JobOutcome, { kind: 'killed' }>, 'id'>): void {
    if (slot.dead) return;
    slot.dead = true;
    clearTimeout(slot.timer);
    const index = this.slots.indexOf(slot);
    if (index >= 0) this.slots[index] = undefined;
    const [head, ...rest] = slot.line;
    slot.line = [];
    this.queue.unshift(...rest);
    head?.resolve({ ...outcome, id: head.id });
    if (!this.closed) this.pump();
  }

  private kill(slot: Slot, reason: 'timeout' | 'memory' | 'crash', detail: string): void {
    slot.proc.removeAllListeners('exit');
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
    proc.on('exit', (code, signal) => {
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
