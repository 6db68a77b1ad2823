/**
 * A pool of sandbox processes. Each process grades many submissions (a fresh vm context each),
 * so isolation costs one process start per pool slot, not per submission. A process that dies
 * (heap exhausted) or overruns its wall-clock limit is killed and replaced; the next job runs normally.
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
}

/** How a job ended, seen from outside the process. */
export type JobOutcome =
  | Exclude<SandboxReply, { kind: 'ready' }>
  | { id: number; kind: 'killed'; reason: 'timeout' | 'memory' | 'crash'; detail: string };

interface Slot {
  proc: ChildProcess;
  ready: Promise<void>;
  job?: { job: SandboxJob; resolve: (o: JobOutcome) => void; timer?: ReturnType<typeof setTimeout> };
  stderr: string;
}

const CHILD = path.join(path.dirname(fileURLToPath(import.meta.url)), 'sandbox-process.ts');
const SRC_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
// The address-space cap needs util-linux's prlimit; without it only the heap cap applies.
const PRLIMIT = ['/usr/bin/prlimit', '/bin/prlimit'].find((p) => existsSync(p));
// Grace after the in-process vm timeout before the process is killed from outside.
const KILL_GRACE_MS = 1500;

/** Whether ArrayBuffer allocations are capped on this machine (prlimit present). */
export const addressSpaceCapped = PRLIMIT !== undefined;

/** A fixed-size pool of sandbox processes with a job queue. */
export class SandboxPool {
  private slots: (Slot | undefined)[];
  private queue: { job: SandboxJob; resolve: (o: JobOutcome) => void }[] = [];
  private nextId = 1;
  private closed = false;
  private readonly opts: Required<PoolOptions>;

  constructor(opts: PoolOptions = {}) {
    this.opts = {
      size: opts.size ?? Math.max(1, Math.min(4, os.availableParallelism?.() ?? os.cpus().length)),
      memoryMb: opts.memoryMb ?? 2048,
      heapMb: opts.heapMb ?? 256,
    };
    this.slots = new Array(this.opts.size).fill(undefined);
  }

  /** Run one submission in the next free process. */
  run(job: Omit<SandboxJob, 'id'>): Promise<JobOutcome> {
    if (this.closed) return Promise.reject(new Error('the sandbox pool is closed'));
    return new Promise((resolve) => {
      this.queue.push({ job: { ...job, id: this.nextId++ }, resolve });
      this.pump();
    });
  }

  /** Stop every process. */
  async close(): Promise<void> {
    this.closed = true;
    for (const s of this.slots) s?.proc.kill('SIGKILL');
    this.slots.fill(undefined);
  }

  private pump(): void {
    for (let i = 0; i < this.slots.length && this.queue.length > 0; i++) {
      let slot = this.slots[i];
      if (slot?.job) continue;
      if (!slot) slot = this.slots[i] = this.spawnSlot(i);
      const next = this.queue.shift()!;
      this.start(slot, next.job, next.resolve);
    }
  }

  private start(slot: Slot, job: SandboxJob, resolve: (o: JobOutcome) => void): void {
    slot.job = { job, resolve };
    // The clock starts when the process is ready, so its start-up is not billed to the learner.
    void slot.ready.then(() => {
      if (slot.job?.job !== job) return;
      const limit = job.timeoutMs + KILL_GRACE_MS;
      slot.job.timer = setTimeout(() => this.kill(slot, 'timeout', `no answer within ${limit} ms`), limit);
      slot.proc.send(job);
    });
  }

  private finish(slot: Slot, outcome: JobOutcome): void {
    const current = slot.job;
    if (!current) return;
    clearTimeout(current.timer);
    slot.job = undefined;
    current.resolve({ ...outcome, id: current.job.id });
    this.pump();
  }

  private kill(slot: Slot, reason: 'timeout' | 'memory' | 'crash', detail: string): void {
    const index = this.slots.indexOf(slot);
    if (index >= 0) this.slots[index] = undefined;
    slot.proc.removeAllListeners('exit');
    slot.proc.kill('SIGKILL');
    this.finish(slot, { id: 0, kind: 'killed', reason, detail });
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
    const proc = spawn(cmd, args, { env: {}, stdio: ['ignore', 'ignore', 'pipe', 'ipc'], serialization: 'json' });
    let markReady!: () => void;
    const slot: Slot = { proc, ready: new Promise((r) => (markReady = r)), stderr: '' };
    proc.stderr!.on('data', (d: Buffer) => {
      slot.stderr = (slot.stderr + d.toString()).slice(-4000);
    });
    proc.on('message', (msg: SandboxReply) => {
      if (msg.kind === 'ready') markReady();
      else this.finish(slot, msg);
    });
    proc.on('exit', (code, signal) => {
      if (this.slots[index] === slot) this.slots[index] = undefined;
      const oom = /heap out of memory|Reached heap limit|allocation failed|Cannot allocate/i.test(slot.stderr);
      if (slot.job) {
        this.finish(slot, {
          id: 0, kind: 'killed', reason: oom ? 'memory' : 'crash',
          detail: oom ? 'the sandbox ran out of memory' : `the sandbox process exited (${signal ?? `code ${code}`}): ${slot.stderr.trim().split('\n').slice(-3).join(' ')}`,
        });
      }
      markReady();
    });
    proc.on('error', (err) => {
      if (slot.job) this.finish(slot, { id: 0, kind: 'killed', reason: 'crash', detail: `could not start the sandbox: ${err.message}` });
    });
    return slot;
  }
}
