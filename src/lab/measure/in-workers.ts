/**
 * In a page, the exercise "lab-quantizer" measures a learner's quantized model in the lab's evaluation
 * workers rather than on the page's thread, where running the model over the held-out text would
 * freeze the page for about a second per setting. The workers start on the first answer that needs
 * measuring, run the float model over their share of the text once, and stop after a minute unused.
 */
import { encode, variantResult, type Model, type QuantizedModel, type VariantResult } from '../../core/model/index.ts';
import { createPool, type EvalPool } from './pool.ts';

/** Idle time after which the workers (each holding the model) are stopped; the next answer starts them again. */
const IDLE_MS = 60_000;

/** A measurer for quantized versions of `model` on `heldout`, backed by evaluation workers. */
export function workerMeasure(model: Model, heldout: string): (q: QuantizedModel) => Promise<VariantResult> {
  let pool: Promise<EvalPool> | null = null;
  let idle: ReturnType<typeof setTimeout> | undefined;
  let busy = 0;
  const stop = () => {
    const p = pool;
    pool = null;
    void p?.then((x) => x.terminate(), () => {});
  };
  return async (q) => {
    clearTimeout(idle);
    busy++;
    try {
      pool ??= createPool(model, encode(model.manifest, heldout));
      // A pool that failed to start is forgotten, so the next answer tries again.
      const p = await pool.catch((e: unknown) => {
        pool = null;
        throw e;
      });
      const replace = Object.fromEntries(model.manifest.linear.map((name) => [name, q.model.tensors[name]!]));
      const { stats } = await p.compare(replace);
      return variantResult(stats, q);
    } finally {
      if (--busy === 0) idle = setTimeout(stop, IDLE_MS);
    }
  };
}
