/**
 * Data-parallel training step over worker threads: each worker takes an equal share of the batch's
 * sequences and writes its mean-loss gradient into shared memory; the parent averages the shares
 * (equal shares, so the average is the whole batch's mean-loss gradient) and applies AdamW once.
 */
import { Worker } from 'node:worker_threads';
import { adamwStep, createAdam, lrAt } from './adamw.ts';
import { layoutOf, type Arr, type NetConfig } from './config.ts';

/** The float type of every array: float32 as numpy trains, or float64. */
export type Dtype = 'f32' | 'f64';

/** A float array of `dtype` over shared memory. */
export function sharedFloats(dtype: Dtype, buffer: SharedArrayBuffer): Arr {
  return dtype === 'f64' ? new Float64Array(buffer) : new Float32Array(buffer);
}

/** What a worker is started with: its share's shape and its shared buffers. */
export interface WorkerInit {
  config: NetConfig;
  dtype: Dtype;
  batch: number;
  seq: number;
  params: SharedArrayBuffer;
  grads: SharedArrayBuffer;
  inputs: SharedArrayBuffer;
  targets: SharedArrayBuffer;
}

/** A running data-parallel trainer. */
export interface ParallelTrainer {
  /** The shared parameters (updated in place by each step). */
  params: Arr;
  /** The last step's averaged gradient. */
  grads: Arr;
  /** Run step `step` (0-based) on a batch of `batch` × `seq` tokens; resolves to its mean loss before the update. */
  step(inputs: Int32Array, targets: Int32Array, step: number): Promise<number>;
  /** Stop the workers. */
  close(): Promise<void>;
}

/** Start `threads` workers for batches of `batch` sequences (a multiple of threads) of `seq` tokens, from `initial` parameters. */
export async function createParallelTrainer(config: NetConfig, initial: ArrayLike<number>, batch: number, seq: number, dtype: Dtype, threads: number): Promise<ParallelTrainer> {
  if (batch % threads) throw new RangeError(`batch ${batch} does not split evenly over ${threads} threads`);
  const layout = layoutOf(config);
  const Float = dtype === 'f64' ? Float64Array : Float32Array;
  const bytes = Float.BYTES_PER_ELEMENT, share = batch / threads, n = share * seq;
  const paramsBuf = new SharedArrayBuffer(layout.size * bytes);
  const params = sharedFloats(dtype, paramsBuf);
  params.set(initial);
  const grads = new Float(layout.size);
  const adam = createAdam(layout.size, (k) => new Float(k));
  const parts = Array.from({ length: threads }, () => {
    const init: WorkerInit = {
      config, dtype, batch: share, seq, params: paramsBuf,
      grads: new SharedArrayBuffer(layout.size * bytes), inputs: new SharedArrayBuffer(4 * n), targets: new SharedArrayBuffer(4 * n),
    };
    const worker = new Worker(new URL('./worker.ts', import.meta.url), { workerData: init });
    const part = { worker, grads: sharedFloats(dtype, init.grads), inputs: new Int32Array(init.inputs), targets: new Int32Array(init.targets), pending: null as null | { resolve: (loss: number) => void; reject: (e: Error) => void } };
    // One listener each for the worker's life: a step's promise is settled by whichever comes first.
    worker.on('message', (loss: number) => part.pending?.resolve(loss));
    worker.on('error', (e: Error) => part.pending?.reject(e));
    return part;
  });
  // Wait until every worker has loaded, so the first step does not time their start-up.
  await Promise.all(parts.map((p) => new Promise<void>((resolve, reject) => p.worker.once('online', resolve).once('error', reject))));
  return {
    params,
    grads,
    async step(inputs, targets, step) {
      if (inputs.length !== batch * seq || targets.length !== batch * seq) throw new RangeError(`expected ${batch * seq} tokens`);
      const losses = await Promise.all(parts.map((p, w) => {
        p.inputs.set(inputs.subarray(w * n, (w + 1) * n));
        p.targets.set(targets.subarray(w * n, (w + 1) * n));
        return new Promise<number>((resolve, reject) => {
          p.pending = { resolve, reject };
          p.worker.postMessage('step');
        });
      }));
      const inv = 1 / threads;
      for (let i = 0; i < layout.size; i++) {
        let s = 0;
        for (const p of parts) s += p.grads[i];
        grads[i] = s * inv;
      }
      adamwStep(layout, params, grads, adam, step, lrAt(step));
      return losses.reduce((a, b) => a + b, 0) * inv;
    },
    async close() {
      await Promise.all(parts.map((p) => p.worker.terminate()));
    },
  };
}
