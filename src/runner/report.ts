/**
 * Turn what the harness left in a realm into a SandboxReport: positions mapped back to the
 * learner's source, and the run-level problems (missing export, tampering, flooding, memory)
 * named. Shared by the node and browser runners.
 */
import type { CallOutcome, LearnerError, SandboxReport } from '../grading/verdict.ts';
import { MAX_LOG_BYTES, WRAP_COLUMN_OFFSET, type HarnessResult } from './harness.ts';
import { decodeSourceMap, originalPosition, type DecodedMap } from './sourcemap.ts';

// Messages engines use when an allocation is refused (V8's ArrayBuffer, array and string length limits);
// the harness stops a run at the first of them.
const MEMORY_MESSAGE = /Array buffer allocation failed|Invalid array length|Invalid typed array length|Invalid string length|out of memory|Maximum call stack size exceeded/i;

/** Build the report for a completed harness run. */
export function reportFromHarness(result: HarnessResult, mapJson: string, durationMs?: number): SandboxReport {
  const map = decodeSourceMap(mapJson);
  const logs = result.logs;
  if (result.loadError) {
    const e = learnerError(result.loadError, map);
    return { kind: 'failed', problem: 'load', message: `Your module threw while loading: ${e.name}: ${e.message}`, at: e.at, logs };
  }
  if (result.unreturnable !== undefined) {
    return {
      kind: 'failed', problem: 'return', logs,
      message: `A value your code returned cannot be sent back for checking (${result.unreturnable}). Return plain numbers, arrays, objects or typed arrays: no functions, BigInts, cycles or nesting deeper than 200 levels.`,
    };
  }
  if (result.missing.length > 0) {
    const names = result.missing.map((n) => `\`${n}\``).join(', ');
    return { kind: 'failed', problem: 'missing-export', message: `Your code does not export ${names}. Write \`export function ${result.missing[0]}(…)\`.`, logs };
  }
  if (result.tampered.length > 0) {
    return {
      kind: 'failed', problem: 'pollution', logs,
      message: `Your code modified built-in objects (${result.tampered.slice(0, 3).join(', ')}${result.tampered.length > 3 ? ', …' : ''}). Solutions must not change built-ins; use your own helper functions instead.`,
    };
  }
  if (result.flooded) {
    return { kind: 'failed', problem: 'flood', logs, message: `Your code printed more than ${MAX_LOG_BYTES / 1024} KB with console.log; remove the printing from loops and run again.` };
  }
  const outcomes: CallOutcome[] = result.outcomes.map((o) => (o.ok ? o : { ok: false, error: learnerError(o.error, map) }));
  const memory = outcomes.findIndex((o) => !o.ok && MEMORY_MESSAGE.test(o.error.message));
  if (memory >= 0) {
    const e = (outcomes[memory] as { error: LearnerError }).error;
    const what = /call stack/i.test(e.message) ? 'ran out of stack (endless recursion?)' : 'ran out of memory';
    return { kind: 'failed', problem: 'memory', atCase: memory, at: e.at, logs, message: `Your code ${what}: ${e.name}: ${e.message}` };
  }
  return { kind: 'ran', outcomes, logs, durationMs };
}

// Names a learner may reach for that the sandbox deliberately does not provide.
const UNAVAILABLE = /^(process|require|module|Buffer|fetch|XMLHttpRequest|WebSocket|setTimeout|setInterval|setImmediate|queueMicrotask|importScripts|self|window|document) is not defined$/;

function learnerError(raw: { name: string; message: string; line?: number; column?: number }, map: DecodedMap): LearnerError {
  const e = { ...raw };
  if (e.name === 'ReferenceError' && UNAVAILABLE.test(e.message)) {
    e.message += ' (the sandbox gives your code no process, require, timers, files or network: compute the result and return it)';
  }
  if (e.line === undefined) return { name: e.name, message: e.message };
  // The module wrapper sits on the first line, before the compiled code's first character.
  const column = e.line === 1 ? Math.max(1, (e.column ?? 1) - WRAP_COLUMN_OFFSET) : e.column ?? 1;
  return { name: e.name, message: e.message, at: originalPosition(map, e.line, column) };
}
