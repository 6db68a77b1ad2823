/**
 * WebAssembly SIMD kernels for the forward pass's matrix products and attention sums, assembled
 * here byte by byte (about 1.5 KB, no build step, no dependency). They compute exactly what the
 * plain loops in src/core/model/forward.ts compute: every sum runs over its terms in order, one
 * multiply and one add per term in float64 (f64x2 lanes hold two different *sums*, never two terms
 * of one sum), so the logits are bit-for-bit those of the loops, about 3x faster in CPU time on the
 * Llama-style lab model (bench/README.md). forward-kernels.ts instantiates them.
 *
 *   linear(x, pairs, inDim, wt, outDim, out, accumulate)
 *     for rows t < 2·pairs, outputs o < outDim (any outDim ≥ 1):
 *       s = Σ_i x[t·inDim + i] · wt[i·outDim + o]
 *       out[t·outDim + o] = accumulate ? out[t·outDim + o] + s : s
 *   with x, wt, out byte addresses of float64 arrays in the imported memory env.mem, and wt the
 *   matrix transposed to [in, out], so the two lanes of each load are neighbouring outputs. Outputs
 *   run eight at a time; the last outDim mod 8 (the output matrix's 339 rows leave 3) run one at a
 *   time in scalar float64, the same multiply and add per term, so they too match the loops.
 *
 *   scores(q, kT, T, n, c0, D, out)        attention scores of one query against n keys:
 *     out[j] = Σ_d q[d] · kT[(c0 + d)·T + j]   for j < n rounded up to even (kT: keys as [channel][position])
 *   mix(p, v, stride, n, D, scale, y)      the probability-weighted sum of n values, D a multiple of 8:
 *     y[d] = (Σ_j p[j] · v[j·stride/8 + d]) · scale   for d < D (v: the head's first value channel in row 0)
 */

import { ascii, BLOCK, br, brIf, END, get, i32c, LOOP, section, set, uleb } from './wasm-asm.ts';

// The encoding helpers are shared with the ggml row kernels (LEB128 numbers, names, sections, core opcodes).
const i32 = i32c;
const ADD = [0x6a], MUL = [0x6c], SHL = [0x74], LT_U = [0x49], EQZ = [0x45];
const IF = [0x04, 0x40], ELSE = [0x05];
const AND = [0x71], TEE = (i: number) => [0x22, ...uleb(i)];
const IF_F64 = [0x04, 0x7c]; // an if whose arms each leave one float64
// Scalar float64: load and store (alignment 8, offset 0), add, multiply, and the constant 0.
const F64_LOAD = [0x2b, 3, 0], F64_STORE = [0x39, 3, 0], F64_ADD = [0xa0], F64_MUL = [0xa2];
const F64_ZERO = [0x44, 0, 0, 0, 0, 0, 0, 0, 0];
// Marked free of side effects (V_ZERO needs a pure initializer for its spread), so these constants do not keep this module in pages that never run the model.
const simd = /* @__NO_SIDE_EFFECTS__ */ (op: number, ...imm: number[]) => [0xfd, ...uleb(op), ...imm];
const V_LOAD = (offset: number) => simd(0x00, 3, ...uleb(offset)); // v128.load, 8-byte aligned
const V_STORE = (offset: number) => simd(0x0b, 3, ...uleb(offset));
const LOAD64_SPLAT = simd(0x0a, 3, 0); // one float64 into both lanes
const F64X2_ADD = simd(0xf0), F64X2_MUL = simd(0xf2), F64X2_SPLAT = simd(0x14);
const V_ZERO = /* @__PURE__ */ (() => simd(0x0c, ...new Array<number>(16).fill(0)))();

// Parameters 0..6 (i32): x, pairs, inDim, wt, outDim, out, accumulate.
// Locals: 7 t, 8 o, 9 i, 10 row-0 x address, 11 weight address, 12 output address, 13 row-1 x address (i32);
// 14..21 accumulators (row r, lanes 2k..2k+1 at 14 + 4r + k), 22 row-0 input, 23 row-1 input, 24 weights (v128);
// 25, 26 the scalar tail's row-0 and row-1 sums, 27 its weight (f64); 28 outDim rounded down to 8 (i32).
function linearBody(): number[] {
  const acc = (r: number, k: number) => 14 + 4 * r + k;
  const c: number[] = [];
  const emit = (...parts: number[][]) => {
    for (const p of parts) c.push(...p);
  };
  const bytes = (local: number) => [...get(local), ...i32(3), ...SHL]; // local × 8
  emit(get(4), i32(-8), AND, set(28));
  emit(i32(0), set(7), BLOCK, LOOP); // for t in pairs
  emit(get(7), get(1), LT_U, EQZ, brIf(1));
  emit(get(0), get(7), get(2), MUL, i32(4), SHL, ADD, set(10)); // x + 2·t·inDim·8
  emit(get(10), bytes(2), ADD, set(13));
  emit(i32(0), set(8), BLOCK, LOOP); // for o < outDim rounded down to 8, in steps of 8
  emit(get(8), get(28), LT_U, EQZ, brIf(1));
  for (let r = 0; r < 2; r++) for (let k = 0; k < 4; k++) emit(V_ZERO, set(acc(r, k)));
  emit(get(3), bytes(8), ADD, set(11));
  emit(i32(0), set(9), BLOCK, LOOP); // for i in inDim
  emit(get(9), get(2), LT_U, EQZ, brIf(1));
  emit(get(10), bytes(9), ADD, LOAD64_SPLAT, set(22));
  emit(get(13), bytes(9), ADD, LOAD64_SPLAT, set(23));
  for (let k = 0; k < 4; k++) {
    emit(get(11), V_LOAD(16 * k), set(24));
    emit(get(acc(0, k)), get(22), get(24), F64X2_MUL, F64X2_ADD, set(acc(0, k)));
    emit(get(acc(1, k)), get(23), get(24), F64X2_MUL, F64X2_ADD, set(acc(1, k)));
  }
  emit(get(9), i32(1), ADD, set(9), get(11), bytes(4), ADD, set(11), br(0), END, END);
  emit(get(5), get(7), get(4), MUL, i32(4), SHL, ADD, bytes(8), ADD, set(12)); // out + 2·t·outDim·8 + o·8
  const rowAddress = (r: number) => (r === 0 ? get(12) : [...get(12), ...bytes(4), ...ADD]);
  const store = (accumulate: boolean) => {
    for (let r = 0; r < 2; r++) {
      for (let k = 0; k < 4; k++) {
        emit(rowAddress(r));
        if (accumulate) emit(rowAddress(r), V_LOAD(16 * k), get(acc(r, k)), F64X2_ADD);
        else emit(get(acc(r, k)));
        emit(V_STORE(16 * k));
      }
    }
  };
  emit(get(6), IF);
  store(true);
  emit(ELSE);
  store(false);
  emit(END);
  emit(get(8), i32(8), ADD, set(8), br(0), END, END);
  // The remaining outputs (o from outDim rounded down to 8), one at a time: both rows' sums over i in order.
  emit(BLOCK, LOOP);
  emit(get(8), get(4), LT_U, EQZ, brIf(1));
  emit(F64_ZERO, set(25), F64_ZERO, set(26));
  emit(get(3), bytes(8), ADD, set(11));
  emit(i32(0), set(9), BLOCK, LOOP); // for i in inDim
  emit(get(9), get(2), LT_U, EQZ, brIf(1));
  emit(get(25), get(10), bytes(9), ADD, F64_LOAD, get(11), F64_LOAD, TEE(27), F64_MUL, F64_ADD, set(25));
  emit(get(26), get(13), bytes(9), ADD, F64_LOAD, get(27), F64_MUL, F64_ADD, set(26));
  emit(get(9), i32(1), ADD, set(9), get(11), bytes(4), ADD, set(11), br(0), END, END);
  emit(get(5), get(7), get(4), MUL, i32(4), SHL, ADD, bytes(8), ADD, set(12)); // out + 2·t·outDim·8 + o·8
  for (let r = 0; r < 2; r++) {
    emit(rowAddress(r), get(6), IF_F64, rowAddress(r), F64_LOAD, get(25 + r), F64_ADD, ELSE, get(25 + r), END, F64_STORE);
  }
  emit(get(8), i32(1), ADD, set(8), br(0), END, END);
  emit(get(7), i32(1), ADD, set(7), br(0), END, END);
  emit(END);
  return c;
}

// scores: params 0 q, 1 kT, 2 T, 3 n, 4 c0, 5 D, 6 out; locals 7 j, 8 d, 9 key address (i32), 10 acc (v128).
function scoresBody(): number[] {
  const c: number[] = [];
  const emit = (...parts: number[][]) => {
    for (const p of parts) c.push(...p);
  };
  emit(i32(0), set(7), BLOCK, LOOP); // for j in steps of 2
  emit(get(7), get(3), LT_U, EQZ, brIf(1));
  emit(V_ZERO, set(10));
  emit(get(1), get(4), get(2), MUL, get(7), ADD, i32(3), SHL, ADD, set(9)); // kT + (c0·T + j)·8
  emit(i32(0), set(8), BLOCK, LOOP); // for d in D
  emit(get(8), get(5), LT_U, EQZ, brIf(1));
  emit(get(10), get(0), get(8), i32(3), SHL, ADD, LOAD64_SPLAT, get(9), V_LOAD(0), F64X2_MUL, F64X2_ADD, set(10));
  emit(get(9), get(2), i32(3), SHL, ADD, set(9)); // next channel: + T·8
  emit(get(8), i32(1), ADD, set(8), br(0), END, END);
  emit(get(6), get(7), i32(3), SHL, ADD, get(10), V_STORE(0));
  emit(get(7), i32(2), ADD, set(7), br(0), END, END);
  emit(END);
  return c;
}

// mix: params 0 p, 1 v, 2 stride (bytes), 3 n, 4 D, 5 scale (f64), 6 y; locals 7 c, 8 j, 9 value address (i32),
// 10..13 accumulators, 14 weight (v128).
function mixBody(): number[] {
  const c: number[] = [];
  const emit = (...parts: number[][]) => {
    for (const p of parts) c.push(...p);
  };
  emit(i32(0), set(7), BLOCK, LOOP); // for c in steps of 8 channels
  emit(get(7), get(4), LT_U, EQZ, brIf(1));
  for (let k = 0; k < 4; k++) emit(V_ZERO, set(10 + k));
  emit(get(1), get(7), i32(3), SHL, ADD, set(9));
  emit(i32(0), set(8), BLOCK, LOOP); // for j in n
  emit(get(8), get(3), LT_U, EQZ, brIf(1));
  emit(get(0), get(8), i32(3), SHL, ADD, LOAD64_SPLAT, set(14));
  for (let k = 0; k < 4; k++) emit(get(10 + k), get(14), get(9), V_LOAD(16 * k), F64X2_MUL, F64X2_ADD, set(10 + k));
  emit(get(9), get(2), ADD, set(9));
  emit(get(8), i32(1), ADD, set(8), br(0), END, END);
  for (let k = 0; k < 4; k++) emit(get(6), get(7), i32(3), SHL, ADD, get(10 + k), get(5), F64X2_SPLAT, F64X2_MUL, V_STORE(16 * k));
  emit(get(7), i32(8), ADD, set(7), br(0), END, END);
  emit(END);
  return c;
}

/** The module's bytes: functions `linear`, `scores` and `mix`, memory imported as env.mem. */
export function linearModuleBytes(): Uint8Array<ArrayBuffer> {
  const I32 = 0x7f, F64 = 0x7c, V128 = 0x7b;
  const fnType = (params: number[]) => [0x60, params.length, ...params, 0];
  const type = section(1, [2, ...fnType(new Array<number>(7).fill(I32)), ...fnType([I32, I32, I32, I32, I32, F64, I32])]);
  const imports = section(2, [1, ...ascii('env'), ...ascii('mem'), 0x02, 0x00, 1]);
  const funcs = section(3, [3, 0, 0, 1]);
  const exports = section(7, [3, ...ascii('linear'), 0x00, 0, ...ascii('scores'), 0x00, 1, ...ascii('mix'), 0x00, 2]);
  const body = (locals: [number, number][], code: number[]) => {
    const fn = [locals.length, ...locals.flatMap(([n, t]) => [...uleb(n), t]), ...code];
    return [...uleb(fn.length), ...fn];
  };
  const code = section(10, [3,
    ...body([[7, I32], [11, V128], [3, F64], [1, I32]], linearBody()),
    ...body([[3, I32], [1, V128]], scoresBody()),
    ...body([[3, I32], [5, V128]], mixBody())]);
  return new Uint8Array([0x00, 0x61, 0x73, 0x6d, 1, 0, 0, 0, ...type, ...imports, ...funcs, ...exports, ...code]);
}
