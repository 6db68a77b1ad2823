/** The course model in Node: read from public/model (the command-line grader, its measuring thread and the tests). */
import { readFileSync } from 'node:fs';
import { loadModel, type Model } from '../core/model/index.ts';

const MODEL_DIR = new URL('../../public/model/', import.meta.url);

/** Read the committed model and its held-out text from disk. */
export function readCourseModel(): { model: Model; heldout: string } {
  const manifest: unknown = JSON.parse(readFileSync(new URL('manifest.json', MODEL_DIR), 'utf8'));
  const model = loadModel(manifest, readFileSync(new URL('weights.bin', MODEL_DIR)));
  return { model, heldout: readFileSync(new URL('heldout.txt', MODEL_DIR), 'utf8') };
}
