/**
 * The course model for grading (the exercise "lab-quantizer"): in Node it is read from public/model
 * the first time a grader needs it (synchronously, so `prepareCases` stays synchronous); in a browser
 * page it is fetched once by `preloadGradingModel`, which the exercise's spec awaits when it loads, so
 * only the page that opens that exercise downloads it, and where the page measures quantized models
 * in workers.
 */
import { loadModel, type Model, type QuantizedModel, type VariantResult } from '../core/model/index.ts';
import { fetchModel } from './load-model.ts';
import { threadMeasure } from './measure/in-thread.ts';

/** The model and the held-out text the lab scores. */
export interface GradingModel {
  model: Model;
  heldout: string;
  /** How a quantized version is measured off the caller's thread: evaluation workers in a page, a worker thread in Node (absent where neither exists: then in place). */
  measure?: (q: QuantizedModel) => Promise<VariantResult>;
}

// Variables, not literals: Vite rewrites `new URL('literal', import.meta.url)` into an asset URL.
const MODEL_DIR = '../../public/model/';
const THREAD_ENTRY = './measure/thread-entry.ts';

let loaded: GradingModel | null = null;
let failure: Error | null = null;

/** Fetch the model in a browser page (once); elsewhere do nothing, since Node reads it when first needed. */
export async function preloadGradingModel(): Promise<void> {
  if (typeof document === 'undefined' || loaded) return;
  try {
    const [{ model, heldout }, { workerMeasure }] = await Promise.all([fetchModel(), import('./measure/in-workers.ts')]);
    loaded = { model, heldout, measure: workerMeasure(model, heldout) };
    failure = null;
  } catch (e) {
    // Reported when a run needs the model, as that run's problem, rather than breaking the editor.
    failure = new Error(`${e instanceof Error ? e.message : String(e)} (reload the page to try again)`);
  }
}

/** The course model: from memory, from disk in Node, or an error saying why it is missing. */
export function gradingModel(): GradingModel {
  if (loaded) return loaded;
  if (failure) throw failure;
  const fs = nodeFs();
  if (!fs) throw new Error('the course model is not loaded yet: reload the page to fetch it again');
  const dir = new URL(MODEL_DIR, import.meta.url);
  const manifest: unknown = JSON.parse(fs.readFileSync(new URL('manifest.json', dir), 'utf8'));
  const model = loadModel(manifest, fs.readFileSync(new URL('weights.bin', dir)));
  loaded = { model, heldout: fs.readFileSync(new URL('heldout.txt', dir), 'utf8'), measure: threadMeasure(new URL(THREAD_ENTRY, import.meta.url), model.manifest.linear) ?? undefined };
  return loaded;
}

/** node:fs without an import statement (a static import would break the browser bundle); null outside Node. */
function nodeFs(): typeof import('node:fs') | null {
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  return (proc?.getBuiltinModule?.('node:fs') as typeof import('node:fs') | undefined) ?? null;
}
