/**
 * Running a learner's quantizeBlocks on the model's matrices through any runner of the grading contract (the
 * browser's sandbox worker in the lab, the grader's sandbox processes in `quantcourse gguf export --learner`):
 * one call per matrix the recipe quantizes with integer blocks, and what each call returned, by matrix.
 * A run that does not compile, stops, or throws is a LearnerCodeError saying so in the learner's terms.
 */
import { quantizerCalls } from '../core/model/quantize.ts';
import type { QuantRecipe } from '../core/model/recipe.ts';
import type { Model } from '../core/model/weights.ts';
import type { RunCall, Runner } from '../grading/run-contract.ts';
import { sandboxReportOf } from '../grading/run-report.ts';
import type { SourcePosition } from '../grading/verdict.ts';

/** Why the learner's quantizer could not be used, in words for the learner. */
export class LearnerCodeError extends Error {
  override name = 'LearnerCodeError';
}

/** " (line 3, column 7)" where a position is known. */
const at = (p: SourcePosition | undefined) => (p ? ` (line ${p.line}, column ${p.column})` : '');

/** What a run of the learner's quantizeBlocks gave back: each matrix's returned value (unchecked), the timings and the logs. */
export interface LearnerAnswers {
  answers: Map<string, unknown>;
  ms: number;
  compileMs: number;
  runMs: number;
  logs: string[];
}

/**
 * Compile `code` with `runner` and call its quantizeBlocks on every matrix `recipe` quantizes with integer
 * blocks (a plain run: the calls and their returned values, nothing judged), within `timeoutMs` for all.
 */
export async function runQuantizerCalls(runner: Runner, model: Model, recipe: QuantRecipe, code: string, timeoutMs: number): Promise<LearnerAnswers> {
  const calls = quantizerCalls(model, recipe);
  const runCalls: RunCall[] = calls.map((c) => ({ fn: 'quantizeBlocks', args: [c.values, c.bits, c.blockSize, c.scheme] }));
  const t0 = performance.now();
  const started = runner.start(code);
  const reported = started.run({ calls: runCalls, exports: ['quantizeBlocks'], limits: { timeoutMs } });
  const compiled = await started.compiled;
  const t1 = performance.now();
  if (!compiled.ok) throw new LearnerCodeError(`Your quantizeBlocks could not run: ${compiled.message}${at(compiled.at)}`);
  const report = sandboxReportOf((await reported)!, timeoutMs);
  const t2 = performance.now();
  if (report.kind === 'failed') {
    const call = report.atCase === undefined ? undefined : calls[report.atCase];
    const during = call ? ` while running example ${report.atCase! + 1} (${call.matrix})` : '';
    const where = report.problem === 'timeout'
      ? ` The lab allows ${timeoutMs / 1000} s for all ${calls.length} matrices (${calls.reduce((n, c) => n + c.values.length, 0).toLocaleString('en-US')} weights).`
      : '';
    throw new LearnerCodeError(`Your quantizeBlocks could not run: ${report.message}${at(report.at)}${during}${where}`);
  }
  const answers = new Map<string, unknown>();
  for (const [i, call] of calls.entries()) {
    const outcome = report.outcomes[i];
    if (outcome && !outcome.ok) {
      const e = outcome.error;
      throw new LearnerCodeError(`Your quantizeBlocks threw on ${call.matrix} (${call.values.length} weights, ${call.bits} bits, blocks of ${call.blockSize}, ${call.scheme}): ${e.name}: ${e.message}${e.at ? ` (line ${e.at.line})` : ''}`);
    }
    // A call that sent nothing back leaves no blocks, which quantizeModel's check then names.
    answers.set(call.matrix, outcome?.value);
  }
  return { answers, ms: t2 - t0, compileMs: t1 - t0, runMs: t2 - t1, logs: report.logs };
}
