/**
 * The course model for the site: fetch public/model/{manifest.json, weights.bin, heldout.txt}
 * under the site's base URL and parse them with the core (src/core/model). Fetched once per page.
 */
// Not the model barrel: a page that only loads the model (the lab's) should not load the forward pass with it.
import { parseManifest } from '../core/model/manifest.ts';
import { loadModel, tensorValues, type Model } from '../core/model/weights.ts';

/** The loaded model, its held-out text, and the weights by matrix name. */
export interface CourseModel {
  model: Model;
  /** The held-out slice the lab evaluates on (never seen in training). */
  heldout: string;
  /** Names of the linear matrices the lab quantizes, in forward order. */
  matrixNames: string[];
  /** Every weight of a named tensor (e.g. "blk.0.ffn_up.weight" or "token_embd.weight"), as stored. */
  weights(name: string): Float32Array;
  /** Every parameter of the model, all tensors concatenated in file order. */
  allWeights(): Float32Array;
}

/**
 * The site's base URL, which Vite writes into the bundle in place of import.meta.env.BASE_URL. A page
 * bundled some other way (esbuild without a `define` for it) has no import.meta.env: say so plainly
 * instead of failing with "Cannot read properties of undefined".
 */
export function siteBase(): string {
  let base: unknown;
  try {
    base = import.meta.env.BASE_URL;
  } catch {
    base = undefined;
  }
  if (typeof base !== 'string' || base === '') {
    throw new Error('could not load the course model: the site\'s base URL is unknown (import.meta.env.BASE_URL is set only when Vite builds the page; another bundler must define it)');
  }
  return base;
}

/** Where the model files live: `<base>model/<file>`. */
export function modelUrl(file: string, base: string = siteBase()): string {
  return `${base.endsWith('/') ? base : `${base}/`}model/${file}`;
}

async function fetchOk(file: string): Promise<Response> {
  const url = modelUrl(file);
  const res = await fetch(url);
  if (!res.ok) throw new Error(`could not load the course model: ${url} answered ${res.status} ${res.statusText}`);
  return res;
}

let cached: Promise<CourseModel> | null = null;

/** Fetch and parse the course model (once; later calls share the first download). */
export function fetchModel(): Promise<CourseModel> {
  cached ??= (async () => {
    const [manifestJson, bytes, heldout] = await Promise.all([
      fetchOk('manifest.json').then((r) => r.json() as Promise<unknown>),
      fetchOk('weights.bin').then((r) => r.arrayBuffer()),
      fetchOk('heldout.txt').then((r) => r.text()),
    ]);
    return courseModel(loadModel(parseManifest(manifestJson), bytes), heldout);
  })();
  cached.catch(() => (cached = null)); // a failed download may be retried
  return cached;
}

/** Wrap a loaded model with the accessors the widgets use. */
export function courseModel(model: Model, heldout: string): CourseModel {
  return {
    model,
    heldout,
    matrixNames: model.manifest.linear.slice(),
    weights: (name) => tensorValues(model, name),
    allWeights() {
      const all = new Float32Array(model.manifest.tensors.reduce((n, t) => n + t.length, 0));
      let at = 0;
      for (const t of model.manifest.tensors) {
        all.set(model.tensors[t.name]!, at);
        at += t.length;
      }
      return all;
    },
  };
}
