/**
 * Forward and backward of the lab's transformer over a batch, as train.py's `forward` and
 * `backward`: token + position embeddings, per layer RMSNorm → causal attention → residual,
 * RMSNorm → GELU MLP → residual, then a final RMSNorm and the output matrix, mean cross-entropy.
 * Every activation the backward needs lives in a workspace allocated once per batch shape.
 */
import { attentionBackward, attentionForward, type AttnShape } from './attention.ts';
import { view, type Arr, type Layout, type NetConfig } from './config.ts';
import { crossEntropy, geluBackward, geluForward, rmsnormBackward, rmsnormForward } from './layers.ts';
import { matmulAB, matmulABt, matmulAtBAcc } from './matmul.ts';

/** What one layer keeps from the forward for the backward. */
interface LayerCache {
  n1: Arr; r1: Arr; h1: Arr; qkv: Arr; att: Arr; y: Arr;
  n2: Arr; r2: Arr; h2: Arr; a: Arr; th: Arr; g: Arr;
}

/** Buffers for one batch shape; `make` picks the float type (Float32Array or Float64Array). */
export interface Workspace {
  config: NetConfig;
  layout: Layout;
  batch: number;
  seq: number;
  layers: LayerCache[];
  x: Arr; nf: Arr; rf: Arr; hf: Arr;
  /** Logits after the forward, then the loss's gradient with respect to them. */
  logits: Arr;
  dx: Arr; dh: Arr; dy: Arr; dqkv: Arr; dm: Arr; scratch: Arr;
  /** Transposed copies of the backward's matrix operands (see matmul.ts). */
  tA: Arr; tB: Arr;
}

/** Allocate a workspace for batches of `batch` sequences of `seq` tokens. */
export function createWorkspace(config: NetConfig, layout: Layout, batch: number, seq: number, make: (n: number) => Arr): Workspace {
  if (seq > config.context) throw new RangeError(`sequence ${seq} is longer than the context ${config.context}`);
  const N = batch * seq, C = config.width, M = config.mlpWidth;
  const layers = Array.from({ length: config.layers }, (): LayerCache => ({
    n1: make(N * C), r1: make(N), h1: make(N * C), qkv: make(N * 3 * C), att: make(batch * config.heads * seq * seq), y: make(N * C),
    n2: make(N * C), r2: make(N), h2: make(N * C), a: make(N * M), th: make(N * M), g: make(N * M),
  }));
  return {
    config, layout, batch, seq, layers,
    x: make(N * C), nf: make(N * C), rf: make(N), hf: make(N * C), logits: make(N * config.vocabSize),
    dx: make(N * C), dh: make(N * C), dy: make(N * C), dqkv: make(N * 3 * C), dm: make(N * M), scratch: make(seq),
    tA: make(N * Math.max(M, 3 * C, config.vocabSize)), tB: make(Math.max(N, 3 * C) * Math.max(M, 3 * C, config.vocabSize)),
  };
}

/**
 * Mean cross-entropy of predicting targets[i] from inputs[..i] (batch × seq, row-major) with the
 * flat `params`; leaves the activations and the logits' gradient in `ws` for `backward`.
 */
export function forward(params: Arr, inputs: Int32Array, targets: Int32Array, ws: Workspace): number {
  const { config: c, layout, batch: B, seq: T } = ws;
  const N = B * T, C = c.width, M = c.mlpWidth, V = c.vocabSize;
  if (inputs.length !== N || targets.length !== N) throw new RangeError(`expected ${N} inputs and targets, got ${inputs.length} and ${targets.length}`);
  const p = (name: string) => view(layout, params, name);
  const shape: AttnShape = { batch: B, seq: T, width: C, heads: c.heads };
  const { x } = ws;
  const tok = p('tok_emb'), pos = p('pos_emb');
  for (let i = 0; i < N; i++) {
    const id = inputs[i], t = i % T;
    if (!(id >= 0 && id < V) || !(targets[i] >= 0 && targets[i] < V)) throw new RangeError(`token ${id} or target ${targets[i]} at ${i} is outside 0..${V - 1}`);
    for (let k = 0; k < C; k++) x[i * C + k] = tok[id * C + k] + pos[t * C + k];
  }
  for (let l = 0; l < c.layers; l++) {
    const L = ws.layers[l], pre = `layers.${l}.`;
    rmsnormForward(x, p(pre + 'norm1'), N, C, c.normEps, L.n1, L.r1, L.h1);
    matmulABt(L.h1, p(pre + 'attn.qkv'), L.qkv, N, 3 * C, C, false);
    attentionForward(L.qkv, L.att, L.y, shape);
    matmulABt(L.y, p(pre + 'attn.proj'), x, N, C, C, true);
    rmsnormForward(x, p(pre + 'norm2'), N, C, c.normEps, L.n2, L.r2, L.h2);
    matmulABt(L.h2, p(pre + 'mlp.fc1'), L.a, N, M, C, false);
    geluForward(L.a, L.th, L.g, N * M);
    matmulABt(L.g, p(pre + 'mlp.fc2'), x, N, C, M, true);
  }
  rmsnormForward(x, p('norm_f'), N, C, c.normEps, ws.nf, ws.rf, ws.hf);
  matmulABt(ws.hf, p('head'), ws.logits, N, V, C, false);
  return crossEntropy(ws.logits, targets, N, V);
}

/** Write the gradient of the last `forward`'s mean loss into `grads` (same layout as params). */
export function backward(params: Arr, inputs: Int32Array, ws: Workspace, grads: Arr): void {
  const { config: c, layout, batch: B, seq: T } = ws;
  const N = B * T, C = c.width, M = c.mlpWidth, V = c.vocabSize;
  const p = (name: string) => view(layout, params, name);
  const d = (name: string) => view(layout, grads, name);
  const shape: AttnShape = { batch: B, seq: T, width: C, heads: c.heads };
  const { dx, dh, dy, dqkv, dm, tA, tB } = ws;
  grads.fill(0);
  matmulAtBAcc(ws.logits, ws.hf, d('head'), N, V, C, tA, tB);
  matmulAB(ws.logits, p('head'), dh, N, V, C, false, tB);
  rmsnormBackward(dh, p('norm_f'), ws.nf, ws.rf, N, C, dx, false, d('norm_f'));
  for (let l = c.layers - 1; l >= 0; l--) {
    const L = ws.layers[l], pre = `layers.${l}.`;
    // MLP branch: dx reaches fc2's output unchanged through the residual.
    matmulAtBAcc(dx, L.g, d(pre + 'mlp.fc2'), N, C, M, tA, tB);
    matmulAB(dx, p(pre + 'mlp.fc2'), dm, N, C, M, false, tB);
    geluBackward(dm, L.a, L.th, N * M);
    matmulAtBAcc(dm, L.h2, d(pre + 'mlp.fc1'), N, M, C, tA, tB);
    matmulAB(dm, p(pre + 'mlp.fc1'), dh, N, M, C, false, tB);
    rmsnormBackward(dh, p(pre + 'norm2'), L.n2, L.r2, N, C, dx, true, d(pre + 'norm2'));
    // Attention branch.
    matmulAtBAcc(dx, L.y, d(pre + 'attn.proj'), N, C, C, tA, tB);
    matmulAB(dx, p(pre + 'attn.proj'), dy, N, C, C, false, tB);
    attentionBackward(L.qkv, L.att, dy, dqkv, ws.scratch, shape);
    matmulAtBAcc(dqkv, L.h1, d(pre + 'attn.qkv'), N, 3 * C, C, tA, tB);
    matmulAB(dqkv, p(pre + 'attn.qkv'), dh, N, 3 * C, C, false, tB);
    rmsnormBackward(dh, p(pre + 'norm1'), L.n1, L.r1, N, C, dx, true, d(pre + 'norm1'));
  }
  const dtok = d('tok_emb'), dpos = d('pos_emb');
  for (let i = 0; i < N; i++) {
    const id = inputs[i], t = i % T;
    for (let k = 0; k < C; k++) {
      dtok[id * C + k] += dx[i * C + k];
      dpos[t * C + k] += dx[i * C + k];
    }
  }
}
