/**
 * The lab's evaluation engine in a page: a recipe is quantized (in the workers, or for the learner's
 * quantizeBlocks in the sandbox first), then every worker runs its share of the held-out text and the
 * page gathers the comparison into one table row. Timings are kept for the status line and the bench.
 */
// Specific core modules, not the barrels: the page only gathers, so it must not load the forward pass or the quantizers.
import type { KlStats } from '../../core/metrics/kl.ts';
import type { LearnerBlock } from '../../core/model/gguf-learner.ts';
import type { QuantizedModel, QuantRecipe } from '../../core/model/recipe.ts';
import { variantResult, type VariantResult } from '../../core/model/results.ts';
import type { Model } from '../../core/model/weights.ts';
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
  /** For the learner's code: the blocks it returned, by matrix (checked), which the lab's GGUF button writes. */
  learnerBlocks?: ReadonlyMap<string, readonly LearnerBlock[]>;
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
      // The quantizers and the sandbox load only now, when the learner's code is first used.
      const { quantizeWithLearner } = await import('../learner.ts');
      const { parts, quantized, run, blocks } = await quantizeWithLearner(model, recipe, learner.code);
      const replace: Replacements = Object.fromEntries(parts.map((p) => [p.name, p.values]));
      return { replace, quantized, quantizeMs: performance.now() - t0, learner: run, learnerBlocks: blocks };
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
