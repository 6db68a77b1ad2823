/**
 * The model's manifest (public/model/manifest.json): checked field by field, so a wrong or
 * truncated file fails with a message naming the field instead of a crash deep in the forward pass.
 * The model is Llama-style (the architecture llama.cpp calls "llama"); tensors carry GGUF's names.
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
  /** Hidden width of the SwiGLU feed-forward (rows of ffn_gate and ffn_up). */
  ffnWidth: number;
  normEps: number;
  /** Rotary position base: pair i of a head turns by position · ropeBase^(−2i/headDim). */
  ropeBase: number;
  vocabSize: number;
}

/** GGUF's token types (tokenizer.ggml.token_type) that the vocabulary uses. */
export const TOKEN_TYPES = { normal: 1, unknown: 2, control: 3, byte: 6 } as const;

/** One token of the vocabulary: its text in the course, its piece in the GGUF, its GGUF token type. */
export interface Token {
  text: string;
  gguf: string;
  type: number;
}

/** A row of logits the training script recorded, for checking the forward pass against it. */
export interface ReferenceLogits {
  /** Position in the first window of the shipped held-out slice. */
  position: number;
  logits: number[];
}

/** What the forward pass, the tokenizer and the tests read from the manifest. */
export interface ModelManifest {
  config: ModelConfig;
  /** Every token's text, by id (characters for the normal tokens; `<unk>`, `<0x41>`... for the others). */
  vocabulary: string[];
  tokens: Token[];
  /** Characters replaced before lookup (curly quotes and dashes to ASCII). */
  charMap: Record<string, string>;
  tensors: TensorEntry[];
  /** The linear matrices the lab quantizes, in forward order. */
  linear: string[];
  weightsBytes: number;
  /** Perplexity per character the training script measured on the shipped held-out slice. */
  heldoutPerplexity: number;
  /** Logits the training script computed for the slice's first window (empty if not recorded). */
  referenceLogits: ReferenceLogits[];
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

/** The linear matrices of one layer, GGUF's names without the `blk.N.` prefix and `.weight` suffix. */
export const LAYER_MATRICES = ['attn_q', 'attn_k', 'attn_v', 'attn_output', 'ffn_gate', 'ffn_up', 'ffn_down'] as const;

/** Every tensor the forward pass needs, with its shape ([out, in] for matrices), for a given config. */
export function expectedTensors(c: ModelConfig): { name: string; shape: number[] }[] {
  const C = c.width, F = c.ffnWidth;
  const out = [{ name: 'token_embd.weight', shape: [c.vocabSize, C] }];
  for (let l = 0; l < c.layers; l++) {
    const p = `blk.${l}.`;
    out.push(
      { name: p + 'attn_norm.weight', shape: [C] },
      { name: p + 'attn_q.weight', shape: [C, C] },
      { name: p + 'attn_k.weight', shape: [C, C] },
      { name: p + 'attn_v.weight', shape: [C, C] },
      { name: p + 'attn_output.weight', shape: [C, C] },
      { name: p + 'ffn_norm.weight', shape: [C] },
      { name: p + 'ffn_gate.weight', shape: [F, C] },
      { name: p + 'ffn_up.weight', shape: [F, C] },
      { name: p + 'ffn_down.weight', shape: [C, F] },
    );
  }
  out.push({ name: 'output_norm.weight', shape: [C] }, { name: 'output.weight', shape: [c.vocabSize, C] });
  return out;
}

/** Check the token list: texts distinct, known types, and every normal token one character. */
function parseTokens(v: unknown): Token[] {
  if (!Array.isArray(v) || v.length === 0) fail('tokens', 'a non-empty array', v);
  const known = new Set<number>(Object.values(TOKEN_TYPES));
  const tokens = v.map((t, i): Token => {
    const e = obj(t, `tokens[${i}]`);
    if (typeof e.text !== 'string' || e.text === '') fail(`tokens[${i}].text`, 'a non-empty string', e.text);
    if (typeof e.gguf !== 'string' || e.gguf === '') fail(`tokens[${i}].gguf`, 'a non-empty string', e.gguf);
    if (typeof e.type !== 'number' || !known.has(e.type)) fail(`tokens[${i}].type`, `one of ${[...known].join(', ')}`, e.type);
    if (e.type === TOKEN_TYPES.normal && e.text.length !== 1) fail(`tokens[${i}].text`, 'one character (a normal token)', e.text);
    return { text: e.text, gguf: e.gguf, type: e.type };
  });
  const texts = tokens.map((t) => t.text);
  if (new Set(texts).size !== texts.length) fail('tokens', 'distinct texts', texts.filter((t, i) => texts.indexOf(t) !== i));
  return tokens;
}

/** Check a parsed manifest.json and return the fields the model code uses. */
export function parseManifest(json: unknown): ModelManifest {
  const m = obj(json, 'manifest');
  const a = obj(m.architecture, 'architecture');
  const tokens = parseTokens(m.tokens);
  const rope = obj(a.rope, 'architecture.rope');
  const config: ModelConfig = {
    layers: posInt(a.layers, 'architecture.layers'),
    heads: posInt(a.heads, 'architecture.heads'),
    width: posInt(a.width, 'architecture.width'),
    context: posInt(a.context, 'architecture.context'),
    ffnWidth: posInt(a.ffnWidth, 'architecture.ffnWidth'),
    normEps: num(a.normEps, 'architecture.normEps'),
    ropeBase: num(rope.base, 'architecture.rope.base'),
    vocabSize: tokens.length,
  };
  if (config.width % config.heads) fail('architecture.heads', `a divisor of width ${config.width}`, config.heads);
  if ((config.width / config.heads) % 2) fail('architecture.heads', `a count leaving an even head size (rotary positions turn pairs), width ${config.width}`, config.heads);
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
  const evaluation = obj(m.evaluation, 'evaluation');
  const ev = obj(evaluation.heldoutSlice, 'evaluation.heldoutSlice');
  const referenceLogits = evaluation.referenceLogits === undefined ? [] : parseReferences(evaluation.referenceLogits, config);
  return {
    config,
    vocabulary: tokens.map((t) => t.text),
    tokens,
    charMap,
    tensors,
    linear,
    weightsBytes: posInt(w.bytes, 'weights.bytes'),
    heldoutPerplexity: num(ev.perplexity, 'evaluation.heldoutSlice.perplexity'),
    referenceLogits,
    raw: m,
  };
}

/** The recorded reference rows: positions inside a window, each a full row of logits. */
function parseReferences(v: unknown, c: ModelConfig): ReferenceLogits[] {
  const rows = obj(v, 'evaluation.referenceLogits').rows;
  if (!Array.isArray(rows)) fail('evaluation.referenceLogits.rows', 'an array', rows);
  return rows.map((r, i) => {
    const e = obj(r, `evaluation.referenceLogits.rows[${i}]`);
    const at = `evaluation.referenceLogits.rows[${i}]`;
    if (typeof e.position !== 'number' || !Number.isInteger(e.position) || e.position < 0 || e.position >= c.context) fail(`${at}.position`, `an integer 0..${c.context - 1}`, e.position);
    if (!Array.isArray(e.logits) || e.logits.length !== c.vocabSize || e.logits.some((x) => typeof x !== 'number' || !Number.isFinite(x))) fail(`${at}.logits`, `${c.vocabSize} finite numbers`, Array.isArray(e.logits) ? `${e.logits.length} entries` : e.logits);
    return { position: e.position, logits: e.logits as number[] };
  });
}
