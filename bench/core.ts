/** Quantize throughput of the reference core on 16M float32 values, beside a plain copy. */
import { createRng } from '../src/core/rng.ts';
import { quantizeGgml, quantizeSymmetric } from '../src/core/index.ts';
import { median, printTable } from './table.ts';

const N = 16 * 1024 * 1024;

function time(fn: () => unknown, repeats: number): number {
  fn(); // warm-up: let the JIT compile the path before it is timed
  const ms: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const t = performance.now();
    fn();
    ms.push(performance.now() - t);
  }
  return median(ms);
}

/** Print MB/s (of float32 input) per path and its share of the copy's throughput. */
export async function benchCore(): Promise<void> {
  const rng = createRng('bench');
  const values = new Float32Array(N);
  for (let i = 0; i < N; i++) values[i] = rng.normal(0, 0.05);
  const asArray = Array.from(values);
  const mb = (N * 4) / 1e6;
  const dst = new Float32Array(N);
  const copyMs = time(() => dst.set(values), 5);
  const rows: [string, number][] = [
    ['typed-array copy (ceiling)', copyMs],
    ['symmetric 8-bit, one scale', time(() => quantizeSymmetric(asArray, 8), 3)],
    ['Q8_0', time(() => quantizeGgml('q8_0', values), 5)],
    ['Q4_0', time(() => quantizeGgml('q4_0', values), 5)],
    ['Q4_1', time(() => quantizeGgml('q4_1', values), 5)],
  ];
  printTable(`core: quantize ${N.toLocaleString()} float32 values (${mb.toFixed(0)} MB), median`, ['path', 'ms', 'MB/s', 'share of copy'], rows.map(([name, ms]) => [
    name, ms.toFixed(1), (mb / (ms / 1000)).toFixed(0), `${((copyMs / ms) * 100).toFixed(1)}%`,
  ]));
  console.log('\ntarget: Q4_0 ≥ 10% of the copy\'s throughput');
}
