/**
 * The learner's own packer beside a GGUF block: the code they passed the exercise "pack-ggml" with
 * (lesson Real formats), kept in this browser's progress store, packs the block's decoded values in
 * the course's sandbox (src/runner/browser, loaded only when asked), and its bytes are set against
 * the file's. Only for Q8_0, Q4_0 and Q4_1, the formats that exercise packs.
 */
import { sandboxReportOf } from '../../grading/run-report.ts';
import { loadState } from '../../progress/store.ts';

/** The exercise whose saved code packs blocks. */
export const PACK_EXERCISE = 'pack-ggml';
const PACKERS: Record<string, string> = { Q8_0: 'packQ8_0', Q4_0: 'packQ4_0', Q4_1: 'packQ4_1' };
const TIMEOUT_MS = 5000;

/** The learner's passed code and the function that packs `typeName`, or null (no such function, or not passed yet). */
export function savedPacker(typeName: string): { code: string; fn: string } | null {
  const fn = PACKERS[typeName];
  const entry = loadState().exercises[PACK_EXERCISE];
  if (!fn || !entry?.code?.trim() || !entry.passedAt) return null;
  return { code: entry.code, fn };
}

/** Where two byte strings first differ, or -1 when they are equal (a length difference counts at the shorter end). */
export function firstDifference(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return i;
  return a.length === b.length ? -1 : n;
}

/** Run the learner's `fn` on `values` in the sandbox: their bytes, or why there are none, in words for the learner. */
export async function packWithLearner(code: string, fn: string, values: Float32Array): Promise<{ bytes: Uint8Array } | { message: string }> {
  const { BrowserRunner } = await import('../../runner/browser/index.ts');
  const runner = new BrowserRunner();
  const started = runner.start(code);
  const reported = started.run({ calls: [{ fn, args: [values] }], exports: [fn], limits: { timeoutMs: TIMEOUT_MS } });
  const compiled = await started.compiled;
  if (!compiled.ok) return { message: `your code could not run: ${compiled.message}` };
  const report = sandboxReportOf((await reported)!, TIMEOUT_MS);
  if (report.kind === 'failed') return { message: `your code could not run: ${report.message}` };
  const outcome = report.outcomes[0];
  if (!outcome) return { message: `${fn} returned nothing` };
  if (!outcome.ok) return { message: `${fn} threw ${outcome.error.name}: ${outcome.error.message}` };
  const v = outcome.value;
  if (v instanceof Uint8Array) return { bytes: v };
  if (Array.isArray(v) && v.every((x) => Number.isInteger(x) && x >= 0 && x < 256)) return { bytes: Uint8Array.from(v as number[]) };
  return { message: `${fn} returned ${Object.prototype.toString.call(v)}, not a Uint8Array` };
}
