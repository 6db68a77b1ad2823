/**
 * One evaluation worker. It holds the float model and its share of the held-out windows; at start it
 * runs the float model over them once, keeping the log-probabilities (the reference every variant
 * is compared with) and the residual stream at each layer boundary. Then, on request, it quantizes
 * matrices, or runs its windows with some matrices replaced and compares them with the reference
 * position by position, starting at the first layer the replacement changes.
 */
import {
  comparePositions, createLayerStates, createWorkspace, evaluationTargets, firstChangedLayer, generate, loadModel,
  quantizeModelMatrix, referenceRows, runWindows, withTensors,
  type LayerStates, type Model, type ReferenceRows, type Window,
} from '../../core/model/index.ts';
import type { WorkerRequest, WorkerResponse } from './protocol.ts';

interface State {
  model: Model;
  tokens: Int32Array;
  windows: Window[];
  ws: ReturnType<typeof createWorkspace>;
  states: LayerStates;
  ref: ReferenceRows;
}
let state: State | null = null;

const post = (m: WorkerResponse, transfer: Transferable[] = []) => (self as unknown as Worker).postMessage(m, transfer);

/** The targets of some windows: token start+t+1 for each input position. */
function windowTargets(tokens: Int32Array, windows: readonly Window[]): Int32Array {
  const all = evaluationTargets(tokens);
  const out = new Int32Array(windows.reduce((n, w) => n + w.length, 0));
  let at = 0;
  for (const w of windows) {
    out.set(all.subarray(w.start, w.start + w.length), at);
    at += w.length;
  }
  return out;
}

function handle(msg: WorkerRequest): void {
  const t0 = performance.now();
  if (msg.kind === 'init') {
    const model = loadModel(msg.manifest, msg.weights);
    const ws = createWorkspace(model.config);
    const rows = msg.windows.reduce((n, w) => n + w.length, 0);
    const states = createLayerStates(model.config, rows);
    const logits = runWindows(model, msg.tokens, msg.windows, ws, { states });
    const ref = referenceRows(logits, windowTargets(msg.tokens, msg.windows), model.config.vocabSize);
    state = { model, tokens: msg.tokens, windows: msg.windows, ws, states, ref };
    const positions = comparePositions(ref, logits);
    post({ kind: 'ready', positions, ms: performance.now() - t0 });
    return;
  }
  if (!state) throw new Error('the worker got work before its model');
  const { model } = state;
  if (msg.kind === 'quantize') {
    const parts = msg.names.map((name) => {
      const q = quantizeModelMatrix(model, msg.recipe, name);
      return { name, values: q.values, bits: q.bits };
    });
    // A matrix left in float comes back as the model's own array: copy before transferring it.
    for (const p of parts) if (p.values === model.tensors[p.name]) p.values = p.values.slice();
    post({ kind: 'quantized', id: msg.id, parts, ms: performance.now() - t0 }, parts.map((p) => p.values.buffer));
    return;
  }
  const variant = withTensors(model, msg.replace);
  if (msg.kind === 'compare') {
    const resume = firstChangedLayer(model.config, Object.keys(msg.replace));
    const logits = runWindows(variant, state.tokens, state.windows, state.ws, { states: state.states, resume });
    const positions = comparePositions(state.ref, logits);
    post({ kind: 'compared', id: msg.id, positions, ms: performance.now() - t0 }, [positions.kl.buffer, positions.lpBase.buffer, positions.lpQuant.buffer, positions.sameTop.buffer]);
    return;
  }
  post({ kind: 'text', id: msg.id, text: generate(variant, msg.prompt, { length: msg.length, temperature: msg.temperature, seed: msg.seed }) });
}

self.onmessage = (e: MessageEvent<WorkerRequest>) => {
  const msg = e.data;
  try {
    handle(msg);
  } catch (err) {
    post({ kind: 'error', id: 'id' in msg ? msg.id : null, message: (err as Error).message });
  }
};
