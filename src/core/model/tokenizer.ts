/** Characters to token ids and back, with the manifest's vocabulary and ASCII mapping. */
import { TOKEN_TYPES, type ModelManifest } from './manifest.ts';

// One index per manifest: encode runs per text, and the vocabulary never changes.
const indexes = new WeakMap<ModelManifest, Map<string, number>>();

/** Character → id over the normal tokens only (the byte and control tokens never stand for a character of text). */
function charIndex(manifest: ModelManifest): Map<string, number> {
  let index = indexes.get(manifest);
  if (!index) {
    index = new Map();
    manifest.tokens.forEach((t, i) => t.type === TOKEN_TYPES.normal && index!.set(t.text, i));
    indexes.set(manifest, index);
  }
  return index;
}

/** Token ids of `text`: curly quotes and dashes are mapped first; any other unknown character is an error. */
export function encode(manifest: ModelManifest, text: string): Int32Array {
  const index = charIndex(manifest);
  const ids = new Int32Array(text.length);
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const raw = text[i]!;
    const ch = manifest.charMap[raw] ?? raw;
    const id = index.get(ch);
    if (id === undefined) {
      throw new RangeError(`character ${JSON.stringify(raw)} (U+${raw.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}) at position ${i} is not in the model's vocabulary of ${index.size} characters`);
    }
    ids[n++] = id;
  }
  return ids;
}

/** The text of one token: its character; a byte token's ASCII byte (U+FFFD above 0x7F); nothing for a control token. */
export function tokenText(manifest: ModelManifest, id: number): string {
  const t = manifest.tokens[id];
  if (t === undefined) throw new RangeError(`token id ${id} is outside the vocabulary (0..${manifest.tokens.length - 1})`);
  if (t.type === TOKEN_TYPES.normal) return t.text;
  if (t.type === TOKEN_TYPES.byte) {
    const b = parseInt(t.gguf.slice(3, 5), 16);
    return b < 0x80 ? String.fromCharCode(b) : '\uFFFD';
  }
  return '';
}

/** The text of token ids. */
export function decode(manifest: ModelManifest, ids: ArrayLike<number>): string {
  let s = '';
  for (let i = 0; i < ids.length; i++) {
    if (manifest.tokens[ids[i]!] === undefined) throw new RangeError(`token id ${ids[i]} at position ${i} is outside the vocabulary (0..${manifest.tokens.length - 1})`);
    s += tokenText(manifest, ids[i]!);
  }
  return s;
}
