/**
 * Turn a run report into the sandbox report a verdict reads: the run-level problems (a module that
 * threw while loading, a missing export, tampering, flooding, memory, time) named in words a learner
 * can act on. The one place these messages are written, for every runner.
 */
import { MAX_LOG_BYTES, type CompletedRun, type RunReport } from './run-contract.ts';
import type { CallOutcome, LearnerError, SandboxReport } from './verdict.ts';

// Messages engines use when an allocation is refused (V8's ArrayBuffer, array and string length limits);
// the harness stops a run at the first of them.
const MEMORY_MESSAGE = /Array buffer allocation failed|Invalid array length|Invalid typed array length|Invalid string length|out of memory|Maximum call stack size exceeded/i;

/** The report a verdict reads for a run under a `timeoutMs` limit. */
export function sandboxReportOf(run: RunReport, timeoutMs: number): SandboxReport {
  const ranFor = `Your code ran for more than ${timeoutMs} ms and was stopped`;
  switch (run.end) {
    case 'completed':
      return reportOfCompleted(run);
    case 'timed-out':
      // A browser cannot read a worker's heap, and V8 lets a worker grow for tens of seconds: a heap
      // that keeps growing cannot be told from a loop there, so the message says both.
      if (run.indistinct) return { kind: 'failed', problem: 'timeout', atCase: run.atCase, message: `${ranFor} (an infinite loop, a promise that never settles, or memory that grows without end? The browser cannot tell these apart)` };
      if (run.killed !== undefined) return { kind: 'failed', problem: 'timeout', message: `${ranFor} (${run.killed}).` };
      return { kind: 'failed', problem: 'timeout', atCase: run.atCase, message: `${ranFor} (an infinite loop?)` };
    case 'never-settled':
      return { kind: 'failed', problem: 'timeout', atCase: run.atCase, message: 'A function returned a promise that never settled. Return the result directly.' };
    case 'out-of-memory':
      if (run.grewMb !== undefined) return { kind: 'failed', problem: 'memory', atCase: run.atCase, message: `Your code ran out of memory: it allocates without bound (${run.grewMb} MB when it was stopped at its time limit)` };
      if (run.processDied) return { kind: 'failed', problem: 'memory', message: 'Your code ran out of memory (it allocates without bound?) and was stopped.' };
      return { kind: 'failed', problem: 'memory', message: 'Your code ran out of memory and was stopped.' };
    case 'unreadable':
      return { kind: 'failed', problem: 'crash', message: 'The sandbox returned a report that could not be read.' };
    case 'sandbox-failed':
      return { kind: 'failed', problem: 'crash', message: `The sandbox failed: ${run.message}` };
    case 'crashed':
      return { kind: 'failed', problem: 'crash', message: `Your code crashed the sandbox: ${run.detail}` };
    case 'sandbox-stopped':
      return { kind: 'failed', problem: 'crash', message: `The sandbox stopped: ${run.message || 'unknown error'}` };
    case 'never-started':
      return { kind: 'failed', problem: 'crash', message: `The sandbox did not start within ${run.waitedMs / 1000} s. Try Run again.` };
  }
}

/** The report of a run whose harness answered: a run-level problem if it had one, else every call's outcome. */
function reportOfCompleted(run: CompletedRun): SandboxReport {
  const logs = run.logs;
  if (run.loadError) {
    const e = withHint(run.loadError);
    return { kind: 'failed', problem: 'load', message: `Your module threw while loading: ${e.name}: ${e.message}`, at: e.at, logs };
  }
  if (run.unreturnable !== undefined) {
    return {
      kind: 'failed', problem: 'return', logs,
      message: `A value your code returned cannot be sent back for checking (${run.unreturnable}). Return plain numbers, arrays, objects or typed arrays: no functions, BigInts, cycles or nesting deeper than 200 levels.`,
    };
  }
  if (run.missing.length > 0) {
    const names = run.missing.map((n) => `\`${n}\``).join(', ');
    return { kind: 'failed', problem: 'missing-export', message: `Your code does not export ${names}. Write \`export function ${run.missing[0]}(…)\`.`, logs };
  }
  if (run.tampered.length > 0) {
    return {
      kind: 'failed', problem: 'pollution', logs,
      message: `Your code modified built-in objects (${run.tampered.slice(0, 3).join(', ')}${run.tampered.length > 3 ? ', …' : ''}). Solutions must not change built-ins; use your own helper functions instead.`,
    };
  }
  if (run.flooded) {
    return { kind: 'failed', problem: 'flood', logs, message: `Your code printed more than ${MAX_LOG_BYTES / 1024} KB with console.log; remove the printing from loops and run again.` };
  }
  const outcomes: CallOutcome[] = run.outcomes.map((o) => (o.ok ? o : { ok: false, error: withHint(o.error) }));
  const memory = outcomes.findIndex((o) => !o.ok && MEMORY_MESSAGE.test(o.error.message));
  if (memory >= 0) {
    const e = (outcomes[memory] as { error: LearnerError }).error;
    const what = /call stack/i.test(e.message) ? 'ran out of stack (endless recursion?)' : 'ran out of memory';
    return { kind: 'failed', problem: 'memory', atCase: memory, at: e.at, logs, message: `Your code ${what}: ${e.name}: ${e.message}` };
  }
  return { kind: 'ran', outcomes, logs, durationMs: run.durationMs };
}

// Names a learner may reach for that the sandbox deliberately does not provide.
const UNAVAILABLE = /^(process|require|module|Buffer|fetch|XMLHttpRequest|WebSocket|setTimeout|setInterval|setImmediate|queueMicrotask|importScripts|self|window|document) is not defined$/;

/** The error with a word on what the sandbox does not provide, when it is about that. */
function withHint(e: LearnerError): LearnerError {
  if (e.name !== 'ReferenceError' || !UNAVAILABLE.test(e.message)) return e;
  return { ...e, message: `${e.message} (the sandbox gives your code no process, require, timers, files or network: compute the result and return it)` };
}
