/**
 * The forward pass of the character transformer, in plain typed-array loops with buffers
 * allocated once per workspace. It matches scripts/train-model/train.py's `forward` step by step:
 * pre-norm RMSNorm, causal multi-head attention, GELU (tanh form) MLP, final RMSNorm, output matrix.
 */
import type { ModelConfig } from './manifest.ts';
import type { Model } from './weights.ts';

/** Scratch buffers for one window; reuse one per thread to avoid allocating per call. */
export interface Workspace {
  config: ModelConfig;
  x: Float64Array;
  h: Float64Array;
  qkv: Float64Array;
  y: Float64Array;
  a: Float64Array;
  scores: Float64Array;
  kT: Float64Array;
  vT: Float64Array;
  logits: Float64Array;
}

/** Allocate the buffers a window of up to `context` positions needs. */
export function createWorkspace(config: ModelConfig): Workspace {
  const T = config.context, C = config.width;
  return {
    config,
    x: new Float64Array(T * C),
    h: new Float64Array(T * C),
    qkv: new Float64Array(T * 3 * C),
    y: new Float64Array(T * C),
    a: new Float64Array(T * config.mlpWidth),
    scores: new Float64Array(T),
    kT: new Float64Array(T * C),
    vT: new Float64Array(T * C),
    logits: new Float64Array(T * config.vocabSize),
  };
}

// The loops run on float64 copies of the weights: V8 reads Float64Array elements without a
// conversion, which measured ~2x faster here. Copies are made once per tensor and cached.
const wide = new WeakMap<Float32Array, Float64Array>();
function f64(t: Float32Array): Float64Array {
  let w = wide.get(t);
  if (!w) wide.set(t, (w = Float64Array.from(t)));
  return w;
}

/**
 * out[t, o] (+)= Σ_i W[o, i] · x[t, i] for t < T; W is [outDim, inDim] row-major. Two rows of x
 * against four rows of W at a time, so each load feeds several multiply-adds.
 */
function linear(x: Float64Array, T: number, inDim: number, W: Float64Array, outDim: number, out: Float64Array, accumulate: boolean): void {
  const acc = accumulate ? 1 : 0;
  const T2 = T - (T % 2), O4 = outDim - (outDim % 4);
  for (let t = 0; t < T2; t += 2) {
    const x0 = t * inDim, x1 = x0 + inDim, r0 = t * outDim, r1 = r0 + outDim;
    for (let o = 0; o < O4; o += 4) {
      const w0 = o * inDim, w1 = w0 + inDim, w2 = w1 + inDim, w3 = w2 + inDim;
      let s00 = 0, s01 = 0, s02 = 0, s03 = 0, s10 = 0, s11 = 0, s12 = 0, s13 = 0;
      for (let i = 0; i < inDim; i++) {
        const a0 = x[x0 + i]!, a1 = x[x1 + i]!, b0 = W[w0 + i]!, b1 = W[w1 + i]!, b2 = W[w2 + i]!, b3 = W[w3 + i]!;
        s00 += a0 * b0; s01 += a0 * b1; s02 += a0 * b2; s03 += a0 * b3;
        s10 += a1 * b0; s11 += a1 * b1; s12 += a1 * b2; s13 += a1 * b3;
      }
      out[r0 + o] = acc * out[r0 + o]! + s00; out[r0 + o + 1] = acc * out[r0 + o + 1]! + s01;
      out[r0 + o + 2] = acc * out[r0 + o + 2]! + s02; out[r0 + o + 3] = acc * out[r0 + o + 3]! + s03;
      out[r1 + o] = acc * out[r1 + o]! + s10; out[r1 + o + 1] = acc * out[r1 + o + 1]! + s11;
      out[r1 + o + 2] = acc * out[r1 + o + 2]! + s12; out[r1 + o + 3] = acc * out[r1 + o + 3]! + s13;
    }
    for (let o = O4; o < outDim; o++) {
      dotInto(x, x0, W, o * inDim, inDim, out, r0 + o, acc);
      dotInto(x, x1, W, o * inDim, inDim, out, r1 + o, acc);
    }
  }
  for (let t = T2; t < T; t++) for (let o = 0; o < outDim; o++) dotInto(x, t * inDim, W, o * inDim, inDim, out, t * outDim + o, acc);
}

/** One dot product for the edges `linear`'s blocks do not cover. */
function dotInto(x: Float64Array, xo: number, W: Float64Array, wo: number, n: number, out: Float64Array, at: number, acc: number): void {
  let s = 0;
  for (let i = 0; i < n; i++) s += W[wo + i]! * x[xo + i]!;
  out[at] = acc * out[at]! + s;
}

/** out[t] = x[t] / sqrt(mean(x[t]²) + eps) · g, row by row. */
function rmsnorm(x: Float64Array, T: number, C: number, g: Float64Array, eps: number, out: Float64Array): void {
  for (let t = 0; t < T; t++) {
    const o = t * C;
    let ss = 0;
    for (let i = 0; i < C; i++) ss += x[o + i]! * x[o + i]!;
    const r = 1 / Math.sqrt(ss / C + eps);
    for (let i = 0; i < C; i++) out[o + i] = x[o + i]! * r * g[i]!;
  }
}

const GELU_C = Math.sqrt(2 / Math.PI);

/** Causal self-attention of every head; reads ws.qkv, writes ws.y. */
function attention(ws: Workspace, T: number): void {
  const { width: C, heads } = ws.config;
  const D = C / heads, C3 = 3 * C, scale = 1 / Math.sqrt(D);
  const { qkv, y, scores, kT, vT } = ws;
  // Keys and values transposed to [channel][position], so the inner loops run over positions.
  for (let j = 0; j < T; j++) {
    for (let c = 0; c < C; c++) {
      kT[c * T + j] = qkv[j * C3 + C + c]!;
      vT[c * T + j] = qkv[j * C3 + 2 * C + c]!;
    }
  }
  for (let hd = 0; hd < heads; hd++) {
    const c0 = hd * D;
    for (let t = 0; t < T; t++) {
      for (let j = 0; j <= t; j++) scores[j] = 0;
      for (let d = 0; d < D; d++) {
        const q = qkv[t * C3 + c0 + d]! * scale, row = (c0 + d) * T;
        for (let j = 0; j <= t; j++) scores[j] += q * kT[row + j]!;
      }
      let max = -Infinity;
      for (let j = 0; j <= t; j++) if (scores[j]! > max) max = scores[j]!;
      let sum = 0;
      for (let j = 0; j <= t; j++) sum += scores[j] = Math.exp(scores[j]! - max);
      const inv = 1 / sum;
      for (let d = 0; d < D; d++) {
        const row = (c0 + d) * T;
        let acc = 0;
        for (let j = 0; j <= t; j++) acc += scores[j]! * vT[row + j]!;
        y[t * C + c0 + d] = acc * inv;
      }
    }
  }
}

/**
 * Run one window: `tokens[start .. start+length)` at positions 0..length-1, and write the logits of
 * positions `firstRow .. length-1` (each a row of vocabSize) into `out` from `outOffset`.
 */
export function forwardWindow(model: Model, tokens: ArrayLike<number>, start: number, length: number, ws: Workspace, out: Float32Array, outOffset = 0, firstRow = 0): void {
  const c = model.config, p = model.tensors;
  const C = c.width, V = c.vocabSize, M = c.mlpWidth;
  if (!(length >= 1 && length <= c.context)) throw new RangeError(`a window holds 1..${c.context} tokens, got ${length}`);
  if (start < 0 || start + length > tokens.length) throw new RangeError(`window ${start}..${start + length} is outside the ${tokens.length} tokens`);
  if (ws.config.width !== C || ws.config.context < length || ws.config.mlpWidth !== M || ws.config.vocabSize !== V) throw new RangeError('workspace was made for a different model shape');
  const rows = length - firstRow;
  if (outOffset + rows * V > out.length) throw new RangeError(`output buffer too small: need ${outOffset + rows * V}, have ${out.length}`);
  const { x, h, qkv, y, a, logits } = ws;
  const tok = p.tok_emb!, pos = p.pos_emb!;
  for (let t = 0; t < length; t++) {
    const id = tokens[start + t]!;
    if (!(id >= 0 && id < V)) throw new RangeError(`token id ${id} at ${start + t} is outside 0..${V - 1}`);
    for (let i = 0; i < C; i++) x[t * C + i] = tok[id * C + i]! + pos[t * C + i]!;
  }
  for (let l = 0; l < c.layers; l++) {
    const pre = `layers.${l}.`;
    rmsnorm(x, length, C, f64(p[pre + 'norm1']!), c.normEps, h);
    linear(h, length, C, f64(p[pre + 'attn.qkv']!), 3 * C, qkv, false);
    attention(ws, length);
    linear(y, length, C, f64(p[pre + 'attn.proj']!), C, x, true);
    rmsnorm(x, length, C, f64(p[pre + 'norm2']!), c.normEps, h);
    linear(h, length, C, f64(p[pre + 'mlp.fc1']!), M, a, false);
    for (let i = 0; i < length * M; i++) {
      const v = a[i]!;
      a[i] = 0.5 * v * (1 + Math.tanh(GELU_C * (v + 0.044715 * v * v * v)));
    }
    linear(a, length, M, f64(p[pre + 'mlp.fc2']!), C, x, true);
  }
  rmsnorm(x, length, C, f64(p.norm_f!), c.normEps, h);
  // Only the rows asked for go through the output matrix (generation needs just the last one).
  linear(h.subarray(firstRow * C), rows, C, f64(p.head!), V, logits, false);
  for (let i = 0; i < rows * V; i++) out[outOffset + i] = logits[i]!;
}

/** A window of the evaluation: inputs tokens[start .. start+length), targets one further on. */
export interface Window {
  start: number;
  length: number;
}

/**
 * Non-overlapping windows over n tokens (n − 1 predictions), as the training script's eval: inputs
 * text[s, s+context), targets text[s+1, s+context+1) for s = 0, context, 2·context, …; the last may be shorter.
 */
export function evaluationWindows(nTokens: number, context: number): Window[] {
  const predictions = nTokens - 1;
  if (predictions < 1) throw new RangeError(`need at least 2 tokens to predict anything, got ${nTokens}`);
  const out: Window[] = [];
  for (let s = 0; s < predictions; s += context) out.push({ start: s, length: Math.min(context, predictions - s) });
  return out;
}

/**
 * Logits for the given windows, concatenated in order: one row of vocabSize per prediction.
 * Workers each run a share of the windows; their outputs concatenate to the whole text's.
 */
export function runWindows(model: Model, tokens: ArrayLike<number>, windows: readonly Window[], ws = createWorkspace(model.config)): Float32Array {
  const V = model.config.vocabSize;
  const rows = windows.reduce((n, w) => n + w.length, 0);
  const out = new Float32Array(rows * V);
  let at = 0;
  for (const w of windows) {
    forwardWindow(model, tokens, w.start, w.length, ws, out, at);
    at += w.length * V;
  }
  return out;
}

/** The targets of the evaluation windows: token i+1 for every input position i. */
export function evaluationTargets(tokens: ArrayLike<number>): Int32Array {
  const t = new Int32Array(tokens.length - 1);
  for (let i = 0; i < t.length; i++) t[i] = tokens[i + 1]!;
  return t;
}

/** Logits at every prediction of a text (tokens.length − 1 rows), windowed as the training eval. */
export function textLogits(model: Model, tokens: ArrayLike<number>): Float32Array {
  // Targets are only read later, by the metrics, so every id is checked here, not just the inputs.
  const V = model.config.vocabSize;
  for (let i = 0; i < tokens.length; i++) {
    if (!(Number.isInteger(tokens[i]) && tokens[i]! >= 0 && tokens[i]! < V)) throw new RangeError(`token id ${tokens[i]} at ${i} is outside 0..${V - 1}`);
  }
  return runWindows(model, tokens, evaluationWindows(tokens.length, model.config.context));
}

/** Rows of a flat logits buffer, as views (no copy), for functions that take one array per position. */
export function logitRows(logits: Float32Array, vocabSize: number): Float32Array[] {
  if (logits.length % vocabSize) throw new RangeError(`${logits.length} logits are not whole rows of ${vocabSize}`);
  const rows: Float32Array[] = [];
  for (let i = 0; i < logits.length; i += vocabSize) rows.push(logits.subarray(i, i + vocabSize));
  return rows;
}
