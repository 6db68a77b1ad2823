/**
 * A few evaluation workers sharing the work of one evaluation: the matrices to quantize are dealt
 * out by size, and each worker runs a contiguous share of the held-out windows against the float
 * model's log-probabilities it computed once at start. The page only gathers: it never runs the model.
 */
// Specific core modules, not the barrels: the page gathers, the workers run the model and quantize.
import type { KlStats } from '../../core/metrics/kl.ts';
import { assembleQuantized, schemeFor, type QuantizedModel } from '../../core/model/recipe.ts';
import { statsFromPositions, type PositionComparison } from '../../core/model/results.ts';
import { weightsFileBytes, type Model } from '../../core/model/weights.ts';
import { evaluationWindows, type Window } from '../../core/model/windows.ts';
import type { PlainRecipe, Replacements, WorkerRequest, WorkerResponse } from './protocol.ts';

interface Pending {
  resolve: (v: WorkerResponse) => void;
  reject: (e: Error) => void;
}

/** Workers that hold the float model and their share of the text. */
export interface EvalPool {
  size: number;
  /** The float model compared with itself (its perplexity is pplBase). */
  floatStats: KlStats;
  /** Milliseconds the float pass took at start (the slowest worker's). */
  floatMs: number;
  /** Quantize the recipe's non-float matrices, spread over the workers. */
  quantize(recipe: PlainRecipe): Promise<{ quantized: QuantizedModel; replace: Replacements; ms: number }>;
  /** Every window with `replace` swapped in, compared with the float model. */
  compare(replace: Replacements): Promise<{ stats: KlStats; ms: number; workerMs: number }>;
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

/** Deal matrices to `parts` workers, largest first to the least loaded, so each quantizes about as many weights. */
export function dealMatrices(sizes: readonly { name: string; weights: number }[], parts: number): string[][] {
  const out: string[][] = Array.from({ length: parts }, () => []);
  const load = new Array<number>(parts).fill(0);
  for (const m of [...sizes].sort((a, b) => b.weights - a.weights)) {
    const k = load.indexOf(Math.min(...load));
    out[k]!.push(m.name);
    load[k]! += m.weights;
  }
  return out;
}

/** Start the workers and wait until each has loaded the model and run the float pass over its share. */
export async function createPool(model: Model, tokens: Int32Array, size = poolSize()): Promise<EvalPool> {
  const bytes = weightsFileBytes(model);
  const shares = shareWindows(evaluationWindows(tokens.length, model.config.context), size);
  const workers: Worker[] = [];
  const pending = new Map<number, Pending>();
  let nextId = 1, turn = 0;
  const started = shares.map((windows) => new Promise<Extract<WorkerResponse, { kind: 'ready' }>>((resolve, reject) => {
    const w = new Worker(new URL('./eval.worker.ts', import.meta.url), { type: 'module', name: 'quantcourse-lab' });
    w.onmessage = (e: MessageEvent<WorkerResponse>) => {
      const m = e.data;
      if (m.kind === 'ready') return resolve(m);
      const id = 'id' in m ? m.id : null;
      const p = id === null ? undefined : pending.get(id);
      if (m.kind === 'error' && !p) return reject(new Error(m.message));
      if (!p || id === null) return;
      pending.delete(id);
      if (m.kind === 'error') p.reject(new Error(m.message));
      else p.resolve(m);
    };
    w.onerror = (e) => {
      e.preventDefault();
      const err = new Error(`an evaluation worker stopped: ${e.message || 'unknown error'}`);
      reject(err);
      for (const p of pending.values()) p.reject(err);
      pending.clear();
    };
    workers.push(w);
    w.postMessage({ kind: 'init', manifest: model.manifest.raw, weights: bytes.slice(0), tokens, windows } satisfies WorkerRequest);
  }));
  let ready: Extract<WorkerResponse, { kind: 'ready' }>[];
  try {
    ready = await Promise.all(started);
  } catch (err) {
    for (const w of workers) w.terminate();
    throw err;
  }
  const ask = <K extends WorkerResponse['kind']>(w: Worker, msg: WorkerRequest & { id: number }) => new Promise<Extract<WorkerResponse, { kind: K }>>((resolve, reject) => {
    pending.set(msg.id, { resolve: resolve as (v: WorkerResponse) => void, reject });
    w.postMessage(msg);
  });
  const sizes = model.manifest.linear.map((name) => ({ name, weights: model.tensors[name]!.length }));
  const gather = (parts: PositionComparison[]) => statsFromPositions(parts);
  return {
    size: workers.length,
    floatStats: gather(ready.map((r) => r.positions)),
    floatMs: Math.max(...ready.map((r) => r.ms)),
    async quantize(recipe) {
      const t0 = performance.now();
      const todo = sizes.filter((m) => schemeFor(recipe, m.name).kind !== 'float');
      const dealt = dealMatrices(todo, workers.length);
      const answers = await Promise.all(dealt.map((names, k) => (names.length ? ask<'quantized'>(workers[k]!, { kind: 'quantize', id: nextId++, recipe, names }) : null)));
      const parts = answers.flatMap((a) => a?.parts ?? []);
      const replace: Replacements = Object.fromEntries(parts.map((p) => [p.name, p.values]));
      return { quantized: assembleQuantized(model, parts), replace, ms: performance.now() - t0 };
    },
    async compare(replace) {
      const t0 = performance.now();
      const answers = await Promise.all(workers.map((w) => ask<'compared'>(w, { kind: 'compare', id: nextId++, replace })));
      return { stats: gather(answers.map((a) => a.positions)), ms: performance.now() - t0, workerMs: Math.max(...answers.map((a) => a.ms)) };
    },
    async generate(replace, prompt, length, temperature, seed) {
      const w = workers[turn++ % workers.length]!;
      return (await ask<'text'>(w, { kind: 'generate', id: nextId++, replace, prompt, length, temperature, seed })).text;
    },
    terminate() {
      for (const w of workers) w.terminate();
      for (const p of pending.values()) p.reject(new Error('the lab was closed'));
      pending.clear();
    },
  };
}
