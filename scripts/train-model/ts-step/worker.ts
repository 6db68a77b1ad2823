/**
 * A data-parallel worker: computes the gradient of its share of the batch on the shared parameters.
 * The parent writes tokens into shared memory, posts "step", and reads the gradient back after "done".
 */
import { parentPort, workerData } from 'node:worker_threads';
import { layoutOf } from './config.ts';
import { backward, createWorkspace, forward } from './model.ts';
import { sharedFloats, type WorkerInit } from './parallel.ts';

const init = workerData as WorkerInit;
const Float = init.dtype === 'f64' ? Float64Array : Float32Array;
const layout = layoutOf(init.config);
const params = sharedFloats(init.dtype, init.params);
const grads = sharedFloats(init.dtype, init.grads);
const inputs = new Int32Array(init.inputs);
const targets = new Int32Array(init.targets);
const ws = createWorkspace(init.config, layout, init.batch, init.seq, (n) => new Float(n));

parentPort!.on('message', (msg: string) => {
  if (msg !== 'step') return;
  const loss = forward(params, inputs, targets, ws);
  backward(params, inputs, ws, grads);
  parentPort!.postMessage(loss);
});
