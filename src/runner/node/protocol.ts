/** Messages between the sandbox pool and its processes. */

/** One submission to run: compiled code, wire JSON of the calls, required export names. */
export interface SandboxJob {
  id: number;
  code: string;
  /**
   * Names the wire input. A process keeps the inputs it was sent (a whole class shares one per
   * exercise), so the pool leaves `input` out once the process holds this key.
   */
  inputKey: string;
  /** Wire JSON of the calls; absent when the process already holds `inputKey`. */
  input?: string;
  names: string[];
  timeoutMs: number;
}

/** What a sandbox process answers. */
export type SandboxReply =
  | { id: number; kind: 'ready' }
  /**
   * Sent before the job's code runs, and the process waits until this (with every reply before it)
   * has left it: a process that dies afterwards was running this job and no other. Sent again with
   * `timeoutMs` when the job runs once more with a stretched limit (sandbox-process.ts says when).
   */
  | { id: number; kind: 'started'; timeoutMs?: number }
  /** `tampered`: built-ins the run changed, found from outside the realm (the harness's own list is empty). */
  | { id: number; kind: 'result'; result: string; durationMs: number; tampered: string[] }
  | { id: number; kind: 'timeout'; atCase?: number }
  /** Stopped at its time limit while its memory had grown by `grewMb` (a memory bomb on a busy machine). */
  | { id: number; kind: 'memory'; atCase?: number; grewMb: number }
  | { id: number; kind: 'pending'; atCase?: number }
  | { id: number; kind: 'error'; message: string }
  /** The job came without its input and the process no longer holds `inputKey`: send it again with it. */
  | { id: number; kind: 'need-input' };
