/**
 * The lab's evaluation engine on the page: a recipe is quantized (in the workers, or for the learner's
 * quantizeBlocks in the sandbox first), then every worker runs its share of the held-out text and the
 * page gathers the comparison into one table row. Timings are kept for the status line and the bench.
 */
import {
  assembleQuantized, quantizeModelMatrix, schemeFor, variantResult,
  type MatrixScheme, type Model, type QuantizedModel, type QuantRecipe, type VariantResult,
} from '../../core/model/index.ts';
import type { KlStats } from '../../core/metrics/kl.ts';
import { createPool, type EvalPool } from './pool.ts';
import type { Replacements } from './protocol.ts';

/** A recipe quantized: the matrices to swap in and what the model then costs. */
export interface Prepared {
  replace: Replacements;
  quantized: QuantizedModel;
  /** Quantizing (and, for the learner's code, compiling and running it in the sandbox). */
  quantizeMs: number;
  /** For the learner's code: compiling it (esbuild-wasm) and running it in the sandbox, all calls included. */
  learner?: { ms: number; compileMs: number; runMs: number };
}

/** One evaluated recipe. */
export interface Evaluation extends Prepared {
  result: VariantResult;
  compareMs: number;
  /** The slowest worker's own time for running and comparing its share. */
  workerMs: number;
  /** Quantize + run + compare, as the learner waits for it. */
  totalMs: number;
}

/** The learner's saved code, when a recipe's integer blocks should use it. */
export interface LearnerCode {
  code: string;
}

export interface Engine {
  model: Model;
  pool: EvalPool;
  floatStats: KlStats;
  prepare(recipe: QuantRecipe, learner?: LearnerCode): Promise<Prepared>;
  compare(replace: Replacements): Promise<{ stats: KlStats; ms: number; workerMs: number }>;
  evaluate(recipe: QuantRecipe, learner?: LearnerCode): Promise<Evaluation>;
  generate(replace: Replacements, prompt: string, length: number): Promise<string>;
  close(): void;
}

/** Sampling of the text shown in each row: mildly random, and the same for every variant. */
const SAMPLE_TEMPERATURE = 0.6;
const SAMPLE_SEED = 1;

/** Whether any matrix of the recipe uses integer blocks (what the learner's quantizeBlocks can replace). */
export function usesIntBlocks(model: Model, recipe: QuantRecipe): boolean {
  return model.manifest.linear.some((n) => schemeFor(recipe, n).kind === 'int');
}

/** The recipe with the learner's quantizer plugged into every integer-block scheme. */
function withQuantizer(recipe: QuantRecipe, quantizer: Extract<MatrixScheme, { kind: 'int' }>['quantizer']): QuantRecipe {
  const plug = (s: MatrixScheme): MatrixScheme => (s.kind === 'int' ? { ...s, quantizer } : s);
  return { ...recipe, scheme: plug(recipe.scheme), overrides: recipe.overrides && Object.fromEntries(Object.entries(recipe.overrides).map(([k, s]) => [k, plug(s)])) };
}

/** Start the workers (each runs the float model over its share once) and return the engine. */
export async function createEngine(model: Model, tokens: Int32Array): Promise<Engine> {
  const pool = await createPool(model, tokens);
  const engine: Engine = {
    model,
    pool,
    floatStats: pool.floatStats,
    async prepare(recipe, learner) {
      if (!learner) {
        const q = await pool.quantize(recipe);
        return { replace: q.replace, quantized: q.quantized, quantizeMs: q.ms };
      }
      const t0 = performance.now();
      const { runLearnerQuantizer } = await import('../../lab/learner.ts');
      const run = await runLearnerQuantizer(model, recipe, learner.code);
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
      const quantized = assembleQuantized(model, parts);
      const replace: Replacements = Object.fromEntries(parts.map((p) => [p.name, p.values]));
      return { replace, quantized, quantizeMs: performance.now() - t0, learner: { ms: run.ms, compileMs: run.compileMs, runMs: run.runMs } };
    },
    compare: (replace) => pool.compare(replace),
    async evaluate(recipe, learner) {
      const t0 = performance.now();
      const prepared = await engine.prepare(recipe, learner);
      const { stats, ms, workerMs } = await pool.compare(prepared.replace);
      return { ...prepared, result: variantResult(stats, prepared.quantized), compareMs: ms, workerMs, totalMs: performance.now() - t0 };
    },
    generate: (replace, prompt, length) => pool.generate(replace, prompt, length, SAMPLE_TEMPERATURE, SAMPLE_SEED),
    close: () => pool.terminate(),
  };
  return engine;
}
