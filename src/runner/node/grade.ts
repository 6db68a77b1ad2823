/**
 * Grade one submission in Node: compile with esbuild, run in a pooled sandbox process, judge
 * outside it. The pipeline's node front door; cases come from src/grading like everywhere else.
 */
import { inputsOf, type PreparedCase } from '../../grading/cases.ts';
import type { Exercise } from '../../grading/exercise.ts';
import { judge, type SandboxReport, type Verdict } from '../../grading/verdict.ts';
import { toWire } from '../../grading/wire.ts';
import { parseHarnessResult } from '../harness.ts';
import { reportFromHarness } from '../report.ts';
import type { CompileResult } from '../compile-options.ts';
import { compileNode } from './compile.ts';
import type { JobOutcome, SandboxPool } from './pool.ts';

/** Default wall-clock limit for one submission's whole run (an exercise may set its own). */
export const DEFAULT_TIMEOUT_MS = 2000;

// Compiling depends on the source text alone, and a class hands in many identical files (the
// untouched starter, shared solutions): each distinct text is compiled once. Only compiler output is
// kept; every submission still runs on its own in a fresh context.
const MAX_COMPILED = 512;
const compileCache = new Map<string, Promise<CompileResult>>();

/** Compile learner source, reusing the result for a text compiled before (the most recent 512 kept). */
export function compileCached(source: string): Promise<CompileResult> {
  let result = compileCache.get(source);
  if (result) compileCache.delete(source);
  else result = compileNode(source);
  compileCache.set(source, result);
  if (compileCache.size > MAX_COMPILED) compileCache.delete(compileCache.keys().next().value!);
  return result;
}

// The calls a sandbox receives depend on the cases alone: encode them once per case list.
const wireInputs = new WeakMap<readonly PreparedCase[], string>();

function wireInput(cases: readonly PreparedCase[]): string {
  let input = wireInputs.get(cases);
  if (input === undefined) wireInputs.set(cases, (input = toWire(inputsOf(cases))));
  return input;
}

/** Grade learner source against prepared cases. Never throws for anything the learner wrote. */
export async function gradeSource(
  ex: Exercise,
  source: string,
  cases: readonly PreparedCase[],
  pool: SandboxPool,
  timeoutMs = ex.timeoutMs ?? DEFAULT_TIMEOUT_MS,
): Promise<Verdict> {
  const compiled = await compileCached(source);
  if (!compiled.ok) return await judge(ex, cases, { kind: 'failed', problem: 'compile', message: compiled.message, at: compiled.at });
  const outcome = await pool.run({ code: compiled.code, input: wireInput(cases), names: ex.functions, timeoutMs });
  return await judge(ex, cases, reportFromOutcome(outcome, compiled.map, timeoutMs));
}

/** Translate how a sandbox job ended into the report the verdict reads. */
export function reportFromOutcome(outcome: JobOutcome, map: string, timeoutMs: number): SandboxReport {
  switch (outcome.kind) {
    case 'result':
      try {
        const result = parseHarnessResult(outcome.result);
        if (outcome.tampered.length > 0) result.tampered = outcome.tampered;
        return reportFromHarness(result, map, outcome.durationMs);
      } catch {
        return { kind: 'failed', problem: 'crash', message: 'The sandbox returned a report that could not be read.' };
      }
    case 'timeout':
      return { kind: 'failed', problem: 'timeout', atCase: outcome.atCase, message: `Your code ran for more than ${timeoutMs} ms and was stopped (an infinite loop?)` };
    case 'memory':
      return { kind: 'failed', problem: 'memory', atCase: outcome.atCase, message: `Your code ran out of memory: it allocates without bound (${outcome.grewMb} MB when it was stopped at its time limit)` };
    case 'pending':
      return { kind: 'failed', problem: 'timeout', atCase: outcome.atCase, message: 'A function returned a promise that never settled. Return the result directly.' };
    case 'error':
      return { kind: 'failed', problem: 'crash', message: `The sandbox failed: ${outcome.message}` };
    case 'killed':
      if (outcome.reason === 'timeout') return { kind: 'failed', problem: 'timeout', message: `Your code ran for more than ${timeoutMs} ms and was stopped (${outcome.detail}).` };
      if (outcome.reason === 'memory') return { kind: 'failed', problem: 'memory', message: 'Your code ran out of memory (it allocates without bound?) and was stopped.' };
      return { kind: 'failed', problem: 'crash', message: `Your code crashed the sandbox: ${outcome.detail}` };
  }
}
