/**
 * The learner's own `quantizeBlocks` in the lab: the code saved by the exercise "quantize-blocks"
 * (lesson Outliers and blocks) in this browser, compiled by the course's esbuild-wasm worker and run
 * in a fresh sandbox worker with a time limit, exactly as the exercise's Run button does
 * (src/runner/browser). The sandbox gets the weights of each matrix and returns blocks; the page
 * checks the blocks (count, integer codes that fit the bits, finite scales) before using them.
 */
import { quantizeModelMatrix, quantizerCalls } from '../core/model/quantize.ts';
import { assembleQuantized, schemeFor, type BlockQuantizer, type MatrixScheme, type QuantizedModel, type QuantRecipe } from '../core/model/recipe.ts';
import type { Model } from '../core/model/weights.ts';
import type { RunCall } from '../grading/run-contract.ts';
import { sandboxReportOf } from '../grading/run-report.ts';
import type { SourcePosition } from '../grading/verdict.ts';
import { BrowserRunner } from '../runner/browser/index.ts';
import { answeredQuantizer } from './answered-quantizer.ts';
import { LEARNER_TIMEOUT_MS } from './saved.ts';

/** Why the learner's quantizer could not be used, in words for the learner. */
export class LearnerCodeError extends Error {
  override name = 'LearnerCodeError';
}

let runner: BrowserRunner | null = null;

/** Start the compiler early (when the learner picks their quantizer), so the first run does not wait for it. */
export function warmLearnerRunner(): void {
  runner ??= new BrowserRunner();
  void runner.warm().catch(() => { /* reported when a run needs it */ });
}

/** " (line 3, column 7)" where a position is known. */
const at = (p: SourcePosition | undefined) => (p ? ` (line ${p.line}, column ${p.column})` : '');

/**
 * Run the learner's quantizeBlocks on every matrix the recipe quantizes with integer blocks, in the
 * sandbox (a plain run: the calls and their returned values, nothing judged), and return a quantizer
 * that hands those blocks back to quantizeModel after checking them.
 */
export async function runLearnerQuantizer(model: Model, recipe: QuantRecipe, code: string, timeoutMs = LEARNER_TIMEOUT_MS): Promise<{ quantizer: BlockQuantizer; ms: number; compileMs: number; runMs: number; logs: string[] }> {
  warmLearnerRunner();
  const calls = quantizerCalls(model, recipe);
  const runCalls: RunCall[] = calls.map((c) => ({ fn: 'quantizeBlocks', args: [c.values, c.bits, c.blockSize, c.scheme] }));
  const t0 = performance.now();
  const started = runner!.start(code);
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
  return { quantizer: answeredQuantizer(answers), ms: t2 - t0, compileMs: t1 - t0, runMs: t2 - t1, logs: report.logs };
}

/** The recipe with the learner's quantizer plugged into every integer-block scheme. */
function withQuantizer(recipe: QuantRecipe, quantizer: BlockQuantizer): QuantRecipe {
  const plug = (s: MatrixScheme): MatrixScheme => (s.kind === 'int' ? { ...s, quantizer } : s);
  return { ...recipe, scheme: plug(recipe.scheme), overrides: recipe.overrides && Object.fromEntries(Object.entries(recipe.overrides).map(([k, s]) => [k, plug(s)])) };
}

/**
 * The recipe quantized on the page with the learner's quantizeBlocks for its integer blocks: their code
 * runs in the sandbox, then every non-float matrix is checked and dequantized here (the quantizers live
 * in this lazily loaded module, so the lab's page does not load them until the learner's code is used).
 */
export async function quantizeWithLearner(model: Model, recipe: QuantRecipe, code: string): Promise<{
  parts: { name: string; values: Float32Array; bits: number }[];
  quantized: QuantizedModel;
  run: { ms: number; compileMs: number; runMs: number };
}> {
  const run = await runLearnerQuantizer(model, recipe, code);
  // Only integer-block matrices went through the sandbox; any others are quantized here too.
  // Check and dequantize the blocks here, one matrix per task, so the page keeps painting.
  const plugged = withQuantizer(recipe, run.quantizer);
  const parts: { name: string; values: Float32Array; bits: number }[] = [];
  for (const name of model.manifest.linear) {
    if (schemeFor(plugged, name).kind === 'float') continue;
    try {
      parts.push({ name, ...quantizeModelMatrix(model, plugged, name) });
    } catch (err) {
      throw new Error(`Your quantizeBlocks ran, but the lab cannot use its blocks: ${(err as Error).message}.`);
    }
    await new Promise((r) => setTimeout(r, 0));
  }
  return { parts, quantized: assembleQuantized(model, parts), run: { ms: run.ms, compileMs: run.compileMs, runMs: run.runMs } };
}
