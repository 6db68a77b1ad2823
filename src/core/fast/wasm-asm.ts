/**
 * A few WebAssembly encoding helpers for the row and forward-pass kernels: LEB128 numbers, sections, the
 * opcodes the kernels use (core and fixed-width SIMD), and a module with one exported memory.
 * Instructions are arrays of bytes; a function body is their concatenation.
 */

/** Unsigned LEB128. */
export function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n) b |= 0x80;
    out.push(b);
  } while (n);
  return out;
}

/** Signed LEB128 (for i32.const). */
function sleb(n: number): number[] {
  const out: number[] = [];
  for (;;) {
    const b = n & 0x7f;
    n >>= 7;
    if ((n === 0 && !(b & 0x40)) || (n === -1 && b & 0x40)) return [...out, b];
    out.push(b | 0x80);
  }
}

/** A name as WebAssembly writes it: its length, then its bytes (ASCII). */
export const ascii = (s: string): number[] => [...uleb(s.length), ...[...s].map((c) => c.charCodeAt(0))];
/** A module section: its id, its length, its bytes. */
export const section = (id: number, body: number[]): number[] => [id, ...uleb(body.length), ...body];

export const I32 = 0x7f, F32 = 0x7d, V128 = 0x7b;

// Core instructions.
export const get = (i: number): number[] => [0x20, ...uleb(i)];
export const set = (i: number): number[] => [0x21, ...uleb(i)];
export const i32c = (n: number): number[] => [0x41, ...sleb(n | 0)];
export const f32c = (v: number): number[] => [0x43, ...new Uint8Array(Float32Array.of(v).buffer)];
/** Memory access immediates: alignment 0 (any address), then the offset. */
const mem = (op: number, offset: number): number[] => [op, 0, ...uleb(offset)];
export const f32Load = (offset = 0): number[] => mem(0x2a, offset);
export const store8 = (offset = 0): number[] => mem(0x3a, offset);
export const store16 = (offset = 0): number[] => mem(0x3b, offset);
export const BLOCK = [0x02, 0x40], LOOP = [0x03, 0x40], END = [0x0b];
export const br = (depth: number): number[] => [0x0c, depth];
export const brIf = (depth: number): number[] => [0x0d, depth];
export const SELECT = [0x1b];
export const I32_GT_U = [0x4b], I32_GE_U = [0x4f];
export const F32_EQ = [0x5b], F32_NE = [0x5c];
export const I32_CTZ = [0x68], I32_ADD = [0x6a], I32_AND = [0x71], I32_OR = [0x72];
export const I32_SHL = [0x74], I32_SHR_U = [0x76];
export const F32_ABS = [0x8b], F32_ADD = [0x92], F32_SUB = [0x93], F32_MUL = [0x94], F32_DIV = [0x95];
export const I32_FROM_F32 = [0xbc], F32_FROM_I32 = [0xbe]; // reinterpretations of the bits

// SIMD instructions (prefix 0xfd, then the opcode as LEB128).
// Marked free of side effects: the opcode constants below are calls, and a page that uses none must not keep them.
const simd = /* @__NO_SIDE_EFFECTS__ */ (op: number, ...imm: number[]): number[] => [0xfd, ...uleb(op), ...imm];
export const vLoad = (offset = 0): number[] => simd(0x00, ...mem(0, offset).slice(1));
export const vStore = (offset = 0): number[] => simd(0x0b, ...mem(0, offset).slice(1));
/** v128.const of four i32 lanes. */
export const vI32 = (a: number, b = a, c = a, d = a): number[] => simd(0x0c, ...new Uint8Array(Int32Array.of(a, b, c, d).buffer));
/** v128.const of four f32 lanes. */
export const vF32 = (v: number): number[] => simd(0x0c, ...new Uint8Array(Float32Array.of(v, v, v, v).buffer));
/** i8x16.shuffle of the two operands by byte indices. */
export const shuffle = (lanes: number[]): number[] => simd(0x0d, ...lanes);
export const I32X4_SPLAT = simd(0x11), F32X4_SPLAT = simd(0x13);
export const i32x4Lane = (lane: number): number[] => simd(0x1b, lane);
export const f32x4Lane = (lane: number): number[] => simd(0x1f, lane);
export const I32X4_EQ = simd(0x37), F32X4_GE = simd(0x46);
export const V_AND = simd(0x4e), V_OR = simd(0x50);
export const I8X16_NARROW_S = simd(0x65), I8X16_NARROW_U = simd(0x66), I16X8_NARROW_S = simd(0x85), I16X8_NARROW_U = simd(0x86);
export const F32X4_TRUNC = simd(0x69);
export const I32X4_BITMASK = simd(0xa4), I32X4_SHL = simd(0xab), I32X4_SHR_S = simd(0xac), I32X4_ADD = simd(0xae), I32X4_MIN_S = simd(0xb6), I32X4_MAX_S = simd(0xb8);
export const F32X4_ABS = simd(0xe0), F32X4_ADD = simd(0xe4), F32X4_SUB = simd(0xe5), F32X4_MUL = simd(0xe6);
/** pmin(a, b) = b < a ? b : a and pmax(a, b) = a < b ? b : a: C's comparisons, one instruction each on x86. */
export const F32X4_PMIN = simd(0xea), F32X4_PMAX = simd(0xeb);
export const I32X4_TRUNC_SAT_F32X4_S = simd(0xf8);

/** One exported function: its parameter and result types, extra locals as [count, type] runs, and its code. */
export interface WasmFunction {
  name: string;
  params: number[];
  results: number[];
  locals: [number, number][];
  code: number[];
}

/** A module with a memory of `pages` 64 KiB pages exported as "mem" and each function exported by name. */
export function moduleBytes(pages: number, fns: WasmFunction[]): Uint8Array<ArrayBuffer> {
  const types = section(1, [...uleb(fns.length), ...fns.flatMap((f) => [0x60, ...uleb(f.params.length), ...f.params, ...uleb(f.results.length), ...f.results])]);
  const funcs = section(3, [...uleb(fns.length), ...fns.flatMap((_, i) => uleb(i))]);
  const memory = section(5, [1, 0x00, ...uleb(pages)]);
  const exports = section(7, [...uleb(fns.length + 1), ...ascii('mem'), 0x02, 0, ...fns.flatMap((f, i) => [...ascii(f.name), 0x00, ...uleb(i)])]);
  const bodies = fns.map((f) => {
    const body = [...uleb(f.locals.length), ...f.locals.flatMap(([n, t]) => [...uleb(n), t]), ...f.code, ...END];
    return [...uleb(body.length), ...body];
  });
  const code = section(10, [...uleb(fns.length), ...bodies.flat()]);
  return new Uint8Array([0x00, 0x61, 0x73, 0x6d, 1, 0, 0, 0, ...types, ...funcs, ...memory, ...exports, ...code]);
}
