/** Run compiled learner code in a pooled sandbox process and report how the run went. */
import type { RunReport, RunRequest } from '../../grading/run-contract.ts';
import { readResult } from '../read-result.ts';
import { wireInput } from '../wire-input.ts';
import type { JobOutcome, SandboxPool } from './pool.ts';

/** Run `request` in one of `pool`'s processes (a fresh context). Never throws for anything the learner wrote. */
export async function runCompiled(pool: SandboxPool, request: RunRequest): Promise<RunReport> {
  const outcome = await pool.run({ code: request.code.code, input: wireInput(request.calls), names: [...request.exports], timeoutMs: request.limits.timeoutMs });
  return reportOfOutcome(outcome, request.code.map);
}

/** Translate how a sandbox job ended into a run report. */
export function reportOfOutcome(outcome: JobOutcome, map: string): RunReport {
  switch (outcome.kind) {
    case 'result':
      return readResult(outcome.result, map, outcome.durationMs, outcome.tampered);
    case 'timeout':
      return { end: 'timed-out', atCase: outcome.atCase };
    case 'memory':
      return { end: 'out-of-memory', atCase: outcome.atCase, grewMb: outcome.grewMb };
    case 'pending':
      return { end: 'never-settled', atCase: outcome.atCase };
    case 'error':
      return { end: 'sandbox-failed', message: outcome.message };
    case 'killed':
      if (outcome.reason === 'timeout') return { end: 'timed-out', killed: outcome.detail };
      if (outcome.reason === 'memory') return { end: 'out-of-memory', processDied: true };
      return { end: 'crashed', detail: outcome.detail };
  }
}
