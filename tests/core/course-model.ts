/** Test helper: the course model from public/model/ and its float baseline over the held-out text, read once per test file. */
import { readFileSync } from 'node:fs';
import { createBaseline, loadModel, type Baseline, type Model } from '../../src/core/model/index.ts';

const dir = new URL('../../public/model/', import.meta.url);

/** Load the committed course model and compute its baseline (a second or so: call it from beforeAll). */
export function loadCourseModel(): { model: Model; base: Baseline } {
  const model = loadModel(JSON.parse(readFileSync(new URL('manifest.json', dir), 'utf8')), readFileSync(new URL('weights.bin', dir)));
  return { model, base: createBaseline(model, readFileSync(new URL('heldout.txt', dir), 'utf8')) };
}
