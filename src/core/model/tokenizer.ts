/** Characters to token ids and back, with the manifest's vocabulary and ASCII mapping. */
import type { ModelManifest } from './manifest.ts';

/** Token ids of `text`: curly quotes and dashes are mapped first; any other unknown character is an error. */
export function encode(manifest: ModelManifest, text: string): Int32Array {
  const index = new Map(manifest.vocabulary.map((c, i) => [c, i]));
  const ids = new Int32Array(text.length);
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const raw = text[i]!;
    const ch = manifest.charMap[raw] ?? raw;
    const id = index.get(ch);
    if (id === undefined) {
      throw new RangeError(`character ${JSON.stringify(raw)} (U+${raw.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}) at position ${i} is not in the model's vocabulary of ${manifest.vocabulary.length} characters`);
    }
    ids[n++] = id;
  }
  return ids;
}

/** The text of token ids. */
export function decode(manifest: ModelManifest, ids: ArrayLike<number>): string {
  let s = '';
  for (let i = 0; i < ids.length; i++) {
    const c = manifest.vocabulary[ids[i]!];
    if (c === undefined) throw new RangeError(`token id ${ids[i]} at position ${i} is outside the vocabulary (0..${manifest.vocabulary.length - 1})`);
    s += c;
  }
  return s;
}
