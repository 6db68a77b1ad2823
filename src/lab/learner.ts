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
import type { PreparedCase } from '../grading/cases.ts';
import type { Exercise } from '../grading/exercise.ts';
import { gradeSubmission, type GradeTimings } from '../grading/grade.ts';
import { BrowserRunner } from '../runner/browser/index.ts';
import quantizeBlocksExercise from '../../exercises/quantize-blocks/exercise.ts';
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

// Only quantizeBlocks is called here; the exercise's dequantizeBlocks need not exist yet.
const exercise: Exercise = { ...quantizeBlocksExercise, functions: ['quantizeBlocks'] };

/**
 * Run the learner's quantizeBlocks on every matrix the recipe quantizes with integer blocks, in the
 * sandbox, and return a quantizer that hands those blocks back to quantizeModel (which checks them).
 */
export async function runLearnerQuantizer(model: Model, recipe: QuantRecipe, code: string, timeoutMs = LEARNER_TIMEOUT_MS): Promise<{ quantizer: BlockQuantizer; ms: number; compileMs: number; runMs: number; logs: string[] }> {
  warmLearnerRunner();
  const calls = quantizerCalls(model, recipe);
  // The verdict is not used to grade here: `expected` is a placeholder, and each case's `got` is read.
  const cases: PreparedCase[] = calls.map((c, index) => ({ fn: 'quantizeBlocks', args: [c.values, c.bits, c.blockSize, c.scheme], kind: c.matrix, index, visible: true, expected: 0 }));
  const t0 = performance.now();
  let t: GradeTimings | undefined;
  const verdict = await gradeSubmission(exercise, code, cases, runner!, { timeoutMs, onTimings: (timings) => (t = timings) });
  const ms = performance.now() - t0;
  if (verdict.status === 'error') {
    const where = verdict.problem === 'timeout'
      ? ` The lab allows ${timeoutMs / 1000} s for all ${calls.length} matrices (${calls.reduce((n, c) => n + c.values.length, 0).toLocaleString('en-US')} weights).`
      : '';
    throw new LearnerCodeError(`Your quantizeBlocks could not run: ${verdict.message}${where}`);
  }
  const answers = new Map<string, unknown>();
  for (const [i, r] of verdict.cases.entries()) {
    const call = calls[i]!;
    if (r.got === undefined && r.message.startsWith('quantizeBlocks threw ')) {
      throw new LearnerCodeError(`Your quantizeBlocks threw on ${call.matrix} (${call.values.length} weights, ${call.bits} bits, blocks of ${call.blockSize}, ${call.scheme}): ${r.message.replace(/^quantizeBlocks threw /, '')}`);
    }
    answers.set(call.matrix, r.got);
  }
  return { quantizer: answeredQuantizer(answers), ms, compileMs: t?.compileMs ?? 0, runMs: t?.runMs ?? 0, logs: verdict.logs };
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
