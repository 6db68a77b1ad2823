/**
 * The forward pass of the Llama-style character model, in plain typed-array loops with buffers
 * allocated once per workspace. It matches scripts/train-model/train.py's `forward` step by step:
 * pre-norm RMSNorm, causal multi-head attention with rotary positions (llama.cpp's NORM convention:
 * adjacent pairs of each head), SwiGLU feed-forward, final RMSNorm, output matrix. Where WebAssembly
 * SIMD exists the matrix products run in src/core/fast/'s kernels, which give the same bits as the
 * loops here (tests/core/fast/ compares the two).
 */
import { LAYER_MATRICES, type ModelConfig } from './manifest.ts';
import { createKernel, type Kernels } from '../fast/forward-kernels.ts';
import type { Model } from './weights.ts';
import { evaluationWindows, type Window } from './windows.ts';

// Which positions are evaluated lives in windows.ts (the lab's page needs it without the forward pass); it is part of this module's API.
export { evaluationTargets, evaluationWindows, type Window } from './windows.ts';

/** A matrix's transposed float64 copy in the kernel's memory, and the tensor it was copied from. */
interface Slot {
  at: number;
  view: Float64Array;
  source: Float32Array | null;
}

/** Scratch buffers for one window; reuse one per thread to avoid allocating per call. */
export interface Workspace {
  config: ModelConfig;
  x: Float64Array;
  h: Float64Array;
  q: Float64Array;
  k: Float64Array;
  v: Float64Array;
  y: Float64Array;
  /** The feed-forward's gate, then silu(gate) · up. */
  a: Float64Array;
  /** The feed-forward's up projection. */
  u: Float64Array;
  scores: Float64Array;
  /** One head's scaled query. */
  qh: Float64Array;
  kT: Float64Array;
  vT: Float64Array;
  logits: Float64Array;
  /** cos and sin of position · base^(−2i/headDim), [position][pair]. */
  cos: Float64Array;
  sin: Float64Array;
  /** The SIMD kernels and a slot per linear matrix (every buffer then lives in their memory); null: plain loops. */
  simd: (Kernels & { slots: Map<string, Slot> }) | null;
}

/** The linear matrices and their shapes [out, in], in forward order. */
function linearShapes(c: ModelConfig): { name: string; out: number; in: number }[] {
  const out: { name: string; out: number; in: number }[] = [];
  for (let l = 0; l < c.layers; l++) {
    for (const m of LAYER_MATRICES) {
      const shape = m === 'ffn_gate' || m === 'ffn_up' ? [c.ffnWidth, c.width] : m === 'ffn_down' ? [c.width, c.ffnWidth] : [c.width, c.width];
      out.push({ name: `blk.${l}.${m}.weight`, out: shape[0]!, in: shape[1]! });
    }
  }
  out.push({ name: 'output.weight', out: c.vocabSize, in: c.width });
  return out;
}

/** The rotary tables: angle of pair i at position t is t · base^(−2i/D), as train.py's rope_tables. */
function ropeTables(c: ModelConfig): { cos: Float64Array; sin: Float64Array } {
  const D = c.width / c.heads, half = D / 2;
  const cos = new Float64Array(c.context * half), sin = new Float64Array(c.context * half);
  for (let i = 0; i < half; i++) {
    const inv = c.ropeBase ** (-(2 * i) / D);
    for (let t = 0; t < c.context; t++) {
      cos[t * half + i] = Math.cos(t * inv);
      sin[t * half + i] = Math.sin(t * inv);
    }
  }
  return { cos, sin };
}

/**
 * Allocate the buffers a window of up to `context` positions needs. `simd: false` keeps to the
 * plain loops even where WebAssembly SIMD exists (the tests compare both paths).
 */
export function createWorkspace(config: ModelConfig, options: { simd?: boolean } = {}): Workspace {
  const T = config.context, C = config.width, F = config.ffnWidth;
  // scores has room for the kernel's second lane past the last key.
  const sizes = { kT: T * C, x: T * C, h: T * C, q: T * C, k: T * C, v: T * C, y: T * C, a: T * F, u: T * F, logits: T * config.vocabSize, scores: T + 2, qh: C, vT: T * C };
  const matrices = linearShapes(config);
  const rope = ropeTables(config);
  const doubles = Object.values(sizes).reduce((n, k) => n + k, 0) + matrices.reduce((n, m) => n + m.out * m.in, 0);
  const kernel = options.simd === false ? null : createKernel(8 * doubles);
  if (!kernel) {
    const plain = Object.fromEntries(Object.entries(sizes).map(([k, n]) => [k, new Float64Array(n)])) as Record<keyof typeof sizes, Float64Array>;
    return { config, ...plain, ...rope, simd: null };
  }
  let at = 0;
  const take = (n: number) => {
    const view = new Float64Array(kernel.memory.buffer, at, n);
    at += 8 * n;
    return view;
  };
  // kT first: the scores kernel may read one value past a channel's row, which then stays in memory.
  const buffers = Object.fromEntries(Object.entries(sizes).map(([k, n]) => [k, take(n)])) as Record<keyof typeof sizes, Float64Array>;
  const slots = new Map<string, Slot>();
  for (const m of matrices) {
    const where = at;
    slots.set(m.name, { at: where, view: take(m.out * m.in), source: null });
  }
  return { config, ...buffers, ...rope, simd: { ...kernel, slots } };
}

// The plain loops run on float64 copies of the weights: V8 reads Float64Array elements without a
// conversion (about twice as fast: bench/README.md). Copies are made once per tensor and cached, so a
// tensor must not be changed in place after a forward pass has used it (replace it instead).
const wide = new WeakMap<Float32Array, Float64Array>();
function f64(t: Float32Array): Float64Array {
  let w = wide.get(t);
  if (!w) wide.set(t, (w = Float64Array.from(t)));
  return w;
}

/** out[t, o] (+)= Σ_i W[o, i] · x[t, i] with the model's matrix `name` ([outDim, inDim]), by the kernel where it can. */
function project(ws: Workspace, model: Model, name: string, x: Float64Array, T: number, inDim: number, outDim: number, out: Float64Array, accumulate: boolean): void {
  const W = model.tensors[name]!;
  const slot = ws.simd?.slots.get(name);
  if (!slot || slot.view.length !== W.length) {
    linear(x, T, inDim, f64(W), outDim, out, accumulate);
    return;
  }
  const wt = slot.view;
  if (slot.source !== W) {
    for (let o = 0; o < outDim; o++) for (let i = 0; i < inDim; i++) wt[i * outDim + o] = W[o * inDim + i]!;
    slot.source = W;
  }
  const pairs = T >> 1;
  if (pairs > 0) ws.simd!.linear(x.byteOffset, pairs, inDim, slot.at, outDim, out.byteOffset, accumulate ? 1 : 0);
  if (T & 1) {
    // The last, unpaired row: the same sums in the same order, read from the transposed copy.
    const t = T - 1, xo = t * inDim, r = t * outDim;
    for (let o = 0; o < outDim; o++) {
      let s = 0;
      for (let i = 0; i < inDim; i++) s += wt[i * outDim + o]! * x[xo + i]!;
      out[r + o] = accumulate ? out[r + o]! + s : s;
    }
  }
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

/**
 * Rotary positions in place on rows t < T of x ([T, width]), row t at position pos0 + t: within each
 * head, the adjacent pair (2i, 2i+1) turns by the angle of pair i (llama.cpp's NORM rope).
 */
function rope(ws: Workspace, x: Float64Array, T: number, pos0: number): void {
  const C = ws.config.width, D = C / ws.config.heads, half = D / 2, { cos, sin } = ws;
  for (let t = 0; t < T; t++) {
    const r = (pos0 + t) * half;
    for (let c0 = t * C; c0 < (t + 1) * C; c0 += D) {
      for (let i = 0; i < half; i++) {
        const e = x[c0 + 2 * i]!, o = x[c0 + 2 * i + 1]!, cs = cos[r + i]!, sn = sin[r + i]!;
        x[c0 + 2 * i] = e * cs - o * sn;
        x[c0 + 2 * i + 1] = e * sn + o * cs;
      }
    }
  }
}

/** SwiGLU's middle in place: a[i] = silu(a[i]) · u[i], silu(g) = g · 1/(1 + e^(−g)) (e^(−g) overflowing gives 0, the limit). */
function swiglu(a: Float64Array, u: Float64Array, n: number): void {
  for (let i = 0; i < n; i++) {
    const g = a[i]!;
    a[i] = g * (1 / (1 + Math.exp(-g))) * u[i]!;
  }
}

/**
 * Causal self-attention of every head; reads ws.q, ws.k, ws.v (rotated already), writes ws.y. Each
 * sum runs over its terms in order in its own register; two keys, or four output channels, share a
 * pass to reuse the loads.
 */
function attention(ws: Workspace, T: number): void {
  const { width: C, heads } = ws.config;
  const D = C / heads, scale = 1 / Math.sqrt(D);
  const { q: qs, k: ks, v: vs, y, scores, qh: q, kT, vT, simd } = ws;
  if (simd && D % 8 === 0) {
    // Keys transposed to [channel][position] for the scores kernel; values are read in place.
    for (let j = 0; j < T; j++) for (let c = 0; c < C; c++) kT[c * T + j] = ks[j * C + c]!;
    for (let hd = 0; hd < heads; hd++) {
      const c0 = hd * D, v = vs.byteOffset + 8 * c0;
      for (let t = 0; t < T; t++) {
        for (let d = 0; d < D; d++) q[d] = qs[t * C + c0 + d]! * scale;
        simd.scores(q.byteOffset, kT.byteOffset, T, t + 1, c0, D, scores.byteOffset);
        let max = -Infinity;
        for (let j = 0; j <= t; j++) if (scores[j]! > max) max = scores[j]!;
        let sum = 0;
        for (let j = 0; j <= t; j++) sum += scores[j] = Math.exp(scores[j]! - max);
        simd.mix(scores.byteOffset, v, 8 * C, t + 1, D, 1 / sum, y.byteOffset + 8 * (t * C + c0));
      }
    }
    return;
  }
  // Values transposed to [channel][position], so the weighted sums run over positions.
  for (let j = 0; j < T; j++) for (let c = 0; c < C; c++) vT[c * T + j] = vs[j * C + c]!;
  const D4 = D - (D % 4);
  for (let hd = 0; hd < heads; hd++) {
    const c0 = hd * D;
    for (let t = 0; t < T; t++) {
      for (let d = 0; d < D; d++) q[d] = qs[t * C + c0 + d]! * scale;
      // score j = Σ_d q[d]·k[j, d], summed over d in order.
      let max = -Infinity, j = 0;
      for (; j < t; j += 2) {
        const k0 = j * C + c0, k1 = k0 + C;
        let s0 = 0, s1 = 0;
        for (let d = 0; d < D; d++) {
          const qd = q[d]!;
          s0 += qd * ks[k0 + d]!;
          s1 += qd * ks[k1 + d]!;
        }
        scores[j] = s0;
        scores[j + 1] = s1;
        if (s0 > max) max = s0;
        if (s1 > max) max = s1;
      }
      if (j === t) {
        const k0 = j * C + c0;
        let s0 = 0;
        for (let d = 0; d < D; d++) s0 += q[d]! * ks[k0 + d]!;
        scores[j] = s0;
        if (s0 > max) max = s0;
      }
      let sum = 0;
      for (let i = 0; i <= t; i++) sum += scores[i] = Math.exp(scores[i]! - max);
      const inv = 1 / sum, out = t * C + c0;
      // y[d] = Σ_j p_j·v[j, d], summed over j in order, four channels at a time.
      for (let d = 0; d < D4; d += 4) {
        const r0 = (c0 + d) * T, r1 = r0 + T, r2 = r1 + T, r3 = r2 + T;
        let a0 = 0, a1 = 0, a2 = 0, a3 = 0;
        for (let i = 0; i <= t; i++) {
          const p = scores[i]!;
          a0 += p * vT[r0 + i]!;
          a1 += p * vT[r1 + i]!;
          a2 += p * vT[r2 + i]!;
          a3 += p * vT[r3 + i]!;
        }
        y[out + d] = a0 * inv;
        y[out + d + 1] = a1 * inv;
        y[out + d + 2] = a2 * inv;
        y[out + d + 3] = a3 * inv;
      }
      for (let d = D4; d < D; d++) {
        const row = (c0 + d) * T;
        let acc = 0;
        for (let i = 0; i <= t; i++) acc += scores[i]! * vT[row + i]!;
        y[out + d] = acc * inv;
      }
    }
  }
}

/**
 * The residual stream saved at each layer boundary by a float run (rows in evaluation order), so a
 * variant whose first change is in layer L can start from the float model's stream entering L.
 * states[l] is the stream entering layer l; states[layers] the stream entering the final norm.
 */
export interface LayerStates {
  rows: number;
  states: Float64Array[];
}

/** Room for `rows` positions at every layer boundary. */
export function createLayerStates(config: ModelConfig, rows: number): LayerStates {
  return { rows, states: Array.from({ length: config.layers + 1 }, () => new Float64Array(rows * config.width)) };
}

/**
 * Where a forward pass starts when some tensors are replaced: the first layer whose output can
 * differ from the float model's (token_embd → 0, blk.l's tensors → l, output_norm or output → layers).
 */
export function firstChangedLayer(config: ModelConfig, names: Iterable<string>): number {
  let first = config.layers;
  for (const name of names) {
    const m = /^blk\.(\d+)\./.exec(name);
    const l = m ? Number(m[1]) : name === 'output_norm.weight' || name === 'output.weight' ? config.layers : 0;
    if (l < first) first = l;
  }
  return first;
}

/** How a window uses LayerStates: record every boundary, or resume at `resume`. `row` is the window's first row in them. */
export interface WindowTrace {
  states: LayerStates;
  row: number;
  resume?: number;
}

/** One transformer block on rows t < T of ws.x (positions 0..T-1), in place. */
function block(model: Model, ws: Workspace, l: number, T: number): void {
  const c = model.config, p = model.tensors, C = c.width, F = c.ffnWidth;
  const pre = `blk.${l}.`, { x, h } = ws;
  rmsnorm(x, T, C, f64(p[pre + 'attn_norm.weight']!), c.normEps, h);
  project(ws, model, pre + 'attn_q.weight', h, T, C, C, ws.q, false);
  project(ws, model, pre + 'attn_k.weight', h, T, C, C, ws.k, false);
  project(ws, model, pre + 'attn_v.weight', h, T, C, C, ws.v, false);
  rope(ws, ws.q, T, 0);
  rope(ws, ws.k, T, 0);
  attention(ws, T);
  project(ws, model, pre + 'attn_output.weight', ws.y, T, C, C, x, true);
  rmsnorm(x, T, C, f64(p[pre + 'ffn_norm.weight']!), c.normEps, h);
  project(ws, model, pre + 'ffn_gate.weight', h, T, C, F, ws.a, false);
  project(ws, model, pre + 'ffn_up.weight', h, T, C, F, ws.u, false);
  swiglu(ws.a, ws.u, T * F);
  project(ws, model, pre + 'ffn_down.weight', ws.a, T, F, C, x, true);
}

/**
 * Run one window: `tokens[start .. start+length)` at positions 0..length-1, and write the logits of
 * positions `firstRow .. length-1` (each a row of vocabSize) into `out` from `outOffset`. With a
 * trace, record the stream at every layer boundary, or (trace.resume = L) start at layer L from it.
 */
export function forwardWindow(model: Model, tokens: ArrayLike<number>, start: number, length: number, ws: Workspace, out: Float32Array, outOffset = 0, firstRow = 0, trace?: WindowTrace): void {
  const c = model.config, p = model.tensors;
  const C = c.width, V = c.vocabSize;
  if (!(length >= 1 && length <= c.context)) throw new RangeError(`a window holds 1..${c.context} tokens, got ${length}`);
  if (start < 0 || start + length > tokens.length) throw new RangeError(`window ${start}..${start + length} is outside the ${tokens.length} tokens`);
  if (ws.config.width !== C || ws.config.context < length || ws.config.ffnWidth !== c.ffnWidth || ws.config.vocabSize !== V || ws.config.heads !== c.heads || ws.config.ropeBase !== c.ropeBase) throw new RangeError('workspace was made for a different model shape');
  const rows = length - firstRow;
  if (outOffset + rows * V > out.length) throw new RangeError(`output buffer too small: need ${outOffset + rows * V}, have ${out.length}`);
  if (trace?.resume !== undefined && !(Number.isInteger(trace.resume) && trace.resume >= 0 && trace.resume <= c.layers)) throw new RangeError(`resume must be a layer boundary 0..${c.layers}, got ${trace.resume}`);
  if (trace && (trace.row < 0 || trace.row + length > trace.states.rows)) throw new RangeError(`rows ${trace.row}..${trace.row + length} are outside the ${trace.states.rows} saved rows`);
  const { x, h, logits } = ws;
  const n = length * C, at = trace ? trace.row * C : 0;
  const resume = trace?.resume ?? 0;
  if (trace?.resume !== undefined) {
    x.set(trace.states.states[resume]!.subarray(at, at + n));
  } else {
    const tok = p['token_embd.weight']!;
    for (let t = 0; t < length; t++) {
      const id = tokens[start + t]!;
      if (!(id >= 0 && id < V)) throw new RangeError(`token id ${id} at ${start + t} is outside 0..${V - 1}`);
      for (let i = 0; i < C; i++) x[t * C + i] = tok[id * C + i]!;
    }
  }
  const record = trace && trace.resume === undefined ? trace.states.states : null;
  for (let l = resume; l < c.layers; l++) {
    record?.[l]!.set(x.subarray(0, n), at);
    block(model, ws, l, length);
  }
  record?.[c.layers]!.set(x.subarray(0, n), at);
  rmsnorm(x, length, C, f64(p['output_norm.weight']!), c.normEps, h);
  // Only the rows asked for go through the output matrix (generation needs just the last one).
  project(ws, model, 'output.weight', h.subarray(firstRow * C), rows, C, V, logits, false);
  for (let i = 0; i < rows * V; i++) out[outOffset + i] = logits[i]!;
}

/** Keys (rotated) and values of the positions fed so far, per layer, for generating one character at a time. */
export interface StepCache {
  keys: Float64Array[];
  values: Float64Array[];
  /** Positions fed so far (the next token goes at this position). */
  length: number;
}

/** An empty cache with room for `context` positions. */
export function createStepCache(config: ModelConfig): StepCache {
  const n = config.context * config.width;
  return { keys: Array.from({ length: config.layers }, () => new Float64Array(n)), values: Array.from({ length: config.layers }, () => new Float64Array(n)), length: 0 };
}

/**
 * Feed one token at the cache's next position and write that position's logits into `out`: the
 * last row forwardWindow would give for the whole prefix, computed from cached keys and values in
 * the same order of operations, so the two agree to the bit.
 */
export function forwardStep(model: Model, id: number, ws: Workspace, cache: StepCache, out: Float32Array): void {
  const c = model.config, p = model.tensors;
  const C = c.width, V = c.vocabSize, F = c.ffnWidth, D = C / c.heads, scale = 1 / Math.sqrt(D);
  const t = cache.length;
  if (t >= c.context) throw new RangeError(`the cache holds ${c.context} positions; start a new one or use forwardWindow`);
  if (!(Number.isInteger(id) && id >= 0 && id < V)) throw new RangeError(`token id ${id} is outside 0..${V - 1}`);
  const { x, h, q, k, v, y, scores, logits } = ws;
  for (let i = 0; i < C; i++) x[i] = p['token_embd.weight']![id * C + i]!;
  for (let l = 0; l < c.layers; l++) {
    const pre = `blk.${l}.`, K = cache.keys[l]!, Vs = cache.values[l]!;
    rmsnorm(x, 1, C, f64(p[pre + 'attn_norm.weight']!), c.normEps, h);
    project(ws, model, pre + 'attn_q.weight', h, 1, C, C, q, false);
    project(ws, model, pre + 'attn_k.weight', h, 1, C, C, k, false);
    project(ws, model, pre + 'attn_v.weight', h, 1, C, C, v, false);
    rope(ws, q, 1, t);
    rope(ws, k, 1, t);
    for (let i = 0; i < C; i++) {
      K[t * C + i] = k[i]!;
      Vs[t * C + i] = v[i]!;
    }
    for (let hd = 0; hd < c.heads; hd++) {
      const c0 = hd * D;
      for (let j = 0; j <= t; j++) scores[j] = 0;
      for (let d = 0; d < D; d++) {
        const qd = q[c0 + d]! * scale;
        for (let j = 0; j <= t; j++) scores[j]! += qd * K[j * C + c0 + d]!;
      }
      let max = -Infinity;
      for (let j = 0; j <= t; j++) if (scores[j]! > max) max = scores[j]!;
      let sum = 0;
      for (let j = 0; j <= t; j++) sum += scores[j] = Math.exp(scores[j]! - max);
      const inv = 1 / sum;
      for (let d = 0; d < D; d++) {
        let acc = 0;
        for (let j = 0; j <= t; j++) acc += scores[j]! * Vs[j * C + c0 + d]!;
        y[c0 + d] = acc * inv;
      }
    }
    project(ws, model, pre + 'attn_output.weight', y, 1, C, C, x, true);
    rmsnorm(x, 1, C, f64(p[pre + 'ffn_norm.weight']!), c.normEps, h);
    project(ws, model, pre + 'ffn_gate.weight', h, 1, C, F, ws.a, false);
    project(ws, model, pre + 'ffn_up.weight', h, 1, C, F, ws.u, false);
    swiglu(ws.a, ws.u, F);
    project(ws, model, pre + 'ffn_down.weight', ws.a, 1, F, C, x, true);
  }
  rmsnorm(x, 1, C, f64(p['output_norm.weight']!), c.normEps, h);
  project(ws, model, 'output.weight', h, 1, C, V, logits, false);
  for (let i = 0; i < V; i++) out[i] = logits[i]!;
  cache.length = t + 1;
}

/**
 * Logits for the given windows, concatenated in order: one row of vocabSize per prediction.
 * Workers each run a share of the windows; their outputs concatenate to the whole text's. With
 * `trace`, record the layer boundaries into trace.states, or resume every window at trace.resume.
 */
export function runWindows(model: Model, tokens: ArrayLike<number>, windows: readonly Window[], ws = createWorkspace(model.config), trace?: { states: LayerStates; resume?: number }): Float32Array {
  const V = model.config.vocabSize;
  const rows = windows.reduce((n, w) => n + w.length, 0);
  const out = new Float32Array(rows * V);
  let at = 0, row = 0;
  for (const w of windows) {
    forwardWindow(model, tokens, w.start, w.length, ws, out, at, 0, trace && { states: trace.states, row, resume: trace.resume });
    at += w.length * V;
    row += w.length;
  }
  return out;
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
