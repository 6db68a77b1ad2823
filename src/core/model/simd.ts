/**
 * A WebAssembly SIMD kernel for the forward pass's matrix products, assembled here byte by byte
 * (about 800 bytes, no build step, no dependency). It computes exactly what the plain loops in
 * forward.ts compute: each output is Σ_i W[o, i]·x[t, i] summed in order i = 0, 1, …, one multiply
 * and one add per term in float64 (f64x2 lanes hold two *outputs*, never two terms of one sum), so
 * the logits are bit-for-bit those of the JavaScript loops, about four times faster.
 *
 *   linear(x, pairs, inDim, wt, outDim, out, accumulate)
 *     for rows t < 2·pairs, outputs o < outDim (outDim a multiple of 8):
 *       s = Σ_i x[t·inDim + i] · wt[i·outDim + o]
 *       out[t·outDim + o] = accumulate ? out[t·outDim + o] + s : s
 *   with x, wt, out byte addresses of float64 arrays in the imported memory env.mem, and wt the
 *   matrix transposed to [in, out], so the two lanes of each load are neighbouring outputs.
 */

const uleb = (n: number): number[] => {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n) b |= 0x80;
    out.push(b);
  } while (n);
  return out;
};
const sleb = (n: number): number[] => {
  const out: number[] = [];
  for (;;) {
    const b = n & 0x7f;
    n >>= 7;
    if ((n === 0 && !(b & 0x40)) || (n === -1 && b & 0x40)) return [...out, b];
    out.push(b | 0x80);
  }
};
const ascii = (s: string): number[] => [...uleb(s.length), ...[...s].map((c) => c.charCodeAt(0))];
const section = (id: number, body: number[]): number[] => [id, ...uleb(body.length), ...body];

// Opcodes (WebAssembly core 2.0 and the fixed-width SIMD proposal, which every current engine ships).
const get = (i: number) => [0x20, ...uleb(i)];
const set = (i: number) => [0x21, ...uleb(i)];
const i32 = (n: number) => [0x41, ...sleb(n)];
const ADD = [0x6a], MUL = [0x6c], SHL = [0x74], LT_U = [0x49], EQZ = [0x45];
const BLOCK = [0x02, 0x40], LOOP = [0x03, 0x40], IF = [0x04, 0x40], ELSE = [0x05], END = [0x0b];
const brIf = (depth: number) => [0x0d, depth];
const br = (depth: number) => [0x0c, depth];
const simd = (op: number, ...imm: number[]) => [0xfd, ...uleb(op), ...imm];
const V_LOAD = (offset: number) => simd(0x00, 3, ...uleb(offset)); // v128.load, 8-byte aligned
const V_STORE = (offset: number) => simd(0x0b, 3, ...uleb(offset));
const LOAD64_SPLAT = simd(0x0a, 3, 0); // one float64 into both lanes
const F64X2_ADD = simd(0xf0), F64X2_MUL = simd(0xf2);
const V_ZERO = simd(0x0c, ...new Array<number>(16).fill(0));

// Parameters 0..6 (i32): x, pairs, inDim, wt, outDim, out, accumulate.
// Locals: 7 t, 8 o, 9 i, 10 row-0 x address, 11 weight address, 12 output address, 13 row-1 x address (i32);
// 14..21 accumulators (row r, lanes 2k..2k+1 at 14 + 4r + k), 22 row-0 input, 23 row-1 input, 24 weights (v128).
function linearBody(): number[] {
  const acc = (r: number, k: number) => 14 + 4 * r + k;
  const c: number[] = [];
  const emit = (...parts: number[][]) => {
    for (const p of parts) c.push(...p);
  };
  const bytes = (local: number) => [...get(local), ...i32(3), ...SHL]; // local × 8
  emit(i32(0), set(7), BLOCK, LOOP); // for t in pairs
  emit(get(7), get(1), LT_U, EQZ, brIf(1));
  emit(get(0), get(7), get(2), MUL, i32(4), SHL, ADD, set(10)); // x + 2·t·inDim·8
  emit(get(10), bytes(2), ADD, set(13));
  emit(i32(0), set(8), BLOCK, LOOP); // for o in steps of 8
  emit(get(8), get(4), LT_U, EQZ, brIf(1));
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
  emit(get(7), i32(1), ADD, set(7), br(0), END, END);
  emit(END);
  return c;
}

/** The module's bytes: one function `linear`, memory imported as env.mem. */
export function linearModuleBytes(): Uint8Array<ArrayBuffer> {
  const type = section(1, [1, 0x60, 7, ...new Array<number>(7).fill(0x7f), 0]);
  const imports = section(2, [1, ...ascii('env'), ...ascii('mem'), 0x02, 0x00, 1]);
  const funcs = section(3, [1, 0]);
  const exports = section(7, [1, ...ascii('linear'), 0x00, 0]);
  const fn = [2, ...uleb(7), 0x7f, ...uleb(11), 0x7b, ...linearBody()];
  const code = section(10, [1, ...uleb(fn.length), ...fn]);
  return new Uint8Array([0x00, 0x61, 0x73, 0x6d, 1, 0, 0, 0, ...type, ...imports, ...funcs, ...exports, ...code]);
}

/** The exported kernel: addresses and counts as described at the top of this file. */
export type LinearKernel = (x: number, pairs: number, inDim: number, wt: number, outDim: number, out: number, accumulate: number) => void;

let compiled: WebAssembly.Module | null | undefined;

/** The compiled module, or null where WebAssembly SIMD is unavailable (the loops in forward.ts then run). */
function simdModule(): WebAssembly.Module | null {
  if (compiled !== undefined) return compiled;
  try {
    const bytes = linearModuleBytes();
    compiled = typeof WebAssembly === 'object' && WebAssembly.validate(bytes) ? new WebAssembly.Module(bytes) : null;
  } catch {
    compiled = null;
  }
  return compiled;
}

/** A memory of `bytes` (rounded up to 64 KiB pages) and the kernel bound to it, or null without SIMD. */
export function createKernel(bytes: number): { memory: WebAssembly.Memory; linear: LinearKernel } | null {
  const mod = simdModule();
  if (!mod) return null;
  const memory = new WebAssembly.Memory({ initial: Math.ceil(bytes / 65536) });
  const instance = new WebAssembly.Instance(mod, { env: { mem: memory } });
  return { memory, linear: instance.exports.linear as LinearKernel };
}
