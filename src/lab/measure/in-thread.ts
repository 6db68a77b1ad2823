/**
 * Node's counterpart of in-workers.ts: a worker thread that holds the course model and its float
 * log-probabilities and measures quantized versions of it. The grader's main thread feeds the
 * sandbox processes; a second or two of running the model there would leave them idle.
 * `threadMeasure` is the main thread's side; `serveMeasurements` is the thread's (thread-entry.ts).
 */
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { compareWithBaseline, createBaseline, textLogits, withTensors, type Baseline, type Model, type VariantResult } from '../../core/model/index.ts';
import type { Measure } from '../grading-model.ts';

interface Request { id: number; replace: Record<string, Float32Array>; cost: { bitsPerWeight: number; bytes: number } }
type Reply = { id: number; result: VariantResult } | { id: number; error: string };

/** Serve measurements on this thread's port when it is the measuring thread; otherwise do nothing. */
export function serveMeasurements(load: () => { model: Model; heldout: string }): void {
  if (isMainThread || (workerData as { quantcourseMeasure?: boolean } | null)?.quantcourseMeasure !== true) return;
  let base: Baseline | null = null;
  parentPort!.on('message', (req: Request) => {
    let reply: Reply;
    try {
      const { model, heldout } = load();
      base ??= createBaseline(model, heldout);
      const variant = withTensors(model, req.replace);
      reply = { id: req.id, result: compareWithBaseline(base, textLogits(variant, base.tokens), req.cost) };
    } catch (e) {
      reply = { id: req.id, error: e instanceof Error ? e.message : String(e) };
    }
    parentPort!.postMessage(reply);
  });
}

/**
 * A measurer backed by one worker thread running `entry` (a module that calls serveMeasurements), or null
 * on a thread other than the main one. The thread starts on first use and does not keep the process alive.
 */
export function threadMeasure(entry: URL, linear: readonly string[]): Measure | null {
  if (!isMainThread) return null;
  let worker: Worker | null = null;
  let nextId = 1;
  const pending = new Map<number, { resolve: (r: VariantResult) => void; reject: (e: Error) => void }>();
  const fail = (err: Error) => {
    for (const p of pending.values()) p.reject(err);
    pending.clear();
    worker = null;
  };
  const start = () => {
    const w = new Worker(entry, { workerData: { quantcourseMeasure: true } });
    w.unref();
    w.on('message', (m: Reply) => {
      const p = pending.get(m.id);
      if (!p) return;
      pending.delete(m.id);
      if ('error' in m) p.reject(new Error(m.error));
      else p.resolve(m.result);
      if (pending.size === 0) w.unref();
    });
    w.on('error', (e) => fail(new Error(`the measuring thread failed: ${e.message}`)));
    w.on('exit', (code) => fail(new Error(`the measuring thread stopped (exit code ${code})`)));
    return w;
  };
  return (q) => new Promise((resolve, reject) => {
    worker ??= start();
    // Held while a measurement is pending, so the process waits for the answer.
    worker.ref();
    const id = nextId++;
    pending.set(id, { resolve, reject });
    const replace = Object.fromEntries(linear.map((name) => [name, q.model.tensors[name]!]));
    worker.postMessage({ id, replace, cost: { bitsPerWeight: q.bitsPerWeight, bytes: q.bytes } } satisfies Request);
  });
}
