/**
 * Runs the WebAssembly row kernels: one small instance (3 pages), compiled synchronously on first use;
 * a row goes through it in chunks (copied in, quantized, bytes copied out), and the blocks the kernel
 * flags are redone by the JavaScript reference. Without WebAssembly SIMD the reference does every block.
 */
import { moduleBytes } from './wasm-asm.ts';
import { f16Function } from './f16-kernel.ts';
import { q4_0Function } from './q4_0-kernel.ts';
import { q4_1Function } from './q4_1-kernel.ts';
import { q8_0Function } from './q8_0-kernel.ts';

/** Blocks per chunk: 1024 × 128 input bytes, then the output (at most 34 bytes a block) and one flag byte per block, fit 3 pages. */
const CHUNK = 1024;
const OUT = CHUNK * 128;
const PAGES = 3;

type Kernel = (src: number, dst: number, flags: number, n: number) => number;
interface Instance {
  q4_0: Kernel;
  q8_0: Kernel;
  q4_1: Kernel;
  f16: (x: number) => number;
  f32: Float32Array;
  u8: Uint8Array;
}

/** The module's bytes (exported for tests and for a size check). */
export const rowModuleBytes = (): Uint8Array<ArrayBuffer> => moduleBytes(PAGES, [q4_0Function(), q8_0Function(), q4_1Function(), f16Function()]);

let instance: Instance | null | undefined;
let enabled = true;

/** The instance, or null where WebAssembly or its SIMD is missing (or the kernels are switched off). */
export function wasmRows(): Instance | null {
  if (!enabled) return null;
  if (instance !== undefined) return instance;
  instance = null;
  try {
    const bytes = rowModuleBytes();
    if (typeof WebAssembly === 'object' && WebAssembly.validate(bytes)) {
      const e = new WebAssembly.Instance(new WebAssembly.Module(bytes)).exports;
      const buffer = (e.mem as WebAssembly.Memory).buffer;
      instance = { q4_0: e.q4_0 as Kernel, q8_0: e.q8_0 as Kernel, q4_1: e.q4_1 as Kernel, f16: e.f16 as Instance['f16'], f32: new Float32Array(buffer), u8: new Uint8Array(buffer) };
    }
  } catch {
    instance = null;
  }
  return instance;
}

/** Switch the WebAssembly kernels off (or back on): tests use it to run the reference alone. */
export function setWasmRows(on: boolean): void {
  enabled = on;
}

/**
 * Quantize a row with a kernel of the instance: blockSize 32 float32 in, blockBytes out per block;
 * `redo` (the reference) rewrites each flagged block. False when there is no instance.
 */
export function quantizeRowWasm(
  pick: (i: Instance) => Kernel, blockBytes: number, x: Float32Array, out: Uint8Array,
  redo: (x: Float32Array, src: number, out: Uint8Array, dst: number) => void,
): boolean {
  const w = wasmRows();
  if (!w) return false;
  const kernel = pick(w), flags = OUT + CHUNK * blockBytes;
  const blocks = x.length / 32;
  for (let b0 = 0; b0 < blocks; b0 += CHUNK) {
    const n = Math.min(CHUNK, blocks - b0);
    w.f32.set(x.subarray(b0 * 32, (b0 + n) * 32));
    const flagged = kernel(0, OUT, flags, n);
    out.set(w.u8.subarray(OUT, OUT + n * blockBytes), b0 * blockBytes);
    if (flagged) for (let i = 0; i < n; i++) if (w.u8[flags + i]) redo(x, (b0 + i) * 32, out, (b0 + i) * blockBytes);
  }
  return true;
}

/** The kernel of each format that has one. */
const KERNELS: Record<string, ((i: Instance) => Kernel) | undefined> = {
  q8_0: (w) => w.q8_0,
  q4_0: (w) => w.q4_0,
  q4_1: (w) => w.q4_1,
};

/**
 * Quantize a row of a ggml type by its WebAssembly kernel, byte for byte what `codec.quantizeBlock`
 * writes block by block; false (nothing written) when the type has no kernel or there is no instance.
 */
export function quantizeRowFast(
  codec: { name: string; blockBytes: number; quantizeBlock: (x: Float32Array, src: number, out: Uint8Array, dst: number) => void },
  x: Float32Array, out: Uint8Array,
): boolean {
  const pick = KERNELS[codec.name];
  return pick !== undefined && quantizeRowWasm(pick, codec.blockBytes, x, out, codec.quantizeBlock);
}
