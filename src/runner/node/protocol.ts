/** Messages between the sandbox pool and its processes. */

/** One submission to run: compiled code, wire JSON of the calls, required export names. */
export interface SandboxJob {
  id: number;
  code: string;
  input: string;
  names: string[];
  timeoutMs: number;
}

/** What a sandbox process answers. */
export type SandboxReply =
  | { id: number; kind: 'ready' }
  | { id: number; kind: 'result'; result: string; durationMs: number }
  | { id: number; kind: 'timeout'; atCase?: number }
  | { id: number; kind: 'pending'; atCase?: number }
  | { id: number; kind: 'error'; message: string };
