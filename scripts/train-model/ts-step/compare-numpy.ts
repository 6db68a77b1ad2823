/**
 * Check the TypeScript step against train.py itself on the real shape: the loss and every tensor's
 * gradient on the committed weights and the first 32 held-out windows (numpy-grads.py computes
 * numpy's). Needs python3 with numpy, so it is a script, not a unit test.
 *
 *   node scripts/train-model/ts-step/compare-numpy.ts
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadModel } from '../../../src/core/model/index.ts';
import { LAB_CONFIG, layoutOf, type Arr } from './config.ts';
import { heldoutBatch, paramsFromModel } from './data.ts';
import { backward, createWorkspace, forward } from './model.ts';

const dir = new URL('../../../public/model/', import.meta.url);
const model = loadModel(JSON.parse(readFileSync(new URL('manifest.json', dir), 'utf8')), readFileSync(new URL('weights.bin', dir)));
const all = heldoutBatch(model, readFileSync(new URL('heldout.txt', dir), 'utf8'));
const B = 32, T = LAB_CONFIG.context;
const inputs = all.inputs.slice(0, B * T), targets = all.targets.slice(0, B * T);

const tmp = mkdtempSync(join(tmpdir(), 'ts-step-'));
const out = join(tmp, 'grads.bin');
const env = { ...process.env, OMP_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1' };
const numpyLoss = Number(execFileSync('python3', [fileURLToPath(new URL('numpy-grads.py', import.meta.url)), out], { encoding: 'utf8', env }).trim());
const bytes = readFileSync(out);
rmSync(tmp, { recursive: true });
const numpy = new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);

const layout = layoutOf(LAB_CONFIG);
let ok = true;
for (const [name, make] of [['Float32Array', (n: number): Arr => new Float32Array(n)], ['Float64Array', (n: number): Arr => new Float64Array(n)]] as const) {
  const params = paramsFromModel(model, layout, make), grads = make(layout.size);
  const ws = createWorkspace(LAB_CONFIG, layout, B, T, make);
  const loss = forward(params, inputs, targets, ws);
  backward(params, inputs, ws, grads);
  // Per tensor: ‖g_ts − g_numpy‖ / ‖g_numpy‖; numpy sums in float32, so ~1e-6 is agreement.
  let worst = 0, worstName = '';
  for (const s of layout.slots) {
    let diff = 0, ref = 0;
    for (let i = s.offset; i < s.offset + s.length; i++) {
      diff += (grads[i] - numpy[i]) ** 2;
      ref += numpy[i] ** 2;
    }
    const rel = Math.sqrt(diff / ref);
    if (!(rel <= worst)) [worst, worstName] = [rel, s.name];
  }
  const pass = Math.abs(loss - numpyLoss) < 1e-5 && worst < 1e-4;
  ok &&= pass;
  console.log(`${name}: loss ${loss.toFixed(7)} (numpy ${numpyLoss.toFixed(7)}), worst tensor gradient relative difference ${worst.toExponential(2)} (${worstName}) ${pass ? 'ok' : 'MISMATCH'}`);
}
process.exit(ok ? 0 : 1);
