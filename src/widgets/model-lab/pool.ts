/**
 * A few evaluation workers sharing the held-out windows: each runs a contiguous share and the page
 * concatenates their logits, so one scheme's evaluation takes about 1/workers of the single-thread time.
 */
import { evaluationWindows, weightsFileBytes, type Model, type Window } from '../../core/model/index.ts';
import type { Replacements, WorkerRequest, WorkerResponse } from './protocol.ts';

interface Pending {
  resolve: (v: WorkerResponse) => void;
  reject: (e: Error) => void;
}

/** Workers that hold the float model and the text's tokens. */
export interface EvalPool {
  size: number;
  /** Logits over every window of the text with `replace` swapped in (all workers share the work). */
  logits(replace: Replacements): Promise<Float32Array>;
  /** Text written by the model with `replace` swapped in. */
  generate(replace: Replacements, prompt: string, length: number, temperature: number, seed: number): Promise<string>;
  terminate(): void;
}

/** How many workers to start: one per core, at most 4, at least 1. */
export function poolSize(): number {
  return Math.max(1, Math.min(4, navigator.hardwareConcurrency || 2));
}

/** Split windows into `parts` contiguous shares of nearly equal size. */
export function shareWindows(windows: readonly Window[], parts: number): Window[][] {
  const out: Window[][] = [];
  for (let k = 0; k < parts; k++) out.push(windows.slice(Math.floor((k * windows.length) / parts), Math.floor(((k + 1) * windows.length) / parts)));
  return out.filter((s) => s.length > 0);
}

/** Start the workers and wait until each has loaded the model. */
export async function createPool(model: Model, tokens: Int32Array, size = poolSize()): Promise<EvalPool> {
  const bytes = weightsFileBytes(model);
  const workers: Worker[] = [];
  const pending = new Map<number, Pending>();
  let nextId = 1, turn = 0;
  const started = Array.from({ length: size }, () => new Promise<Worker>((resolve, reject) => {
    const w = new Worker(new URL('./eval.worker.ts', import.meta.url), { type: 'module' });
    w.onmessage = (e: MessageEvent<WorkerResponse>) => {
      const m = e.data;
      if (m.kind === 'ready') return resolve(w);
      const id = 'id' in m ? m.id : null;
      const p = id === null ? undefined : pending.get(id);
      if (m.kind === 'error' && !p) return reject(new Error(m.message));
      if (!p || id === null) return;
      pending.delete(id);
      if (m.kind === 'error') p.reject(new Error(m.message));
      else p.resolve(m);
    };
    w.onerror = (e) => reject(new Error(`an evaluation worker failed to start: ${e.message || 'unknown error'}`));
    workers.push(w);
    const init: WorkerRequest = { kind: 'init', manifest: model.manifest.raw, weights: bytes.slice(0), tokens };
    w.postMessage(init);
  }));
  try {
    await Promise.all(started);
  } catch (err) {
    for (const w of workers) w.terminate();
    throw err;
  }
  const ask = (w: Worker, msg: WorkerRequest & { id: number }) => new Promise<WorkerResponse>((resolve, reject) => {
    pending.set(msg.id, { resolve, reject });
    w.postMessage(msg);
  });
  const shares = shareWindows(evaluationWindows(tokens.length, model.config.context), workers.length);
  return {
    size: workers.length,
    async logits(replace) {
      const parts = await Promise.all(shares.map((windows, k) => ask(workers[k]!, { kind: 'logits', id: nextId++, replace, windows })));
      const arrays = parts.map((p) => (p as Extract<WorkerResponse, { kind: 'logits' }>).logits);
      const out = new Float32Array(arrays.reduce((n, a) => n + a.length, 0));
      let at = 0;
      for (const a of arrays) {
        out.set(a, at);
        at += a.length;
      }
      return out;
    },
    async generate(replace, prompt, length, temperature, seed) {
      const w = workers[turn++ % workers.length]!;
      const r = await ask(w, { kind: 'generate', id: nextId++, replace, prompt, length, temperature, seed });
      return (r as Extract<WorkerResponse, { kind: 'text' }>).text;
    },
    terminate() {
      for (const w of workers) w.terminate();
      for (const p of pending.values()) p.reject(new Error('the lab was closed'));
      pending.clear();
    },
  };
}
