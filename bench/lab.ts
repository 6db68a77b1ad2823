/** The lab in Node: per scheme, the time to quantize the model and evaluate it on the shipped held-out slice. */
import { readFileSync } from 'node:fs';
import { createBaseline, labSchemes, loadModel, quantizeModel, textLogits, compareWithBaseline } from '../src/core/model/index.ts';
import { median, printTable } from './table.ts';

const dir = new URL('../public/model/', import.meta.url);

function timed<T>(fn: () => T): [T, number] {
  const t = performance.now();
  const out = fn();
  return [out, performance.now() - t];
}

/** Print, per scheme, quantize + forward + KL times (median of 3) beside the numbers the lab shows. */
export async function benchLab(): Promise<void> {
  const model = loadModel(JSON.parse(readFileSync(new URL('manifest.json', dir), 'utf8')), readFileSync(new URL('weights.bin', dir)));
  const text = readFileSync(new URL('heldout.txt', dir), 'utf8');
  createBaseline(model, text.slice(0, 2000)); // warm-up: let the JIT compile the forward pass
  const [base, baseMs] = timed(() => createBaseline(model, text));
  const rows: (string | number)[][] = [
    ['float32 (baseline, once)', '32', base.perplexity.toFixed(3), '', '', '', '', baseMs.toFixed(0), '', baseMs.toFixed(0)],
  ];
  for (const s of labSchemes()) {
    const runs: [number, number, number][] = [];
    let result = null;
    for (let i = 0; i < 3; i++) {
      const [q, qMs] = timed(() => quantizeModel(model, { scheme: s.scheme }));
      const [logits, fMs] = timed(() => textLogits(q.model, base.tokens));
      const [r, kMs] = timed(() => compareWithBaseline(base, logits, q));
      runs.push([qMs, fMs, kMs]);
      result = r;
    }
    const q = median(runs.map((r) => r[0])), f = median(runs.map((r) => r[1])), k = median(runs.map((r) => r[2]));
    rows.push([
      s.id, result!.bitsPerWeight.toFixed(3).replace(/\.?0+$/, ''), result!.perplexity.toFixed(3),
      `${result!.perplexityChange >= 0 ? '+' : ''}${(result!.perplexityChange * 100).toFixed(1)}%`, result!.meanKl.toFixed(4),
      `${(result!.top1 * 100).toFixed(1)}%`, q.toFixed(0), f.toFixed(0), k.toFixed(0), (q + f + k).toFixed(0),
    ]);
  }
  printTable(
    `lab: ${base.targets.length.toLocaleString('en-US')} held-out predictions, one thread, median of 3 (ms)`,
    ['scheme', 'bits/w', 'ppl', 'Δppl', 'mean KL', 'top-1', 'quantize', 'forward', 'KL', 'total'],
    rows,
  );
  console.log('\ntarget: one scheme\'s total ≤ 500 ms in the page (spread over workers); the float pass runs once');
}
