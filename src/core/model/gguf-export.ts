/**
 * The lab model as a GGUF file llama.cpp runs: architecture "llama" with its `llama.*` keys, the
 * character vocabulary as a SentencePiece-style ("llama") tokenizer, and its tensors in float32 or in a
 * lab scheme's ggml type. It lives in the core (pure, no DOM or Node) because the lab page's download and
 * the command line must write the same bytes.
 *
 * How the file relates to the lab's row: the tensors the lab quantizes (the manifest's `linear` list) get
 * the scheme's type, everything else (token embedding, norm gains) stays F32, as
 * `llama-quantize --pure --token-embedding-type f32 <f32.gguf> <out.gguf> <TYPE>` would write it. Where a
 * matrix's rows do not fit the type, llama-quantize's own fallback (src/llama-quant.cpp, "incompatible")
 * replaces it for that tensor: then the file is not the lab's row, and it says so, tensor by tensor.
 */
import { GGML_TYPES, ggmlBlockSize, quantizeGgml, type GgmlType } from '../ggml/index.ts';
import { writeGguf, type GgufTensorInput } from '../gguf/writer.ts';
import { ggmlTypeByName } from '../gguf/types.ts';
import type { GgufValue } from '../gguf/values.ts';
import type { Model } from './weights.ts';

/** What the exporter needs of a Llama-style model: its shape, vocabulary and float32 tensors ([out, in] row-major). */
export interface LlamaExportSource {
  config: { layers: number; heads: number; width: number; context: number; ffnWidth: number; normEps: number; ropeBase: number };
  /** GGUF token pieces and token types (1 normal, 2 unknown, 3 control, 6 byte), by id. */
  tokens: readonly { gguf: string; type: number }[];
  /** Every tensor by GGUF name, with its shape [out, in] (or [n] for a vector), in the order to write. */
  tensors: readonly { name: string; shape: readonly number[]; values: Float32Array }[];
  /** The tensors a lab scheme quantizes. */
  linear: readonly string[];
  /** general.name. */
  name: string;
}

/** One tensor of an exported file: the type it was written in, and why, when that is not the scheme's. */
export interface ExportedTensor {
  name: string;
  /** gguf-py's spelling: "F32", "Q4_0", "Q5_0", … */
  type: string;
  /** Shape in ggml order (ne0, the row length, first). */
  shape: number[];
  /** Why this tensor is not in the scheme's type (a fallback), or null. */
  fallback: string | null;
}

/** An exported GGUF: its bytes and which tensor got which type. */
export interface GgufExport {
  bytes: Uint8Array;
  scheme: string;
  tensors: ExportedTensor[];
}

/** The schemes that export: float32, and each ggml block format of the core (the lab's rows that are llama.cpp formats). */
export const EXPORT_SCHEMES: readonly string[] = ['f32', ...GGML_TYPES];

/** llama.cpp's llama_ftype for a file whose quantized tensors are of one type (general.file_type); none for a type it has no ftype for. */
const FILE_TYPE: Partial<Record<string, number>> = { f32: 0, q4_0: 2, q4_1: 3, q8_0: 7, q5_0: 8, q5_1: 9, q2_K: 10, q4_K: 14, iq4_nl: 25, mxfp4: 38 };

/**
 * llama-quantize's fallback for a type whose blocks do not fit a row (tensor_type_fallback in src/llama-quant.cpp
 * of the llama.cpp the judge pins, node-llama-cpp's v0.5.0): K-quants (256) go to a format with blocks of 32
 * (Q2_K to Q4_0; older releases chose IQ4_NL); F16 when even that does not fit.
 */
const FALLBACK: Partial<Record<GgmlType, GgmlType>> = { q2_K: 'q4_0', q4_K: 'q5_0' };

/** The type llama-quantize writes a matrix with rows of `rowLength` in, asked for `type`; and why, if it is another. */
export function tensorTypeFor(type: GgmlType, rowLength: number): { type: GgmlType | 'f16'; fallback: string | null } {
  if (rowLength % ggmlBlockSize(type) === 0) return { type, fallback: null };
  const why = `rows of ${rowLength} are not a multiple of ${type.toUpperCase()}'s ${ggmlBlockSize(type)}`;
  const next = FALLBACK[type];
  if (next && rowLength % ggmlBlockSize(next) === 0) return { type: next, fallback: `${why}: llama-quantize falls back to ${next.toUpperCase()}` };
  if (next) return { type: 'f16', fallback: `${why}, nor of ${next.toUpperCase()}'s ${ggmlBlockSize(next)}: llama-quantize falls back to F16` };
  throw new RangeError(`${why}, and llama-quantize has no fallback for ${type.toUpperCase()}`);
}

const u32 = (value: number): GgufValue => ({ type: 'u32', value });
const f32 = (value: number): GgufValue => ({ type: 'f32', value });
const str = (value: string): GgufValue => ({ type: 'string', value });
const bool = (value: boolean): GgufValue => ({ type: 'bool', value });

/** float32 values as little-endian bytes. */
function f32Bytes(values: Float32Array): Uint8Array {
  const out = new Uint8Array(values.length * 4);
  const v = new DataView(out.buffer);
  for (let i = 0; i < values.length; i++) v.setFloat32(4 * i, values[i]!, true);
  return out;
}

/** float32 values as float16 bytes (round to nearest even, as ggml's fp32→fp16). */
function f16Bytes(values: Float32Array, toHalf: (x: number) => number): Uint8Array {
  const out = new Uint8Array(values.length * 2);
  const v = new DataView(out.buffer);
  for (let i = 0; i < values.length; i++) v.setUint16(2 * i, toHalf(values[i]!), true);
  return out;
}

/**
 * Write the model as a GGUF in `scheme` ("f32" or a ggml type of the core, e.g. "q4_0"). `toHalf` converts a
 * float32 to float16 bits (the core's f32ToF16Bits), needed only when a fallback lands on F16.
 */
export function exportGguf(src: LlamaExportSource, scheme: string, toHalf: (x: number) => number): GgufExport {
  if (!EXPORT_SCHEMES.includes(scheme)) throw new RangeError(`scheme "${scheme}" has no ggml type to export; choose one of: ${EXPORT_SCHEMES.join(', ')}`);
  return writeLlamaGguf(src, scheme, (t, shape) => {
    const pick = tensorTypeFor(scheme as GgmlType, shape[0]!);
    if (pick.type === 'f16') return { type: 'F16', data: f16Bytes(t.values, toHalf), fallback: pick.fallback };
    return { type: ggmlTypeByName(pick.type)!.name, data: quantizeGgml(pick.type, t.values), fallback: pick.fallback };
  }, []);
}

/** A linear tensor as written: gguf-py's type name, its bytes, and why it is not the scheme's type (or null). */
export interface WrittenTensor {
  type: string;
  data: Uint8Array;
  fallback: string | null;
}

/**
 * The model as a llama GGUF whose linear tensors `linearTensor` writes (given the tensor and its ggml shape) and
 * every other tensor F32, with the llama and tokenizer keys, `quantcourse.scheme` and `extra` metadata.
 * `scheme` is "f32" or a ggml type (it sets general.file_type). exportGguf and the learner's export share it.
 */
export function writeLlamaGguf(
  src: LlamaExportSource,
  scheme: string,
  linearTensor: (t: LlamaExportSource['tensors'][number], shape: number[]) => WrittenTensor,
  extra: readonly [string, GgufValue][],
): GgufExport {
  const c = src.config;
  const headDim = c.width / c.heads;
  const linear = new Set(src.linear);
  for (const name of linear) if (!src.tensors.some((t) => t.name === name)) throw new RangeError(`linear tensor "${name}" is not among the model's tensors`);

  const written: ExportedTensor[] = [];
  const tensors: GgufTensorInput[] = src.tensors.map((t) => {
    const shape = [...t.shape].reverse(); // [out, in] row-major is ggml's ne = [in, out]
    const expected = t.shape.reduce((a, b) => a * b, 1);
    if (t.values.length !== expected) throw new RangeError(`tensor "${t.name}" has ${t.values.length} values for shape [${t.shape.join(', ')}]`);
    let type = 'F32', data = f32Bytes(t.values), fallback: string | null = null;
    if (scheme !== 'f32' && linear.has(t.name)) ({ type, data, fallback } = linearTensor(t, shape));
    written.push({ name: t.name, type, shape, fallback });
    return { name: t.name, type, shape, data };
  });

  const fallbacks = written.filter((t) => t.fallback).map((t) => `${t.name}: ${t.type} (${t.fallback})`);
  const metadata: [string, GgufValue][] = [
    ['general.architecture', str('llama')],
    ['general.name', str(src.name)],
    ...(FILE_TYPE[scheme] !== undefined ? [['general.file_type', u32(FILE_TYPE[scheme]!)] as [string, GgufValue]] : []),
    ['llama.context_length', u32(c.context)],
    ['llama.embedding_length', u32(c.width)],
    ['llama.block_count', u32(c.layers)],
    ['llama.feed_forward_length', u32(c.ffnWidth)],
    ['llama.attention.head_count', u32(c.heads)],
    ['llama.attention.head_count_kv', u32(c.heads)],
    ['llama.attention.layer_norm_rms_epsilon', f32(c.normEps)],
    ['llama.rope.dimension_count', u32(headDim)],
    ['llama.rope.freq_base', f32(c.ropeBase)],
    ['llama.vocab_size', u32(src.tokens.length)],
    ['tokenizer.ggml.model', str('llama')],
    ['tokenizer.ggml.tokens', { type: 'array', itemType: 'string', value: src.tokens.map((t) => t.gguf) }],
    ['tokenizer.ggml.scores', { type: 'array', itemType: 'f32', value: src.tokens.map(() => 0) }],
    ['tokenizer.ggml.token_type', { type: 'array', itemType: 'i32', value: src.tokens.map((t) => t.type) }],
    ['tokenizer.ggml.unknown_token_id', u32(tokenId(src, 2, '<unk>'))],
    ['tokenizer.ggml.bos_token_id', u32(tokenId(src, 3, '<s>'))],
    ['tokenizer.ggml.eos_token_id', u32(tokenId(src, 3, '</s>'))],
    ['tokenizer.ggml.add_bos_token', bool(false)],
    ['tokenizer.ggml.add_eos_token', bool(false)],
    ['tokenizer.ggml.add_space_prefix', bool(false)],
    // Which tensor got which type is in the tensor infos; the course adds the scheme and each fallback, in words.
    ['quantcourse.scheme', str(scheme)],
    ['quantcourse.fallbacks', { type: 'array', itemType: 'string', value: fallbacks }],
    ...extra,
  ];
  return { bytes: writeGguf({ metadata, tensors }), scheme, tensors: written };
}

/** The id of the token with this piece and type, or a clear error. */
function tokenId(src: LlamaExportSource, type: number, piece: string): number {
  const i = src.tokens.findIndex((t) => t.type === type && t.gguf === piece);
  if (i < 0) throw new RangeError(`the vocabulary has no ${piece} token (type ${type}); llama.cpp's llama tokenizer needs one`);
  return i;
}

/** The course model as the exporter's source: the manifest's shape, tokens and tensors, in the manifest's order. */
export function exportSourceOf(model: Model): LlamaExportSource {
  const m = model.manifest;
  return {
    config: m.config,
    tokens: m.tokens,
    tensors: m.tensors.map((t) => ({ name: t.name, shape: t.shape, values: model.tensors[t.name]! })),
    linear: m.linear,
    name: 'quantcourse lab model',
  };
}
