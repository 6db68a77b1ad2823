/**
 * The browser's sandbox half: one worker per run (a spare is kept warm), evaluating the same
 * harness as the Node sandbox. It receives inputs only; the page compares outputs. The page
 * terminates it on timeout, so an infinite loop never blocks the learner's tab. It runs as a
 * classic script from a blob: URL inside the sandbox frame (see sandbox-frame.ts), whose
 * Content-Security-Policy it inherits; bundled as an IIFE (src/build/sandbox-worker-source.mjs),
 * so nothing declared here is a global the learner's code could reach.
 */
import { runSource, setupSource, SUBMISSION_FILE, wrapModule } from '../harness.ts';
import type { ForwardedCode } from './compile.worker.ts';

/**
 * The job the page sends (once per worker, on the worker's port): the inputs, and a port on which
 * the compiler worker sends the compiled code (a ForwardedCode) when it is ready. The code runs once
 * both are here.
 */
export interface SandboxRequest {
  input: string;
  names: string[];
  code: MessagePort;
}
/** What this worker sends back on its port. */
export type SandboxResponse = { kind: 'started' } | { kind: 'progress'; atCase: number } | { kind: 'done'; result: string | null; durationMs: number } | { kind: 'error'; message: string };

/**
 * Posts on the page's port, bound before any learner code runs. The learner's own `postMessage`
 * only reaches the frame, which ignores it: a submission cannot forge a report.
 */
let post: (msg: SandboxResponse) => void = () => undefined;
const g = self as unknown as Record<string, unknown>;

// Learner code gets no network and no way to load more code: remove those APIs from the worker
// (own properties and the prototype chain) before anything of the learner's runs.
// The frame's policy already refuses every connection; this is the second layer.
for (const name of ['fetch', 'XMLHttpRequest', 'WebSocket', 'WebSocketStream', 'EventSource', 'importScripts', 'indexedDB', 'caches', 'BroadcastChannel', 'Worker', 'SharedWorker', 'WebTransport', 'FontFace', 'fonts', 'navigator']) {
  for (let o: object | null = self; o; o = Object.getPrototypeOf(o)) {
    try {
      if (Object.prototype.hasOwnProperty.call(o, name)) delete (o as Record<string, unknown>)[name];
    } catch { /* non-configurable: shadowed below */ }
  }
  try {
    Object.defineProperty(self, name, { value: undefined, configurable: false, writable: false });
  } catch { /* already gone */ }
}

let last = 0;
g.__qc_onprogress = (i: number) => {
  const now = performance.now();
  if (now - last > 50) {
    last = now;
    post({ kind: 'progress', atCase: i } satisfies SandboxResponse);
  }
};
// Indirect eval runs in the global scope, where the harness expects to be.
const globalEval = eval;
const evaluate = (src: string): unknown => globalEval(src);
evaluate(setupSource());

async function run(code: string, input: string, names: string[]): Promise<void> {
  // The page's time limit counts from here (not from the compile), so a sandbox that booted late
  // on a busy machine costs the learner nothing.
  post({ kind: 'started' } satisfies SandboxResponse);
  const started = performance.now();
  try {
    // sourceURL names the learner's code in stack traces, so errors map back to their lines.
    evaluate(`${wrapModule(code)}\n//# sourceURL=${SUBMISSION_FILE}`);
    await (evaluate(runSource(input, names)) as Promise<void>);
    const result = (g.__qc_result as () => string | null)();
    post({ kind: 'done', result, durationMs: performance.now() - started } satisfies SandboxResponse);
  } catch (err) {
    post({ kind: 'error', message: String((err as Error)?.message ?? err) } satisfies SandboxResponse);
  }
}

// The frame sends the page's port first; the page sends the job on it.
self.onmessage = (e: MessageEvent<MessagePort>) => {
  self.onmessage = null;
  const port = e.data;
  post = port.postMessage.bind(port);
  port.onmessage = (r: MessageEvent<SandboxRequest>) => {
    port.onmessage = null;
    const { input, names, code } = r.data;
    code.onmessage = (m: MessageEvent<ForwardedCode>) => {
      // Closed before the learner's code runs: it gets no line to the compiler. Without code (the
      // compile failed), nothing runs: the page, which knows why, stops this worker.
      code.close();
      if (m.data.kind === 'code') void run(m.data.code, input, names);
      else post({ kind: 'error', message: 'the compiled code did not reach the sandbox' } satisfies SandboxResponse);
    };
  };
};
