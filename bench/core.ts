/** Quantize throughput of the core on 16M float32 values, beside a plain copy; each WebAssembly kernel beside its reference. */
import { createRng } from '../src/core/rng.ts';
import { GGML_CODECS, quantizeGgml, quantizeSymmetric, type GgmlType } from '../src/core/index.ts';
import { median, printTable } from './table.ts';

const N = 16 * 1024 * 1024;
const ROUNDS = 7;

/**
 * Median time of each path, wall clock and CPU. One warm-up call each (the JIT compiles the path before
 * it is timed), then the paths take turns, round after round, so a change in the machine's load (it is
 * often shared) falls on all of them alike instead of on whichever happened to run then. The CPU time
 * (this process's, GC threads included) is shown too: on a busy machine a long run is preempted more
 * often than an 11 ms copy, which the wall clock bills to the long run.
 */
function timeTogether(paths: Record<string, () => unknown>, rounds: number): Record<string, { ms: number; cpuMs: number }> {
  for (const fn of Object.values(paths)) fn();
  const ms: Record<string, number[]> = {}, cpu: Record<string, number[]> = {};
  for (let r = 0; r < rounds; r++) {
    for (const [name, fn] of Object.entries(paths)) {
      const c = process.cpuUsage();
      const t = performance.now();
      fn();
      (ms[name] ??= []).push(performance.now() - t);
      const d = process.cpuUsage(c);
      (cpu[name] ??= []).push((d.user + d.system) / 1000);
    }
  }
  return Object.fromEntries(Object.keys(ms).map((name) => [name, { ms: median(ms[name]!), cpuMs: median(cpu[name]!) }]));
}

/** The reference alone: quantizeBlock on every block (what quantizeGgml does where a format has no kernel). */
function reference(type: GgmlType, x: Float32Array): Uint8Array {
  const c = GGML_CODECS[type];
  const out = new Uint8Array((x.length / c.blockSize) * c.blockBytes);
  for (let b = 0; b < x.length / c.blockSize; b++) c.quantizeBlock(x, b * c.blockSize, out, b * c.blockBytes);
  return out;
}

/** Print MB/s (of float32 input) per path and its share of the copy's throughput. */
export async function benchCore(): Promise<void> {
  const rng = createRng('bench');
  const values = new Float32Array(N);
  for (let i = 0; i < N; i++) values[i] = rng.normal(0, 0.05);
  const mb = (N * 4) / 1e6;
  const dst = new Float32Array(N);
  // The copy and the block formats read the same Float32Array.
  const typed = timeTogether({
    'typed-array copy (ceiling)': () => dst.set(values),
    Q8_0: () => quantizeGgml('q8_0', values),
    Q4_0: () => quantizeGgml('q4_0', values),
    Q4_1: () => quantizeGgml('q4_1', values),
    'Q8_0 reference (block by block)': () => reference('q8_0', values),
    'Q4_0 reference (block by block)': () => reference('q4_0', values),
    'Q4_1 reference (block by block)': () => reference('q4_1', values),
  }, ROUNDS);
  // Last, on its own: it works on a 16M-element JS array and leaves a lot of garbage behind.
  const asArray = Array.from(values);
  const symmetric = timeTogether({ 'symmetric 8-bit, one scale': () => quantizeSymmetric(asArray, 8) }, 3);
  const copy = typed['typed-array copy (ceiling)']!;
  const rows = Object.entries({ ...typed, ...symmetric });
  printTable(`core: quantize ${N.toLocaleString()} float32 values (${mb.toFixed(0)} MB), median of ${ROUNDS} interleaved runs`, ['path', 'ms', 'MB/s', 'share of copy', 'CPU ms', 'share (CPU)'], rows.map(([name, t]) => [
    name, t.ms.toFixed(1), (mb / (t.ms / 1000)).toFixed(0), `${((copy.ms / t.ms) * 100).toFixed(1)}%`, t.cpuMs.toFixed(1), `${((copy.cpuMs / t.cpuMs) * 100).toFixed(1)}%`,
  ]));
  console.log('\ntarget: Q4_0 ≥ 10% of the copy\'s throughput (wall clock)');
}
