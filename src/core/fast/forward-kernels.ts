/**
 * The forward pass's WebAssembly SIMD kernels (forward-simd.ts), instantiated: what
 * src/core/model/forward.ts calls when they exist. Without WebAssembly SIMD it runs its plain loops.
 */
import { linearModuleBytes } from './forward-simd.ts';

/** The exported kernels: addresses and counts as described at the top of forward-simd.ts. */
export type LinearKernel = (x: number, pairs: number, inDim: number, wt: number, outDim: number, out: number, accumulate: number) => void;
export type ScoresKernel = (q: number, kT: number, T: number, n: number, c0: number, D: number, out: number) => void;
export type MixKernel = (p: number, v: number, stride: number, n: number, D: number, scale: number, y: number) => void;
export interface Kernels {
  memory: WebAssembly.Memory;
  linear: LinearKernel;
  scores: ScoresKernel;
  mix: MixKernel;
}

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
export function createKernel(bytes: number): Kernels | null {
  const mod = simdModule();
  if (!mod) return null;
  const memory = new WebAssembly.Memory({ initial: Math.ceil(bytes / 65536) });
  const e = new WebAssembly.Instance(mod, { env: { mem: memory } }).exports;
  return { memory, linear: e.linear as LinearKernel, scores: e.scores as ScoresKernel, mix: e.mix as MixKernel };
}
