/**
 * One evaluation worker: holds the float model and the held-out tokens, and runs its share of the
 * windows (or a generation) with some matrices replaced by their quantized versions.
 */
import { createWorkspace, generate, loadModel, runWindows, withTensors, type Model } from '../../core/model/index.ts';
import type { WorkerRequest, WorkerResponse } from './protocol.ts';

let model: Model | null = null;
let tokens: Int32Array | null = null;
let ws: ReturnType<typeof createWorkspace> | null = null;

const post = (m: WorkerResponse, transfer: Transferable[] = []) => (self as unknown as Worker).postMessage(m, transfer);

self.onmessage = (e: MessageEvent<WorkerRequest>) => {
  const msg = e.data;
  try {
    if (msg.kind === 'init') {
      model = loadModel(msg.manifest, msg.weights);
      tokens = msg.tokens;
      ws = createWorkspace(model.config);
      post({ kind: 'ready' });
      return;
    }
    if (!model || !tokens || !ws) throw new Error('the worker got work before its model');
    const variant = withTensors(model, msg.replace);
    if (msg.kind === 'logits') {
      const logits = runWindows(variant, tokens, msg.windows, ws);
      post({ kind: 'logits', id: msg.id, logits }, [logits.buffer]);
    } else {
      post({ kind: 'text', id: msg.id, text: generate(variant, msg.prompt, { length: msg.length, temperature: msg.temperature, seed: msg.seed }) });
    }
  } catch (err) {
    post({ kind: 'error', id: 'id' in msg ? msg.id : null, message: (err as Error).message });
  }
};
