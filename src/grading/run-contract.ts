/**
 * The contract every runner (node, browser) implements: compile learner source, run compiled code
 * against a list of calls under limits, and report what happened. A run report holds values, errors,
 * logs, tampering and timing; never expected values or verdicts (grading judges them). It lives in
 * grading because grading calls runners through it, and grading imports nothing from the runners.
 */
import type { CallOutcome, LearnerError, SourcePosition } from './verdict.ts';

/** Compiled learner code, or why it did not compile. */
export type CompileResult =
  | { ok: true; code: string; map: string }
  | { ok: false; message: string; at?: SourcePosition; errors: { message: string; at?: SourcePosition }[] };

/** Learner code a runner compiled: the CommonJS module and its source map (JSON). */
export type CompiledCode = Extract<CompileResult, { ok: true }>;

/** One call to make: an exported function's name and its arguments. */
export interface RunCall {
  fn: string;
  args: unknown[];
  /** Also send back the arguments as the call left them (the value becomes `{ returned, args }`). */
  argsAfter?: boolean;
}

/** Console output a run may print before it counts as flooding (the harness stops it there). */
export const MAX_LOG_BYTES = 1 << 20;
/** Console lines a run report keeps. */
export const MAX_LOG_LINES = 200;

/**
 * Limits of one run. The output caps above hold for every run; the memory caps are the runner's
 * own (a node pool's options, the browser's engine).
 */
export interface RunLimits {
  /** Wall-clock limit of the whole run, from the learner's code starting. */
  timeoutMs: number;
}

/** What to run: the calls, the exports they need, and the limits. */
export interface RunCalls {
  /** The calls, in order. Keep one array per list of calls: runners cache its wire form by identity. */
  calls: readonly RunCall[];
  /** Names the module must export (checked before any call). */
  exports: readonly string[];
  limits: RunLimits;
}

/** A run of compiled code. */
export interface RunRequest extends RunCalls {
  code: CompiledCode;
}

/** A run whose harness reported back: every call's outcome, and what the run did besides. */
export interface CompletedRun {
  end: 'completed';
  /** One per call made, positions mapped to the learner's source (fewer when the run stopped early). */
  outcomes: CallOutcome[];
  logs: string[];
  /** Printed past the output cap (the run stopped at that call). */
  flooded: boolean;
  /** Built-ins the learner's code changed. */
  tampered: string[];
  /** Required exports the module did not have (then no call was made). */
  missing: string[];
  /** The module threw while loading (then no call was made). */
  loadError?: LearnerError;
  /** Why the returned values could not be sent back (a cycle, a BigInt, a function, too deep). */
  unreturnable?: string;
  /** Time the learner's code and the harness took inside the sandbox. */
  durationMs?: number;
}

/** How a run ended that did not report back. `atCase`: the call running when it was stopped, when known. */
export type StoppedRun =
  /**
   * Stopped at its time limit. `killed`: the process was killed from outside, and why; `indistinct`:
   * the runner cannot tell a loop from a promise that never settles or memory that grows without end.
   */
  | { end: 'timed-out'; atCase?: number; killed?: string; indistinct?: boolean }
  /** A call returned a promise that never settled. */
  | { end: 'never-settled'; atCase?: number }
  /** The harness's report came back but could not be read. */
  | { end: 'unreadable' }
  /** The sandbox reported an error of its own. */
  | { end: 'sandbox-failed'; message: string }
  /** The sandbox process died while the learner's code ran, not of time or memory. */
  | { end: 'crashed'; detail: string }
  /** The sandbox worker stopped by itself (not out of memory). */
  | { end: 'sandbox-stopped'; message: string }
  /** The sandbox did not start within `waitedMs`. */
  | { end: 'never-started'; waitedMs: number }
  /**
   * Out of memory. `grewMb`: stopped at its time limit while its memory had grown this much;
   * `processDied`: the sandbox process died of it; otherwise the sandbox worker failed of it.
   */
  | { end: 'out-of-memory'; atCase?: number; grewMb?: number; processDied?: boolean };

/** What a run did, as its runner saw it. */
export type RunReport = CompletedRun | StoppedRun;

/** A run set going before its code is compiled, so that the runner can overlap the two. */
export interface StartedRun {
  /** The compile of the source. */
  compiled: Promise<CompileResult>;
  /** Whether the source had been compiled ahead of this run (the compile is then a wait for it). */
  compiledAhead: boolean;
  /** Milliseconds the compiler itself took for the latest compile. */
  compilerMs(): number;
  /** Run the calls once compiled; null when the source did not compile (nothing ran). Call once. */
  run(calls: RunCalls): Promise<RunReport | null>;
}

/** A runner: compiles learner source and runs compiled code. */
export interface Runner {
  /** Compile learner TypeScript (the same options in every runner). */
  compile(source: string): Promise<CompileResult>;
  /** Run compiled code against calls under limits. */
  run(request: RunRequest): Promise<RunReport>;
  /** Compile `source` and run it once compiled, the runner overlapping what it can. */
  start(source: string): StartedRun;
}
