/**
 * Measure the TypeScript training step on the lab model's real shape and batch (32 × 64 tokens,
 * forward + backward + AdamW), on one thread and data-parallel on 2 worker threads, in float32 and
 * float64, and project train.py's 7,700 steps. Each variant runs in its own fresh Node process, so
 * one variant's JIT state (e.g. functions made polymorphic by the other float type) cannot slow another.
 *
 *   node scripts/train-model/ts-step/measure.ts [--steps 10] [--warmup 3]
 *   npm run bench -- train
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { median, printTable } from '../../../bench/table.ts';
import { encode, loadModel } from '../../../src/core/model/index.ts';
import { ADAMW } from './adamw.ts';
import { LAB_CONFIG, layoutOf } from './config.ts';
import { paramsFromModel, randomBatch } from './data.ts';
import { createParallelTrainer, type Dtype } from './parallel.ts';
import { createTrainer, trainStep } from './step.ts';

/** train.py's batch, and numpy's measured time for its 7,700 steps (its docstring and manifest). */
const BATCH = 32, SEQ = LAB_CONFIG.context, NUMPY_SECONDS = 492.7;

/** One variant's timings, per step. */
interface Timings {
  wallMs: number[];
  cpuMs: number[];
  firstLoss: number;
}

const modelDir = new URL('../../../public/model/', import.meta.url);

/** Run warm-up + timed steps of one variant in this process: `threads` 1 is the plain single-thread step. */
async function runVariant(threads: number, dtype: Dtype, steps: number, warmup: number): Promise<Timings> {
  const model = loadModel(JSON.parse(readFileSync(new URL('manifest.json', modelDir), 'utf8')), readFileSync(new URL('weights.bin', modelDir)));
  const ids = encode(model.manifest, readFileSync(new URL('heldout.txt', modelDir), 'utf8'));
  const layout = layoutOf(LAB_CONFIG);
  const Float = dtype === 'f64' ? Float64Array : Float32Array;
  const initial = paramsFromModel(model, layout, (n) => new Float(n));
  let run: (i: number) => Promise<number>, close = async () => {};
  if (threads === 1) {
    const tr = createTrainer(LAB_CONFIG, layout, initial, BATCH, SEQ, (n) => new Float(n));
    run = async (i) => {
      const b = randomBatch(ids, BATCH, SEQ, i);
      return trainStep(tr, b.inputs, b.targets, i);
    };
  } else {
    const par = await createParallelTrainer(LAB_CONFIG, initial, BATCH, SEQ, dtype, threads);
    run = (i) => {
      const b = randomBatch(ids, BATCH, SEQ, i);
      return par.step(b.inputs, b.targets, i);
    };
    close = par.close;
  }
  const out: Timings = { wallMs: [], cpuMs: [], firstLoss: NaN };
  for (let i = 0; i < warmup + steps; i++) {
    const c = process.cpuUsage(), t = performance.now();
    const loss = await run(i);
    const wall = performance.now() - t, cpu = process.cpuUsage(c);
    if (i === 0) out.firstLoss = loss;
    if (i >= warmup) {
      out.wallMs.push(wall);
      out.cpuMs.push((cpu.user + cpu.system) / 1000);
    }
  }
  await close();
  return out;
}

const VARIANTS: { threads: number; dtype: Dtype }[] = [
  { threads: 1, dtype: 'f32' },
  { threads: 1, dtype: 'f64' },
  { threads: 2, dtype: 'f32' },
  { threads: 2, dtype: 'f64' },
];

/** Measure every variant, each in a child process, and print the table with the projection for 7,700 steps. */
export function measureTraining(options: { steps?: number; warmup?: number } = {}): void {
  const steps = options.steps ?? 10, warmup = options.warmup ?? 3;
  const load = () => loadavg().map((x) => x.toFixed(2)).join(' ');
  const loadBefore = load();
  const rows = VARIANTS.map(({ threads, dtype }) => {
    const json = execFileSync(process.execPath, [fileURLToPath(import.meta.url), '--variant', `${threads}:${dtype}`, '--steps', String(steps), '--warmup', String(warmup)], { encoding: 'utf8' });
    const t = JSON.parse(json.trim().split('\n').pop()!) as Timings;
    const ms = median(t.wallMs), cpu = median(t.cpuMs), hours = (ms * ADAMW.steps) / 3.6e6;
    return [
      threads === 1 ? '1 thread' : `${threads} worker threads`, dtype === 'f32' ? 'Float32Array' : 'Float64Array',
      ms.toFixed(0), `${Math.min(...t.wallMs).toFixed(0)}-${Math.max(...t.wallMs).toFixed(0)}`, cpu.toFixed(0),
      hours.toFixed(2), `${((ms * ADAMW.steps) / 1000 / NUMPY_SECONDS).toFixed(1)}x`, t.firstLoss.toFixed(4),
    ];
  });
  printTable(
    `TypeScript training step, batch ${BATCH} x ${SEQ} (median of ${steps} steps after ${warmup} warm-up; load average ${loadBefore} before, ${load()} after)`,
    ['variant', 'arrays', 'ms/step', 'range', 'CPU ms/step', `h for ${ADAMW.steps} steps`, `vs numpy ${NUMPY_SECONDS} s`, 'first loss'],
    rows,
  );
  console.log(`\nnumpy (train.py, one core): 62 ms/step, ${NUMPY_SECONDS} s for ${ADAMW.steps} steps. CPU ms counts every thread of the process.`);
}

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(name);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const steps = Number(arg('--steps', '10')), warmup = Number(arg('--warmup', '3'));
  const variant = arg('--variant', '');
  if (variant) {
    const [threads, dtype] = variant.split(':');
    console.log(JSON.stringify(await runVariant(Number(threads), dtype as Dtype, steps, warmup)));
  } else {
    measureTraining({ steps, warmup });
  }
}
