/**
 * A sandbox process: started by the pool under the permission model (no fs writes, no child
 * processes, no workers), a heap cap and an address-space cap, with an empty environment. It grades
 * many submissions, each in a fresh `vm` context that has no `process`, `require`, timers, network
 * or string-to-code evaluation. Jobs arrive over IPC; replies carry the harness result only.
 */
import vm from 'node:vm';
import { runSource, setupSource, SUBMISSION_FILE, wrapModule } from '../harness.ts';
import type { SandboxJob, SandboxReply } from './protocol.ts';

const setupScript = new vm.Script(setupSource(), { filename: 'harness.js' });

function runJob(job: SandboxJob): SandboxReply {
  const started = performance.now();
  const left = () => Math.max(1, Math.round(job.timeoutMs - (performance.now() - started)));
  const ctx = vm.createContext(Object.create(null), {
    codeGeneration: { strings: false, wasm: false },
    microtaskMode: 'afterEvaluate', // promise jobs run inside the timeout, not after it
  });
  setupScript.runInContext(ctx, { timeout: 5000 });
  try {
    new vm.Script(wrapModule(job.code), { filename: SUBMISSION_FILE }).runInContext(ctx, { timeout: left() });
    vm.runInContext(runSource(job.input, job.names), ctx, { timeout: left() });
  } catch (err) {
    const code = (err as { code?: string })?.code;
    if (code === 'ERR_SCRIPT_EXECUTION_TIMEOUT') {
      const atCase = vm.runInContext('__qc_progress()', ctx, { timeout: 100 }) as unknown;
      return { id: job.id, kind: 'timeout', atCase: typeof atCase === 'number' && atCase >= 0 ? atCase : undefined };
    }
    return { id: job.id, kind: 'error', message: String((err as Error)?.message ?? err) };
  }
  const result = vm.runInContext('__qc_result()', ctx, { timeout: 100 }) as unknown;
  const durationMs = performance.now() - started;
  if (typeof result !== 'string') {
    const atCase = vm.runInContext('__qc_progress()', ctx, { timeout: 100 }) as unknown;
    return { id: job.id, kind: 'pending', atCase: typeof atCase === 'number' && atCase >= 0 ? atCase : undefined };
  }
  return { id: job.id, kind: 'result', result, durationMs };
}

process.on('message', (job: SandboxJob) => {
  process.send!(runJob(job));
});
process.send!({ id: -1, kind: 'ready' } satisfies SandboxReply);
