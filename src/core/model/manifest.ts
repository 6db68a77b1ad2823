/**
 * The model's manifest (public/model/manifest.json): checked field by field, so a wrong or
 * truncated file fails with a message naming the field instead of a crash deep in the forward pass.
 */

/** One stored tensor: its place in the weights file (byte offset) and its shape. */
export interface TensorEntry {
  name: string;
  shape: number[];
  /** Byte offset in the weights file. */
  offset: number;
  /** Number of float32 values. */
  length: number;
}

/** The shape of the network. */
export interface ModelConfig {
  layers: number;
  heads: number;
  width: number;
  context: number;
  mlpWidth: number;
  normEps: number;
  vocabSize: number;
}

/** What the forward pass, the tokenizer and the tests read from the manifest. */
export interface ModelManifest {
  config: ModelConfig;
  vocabulary: string[];
  /** Characters replaced before lookup (curly quotes and dashes to ASCII). */
  charMap: Record<string, string>;
  tensors: TensorEntry[];
  /** The linear matrices the lab quantizes, in forward order. */
  linear: string[];
  weightsBytes: number;
  /** Perplexity per character the training script measured on the shipped held-out slice. */
  heldoutPerplexity: number;
  /** The whole manifest as read, for display (corpus, training details). */
  raw: Record<string, unknown>;
}

function fail(path: string, want: string, got: unknown): never {
  throw new TypeError(`model manifest: ${path} should be ${want}, got ${JSON.stringify(got)}`);
}

function obj(v: unknown, path: string): Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) fail(path, 'an object', v);
  return v as Record<string, unknown>;
}

function posInt(v: unknown, path: string): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) fail(path, 'a positive integer', v);
  return v;
}

function num(v: unknown, path: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0) fail(path, 'a positive number', v);
  return v;
}

function strings(v: unknown, path: string): string[] {
  if (!Array.isArray(v) || v.some((s) => typeof s !== 'string')) fail(path, 'an array of strings', v);
  return v as string[];
}

/** Every tensor the forward pass needs, with its shape, for a given config. */
function expectedTensors(c: ModelConfig): { name: string; shape: number[] }[] {
  const out = [
    { name: 'tok_emb', shape: [c.vocabSize, c.width] },
    { name: 'pos_emb', shape: [c.context, c.width] },
  ];
  for (let l = 0; l < c.layers; l++) {
    out.push(
      { name: `layers.${l}.norm1`, shape: [c.width] },
      { name: `layers.${l}.attn.qkv`, shape: [3 * c.width, c.width] },
      { name: `layers.${l}.attn.proj`, shape: [c.width, c.width] },
      { name: `layers.${l}.norm2`, shape: [c.width] },
      { name: `layers.${l}.mlp.fc1`, shape: [c.mlpWidth, c.width] },
      { name: `layers.${l}.mlp.fc2`, shape: [c.width, c.mlpWidth] },
    );
  }
  out.push({ name: 'norm_f', shape: [c.width] }, { name: 'head', shape: [c.vocabSize, c.width] });
  return out;
}

/** Check a parsed manifest.json and return the fields the model code uses. */
export function parseManifest(json: unknown): ModelManifest {
  const m = obj(json, 'manifest');
  const a = obj(m.architecture, 'architecture');
  const vocabulary = strings(m.vocabulary, 'vocabulary');
  vocabulary.forEach((ch, i) => ch.length !== 1 && fail(`vocabulary[${i}]`, 'one character', ch));
  if (new Set(vocabulary).size !== vocabulary.length) fail('vocabulary', 'distinct characters', vocabulary);
  const config: ModelConfig = {
    layers: posInt(a.layers, 'architecture.layers'),
    heads: posInt(a.heads, 'architecture.heads'),
    width: posInt(a.width, 'architecture.width'),
    context: posInt(a.context, 'architecture.context'),
    mlpWidth: posInt(a.mlpWidth, 'architecture.mlpWidth'),
    normEps: num(a.normEps, 'architecture.normEps'),
    vocabSize: vocabulary.length,
  };
  if (config.width % config.heads) fail('architecture.heads', `a divisor of width ${config.width}`, config.heads);
  const charMap = obj(m.charMap ?? {}, 'charMap') as Record<string, string>;
  for (const [k, v] of Object.entries(charMap)) if (typeof v !== 'string') fail(`charMap[${JSON.stringify(k)}]`, 'a string', v);
  const w = obj(m.weights, 'weights');
  if (w.dtype !== 'float32') fail('weights.dtype', '"float32"', w.dtype);
  if (w.byteOrder !== 'little-endian') fail('weights.byteOrder', '"little-endian"', w.byteOrder);
  if (!Array.isArray(m.tensors)) fail('tensors', 'an array', m.tensors);
  const tensors = (m.tensors as unknown[]).map((t, i): TensorEntry => {
    const e = obj(t, `tensors[${i}]`);
    if (typeof e.name !== 'string') fail(`tensors[${i}].name`, 'a string', e.name);
    if (!Array.isArray(e.shape)) fail(`tensors[${i}].shape`, 'an array', e.shape);
    const shape = (e.shape as unknown[]).map((d, j) => posInt(d, `tensors[${i}].shape[${j}]`));
    const offset = e.offset === 0 ? 0 : posInt(e.offset, `tensors[${i}].offset`);
    if (offset % 4) fail(`tensors[${i}].offset`, 'a multiple of 4', offset);
    const length = posInt(e.length, `tensors[${i}].length`);
    if (shape.reduce((x, y) => x * y, 1) !== length) fail(`tensors[${i}].length`, `the product of shape ${JSON.stringify(shape)}`, length);
    return { name: e.name, shape, offset, length };
  });
  const byName = new Map(tensors.map((t) => [t.name, t]));
  for (const want of expectedTensors(config)) {
    const t = byName.get(want.name);
    if (!t) fail('tensors', `to include "${want.name}"`, tensors.map((x) => x.name));
    if (t.shape.join() !== want.shape.join()) fail(`tensor ${want.name}.shape`, JSON.stringify(want.shape), t.shape);
  }
  const linear = strings(m.linear, 'linear');
  for (const name of linear) if (!byName.get(name) || byName.get(name)!.shape.length !== 2) fail('linear', 'names of 2-D tensors', name);
  const ev = obj(obj(m.evaluation, 'evaluation').heldoutSlice, 'evaluation.heldoutSlice');
  return {
    config,
    vocabulary,
    charMap,
    tensors,
    linear,
    weightsBytes: posInt(w.bytes, 'weights.bytes'),
    heldoutPerplexity: num(ev.perplexity, 'evaluation.heldoutSlice.perplexity'),
    raw: m,
  };
}
