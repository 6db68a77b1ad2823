/**
 * The learner's own `quantizeBlocks` in the lab: the code saved by the exercise "quantize-blocks"
 * (lesson Outliers and blocks) in this browser, compiled by the course's esbuild-wasm worker and run
 * in a fresh sandbox worker with a time limit, exactly as the exercise's Run button does
 * (src/runner/browser). The sandbox gets the weights of each matrix and returns blocks; the page
 * checks the blocks (count, integer codes that fit the bits, finite scales) before using them.
 */
import { quantizeModelMatrix } from '../core/model/quantize.ts';
import { assembleQuantized, schemeFor, type BlockQuantizer, type MatrixScheme, type QuantizedModel, type QuantRecipe } from '../core/model/recipe.ts';
import type { LearnerBlock } from '../core/model/gguf-learner.ts';
import type { Model } from '../core/model/weights.ts';
import { BrowserRunner } from '../runner/browser/index.ts';
import { answeredQuantizer } from './answered-quantizer.ts';
import { runQuantizerCalls } from './learner-run.ts';
import { LEARNER_TIMEOUT_MS } from './saved.ts';

export { LearnerCodeError } from './learner-run.ts';

let runner: BrowserRunner | null = null;

/** Start the compiler early (when the learner picks their quantizer), so the first run does not wait for it. */
export function warmLearnerRunner(): void {
  runner ??= new BrowserRunner();
  void runner.warm().catch(() => { /* reported when a run needs it */ });
}

/**
 * Run the learner's quantizeBlocks on every matrix the recipe quantizes with integer blocks, in the
 * sandbox (a plain run: the calls and their returned values, nothing judged), and return a quantizer
 * that hands those blocks back to quantizeModel after checking them, and the blocks themselves by matrix.
 */
export async function runLearnerQuantizer(model: Model, recipe: QuantRecipe, code: string, timeoutMs = LEARNER_TIMEOUT_MS): Promise<{ quantizer: BlockQuantizer; answers: Map<string, unknown>; ms: number; compileMs: number; runMs: number; logs: string[] }> {
  warmLearnerRunner();
  const run = await runQuantizerCalls(runner!, model, recipe, code, timeoutMs);
  return { quantizer: answeredQuantizer(run.answers), ...run };
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
  /** The blocks the learner's code returned, by matrix, each checked (kept so that the lab's row can be saved as a GGUF). */
  blocks: Map<string, LearnerBlock[]>;
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
  const blocks = new Map([...run.answers].map(([name, b]) => [name, b as LearnerBlock[]]));
  return { parts, quantized: assembleQuantized(model, parts), run: { ms: run.ms, compileMs: run.compileMs, runMs: run.runMs }, blocks };
}
