/**
 * A GGUF reader (versions 2 and 3, little-endian; v2 and v3 share one layout) that asks its source
 * only for the bytes it needs: header, metadata and tensor infos, never the tensor data. Every count
 * read from the file is checked against the bytes left before anything is allocated, so a corrupt
 * or hostile file gets a GgufError saying what is wrong, never a crash, a hang or a huge allocation.
 * The checks follow llama.cpp's gguf.cpp (gguf_init_from_reader).
 */
import { Cursor, GGUF_MAX_ELEMENTS } from './cursor.ts';
import { GgufError } from './errors.ts';
import type { ByteSource } from './source.ts';
import { ggmlTypeById, GGML_TYPE_TABLE, type GgmlTypeInfo } from './types.ts';
import { GGUF_FIXED_SIZE, GGUF_VALUE_TYPES, type GgufArray, type GgufValue, type GgufValueType } from './values.ts';

/** "GGUF" read as a little-endian u32. */
export const GGUF_MAGIC = 0x46554747;
/** The alignment of the data section and of each tensor when general.alignment is absent. */
export const GGUF_DEFAULT_ALIGNMENT = 32;
/** Dimensions a ggml tensor can have (GGML_MAX_DIMS). */
export const GGML_MAX_DIMS = 4;
// Arrays of arrays nest; past this depth a file is taken as hostile rather than recursed into.
const MAX_DEPTH = 32;
const INT64_MAX = (1n << 63n) - 1n;

/** One tensor as its info describes it. */
export interface GgufTensorInfo {
  name: string;
  /** ne, ggml order: shape[0] is the row length (the fastest-moving dimension). */
  shape: number[];
  /** The ggml type. */
  type: GgmlTypeInfo;
  /** Number of values. */
  elements: number;
  /** Bytes of its data (whole blocks). */
  bytes: number;
  /** Offset of its data from the start of the data section, as stored. */
  relativeOffset: number;
  /** Absolute byte offset of its data in the file. */
  offset: number;
}

/** What a GGUF file's header says. */
export interface GgufFile {
  version: number;
  /** general.alignment, or 32. */
  alignment: number;
  /** Metadata in file order. */
  metadata: Map<string, GgufValue>;
  tensors: GgufTensorInfo[];
  /** Absolute offset of the data section. */
  dataOffset: number;
  /** Size of the whole file. */
  fileSize: number;
}

/** Parse a GGUF file's header, metadata and tensor infos from a source, reading only those bytes. */
export async function readGguf(source: ByteSource): Promise<GgufFile> {
  const c = new Cursor(source);
  if (source.size < 4) throw new GgufError(`not a GGUF file: it has ${source.size} bytes, fewer than the 4 of the magic "GGUF"`);
  await c.need(4, 'the magic');
  const magic = c.u32();
  if (magic !== GGUF_MAGIC) throw new GgufError(`not a GGUF file: it starts with ${describeMagic(magic)}, not "GGUF"`);
  await c.need(4, 'the version');
  const version = c.u32();
  if ((version & 0xffff) === 0 && version !== 0) throw new GgufError(`GGUF version reads as ${version}: a big-endian file, which this reader does not read`);
  if (version !== 2 && version !== 3) {
    throw new GgufError(`unsupported GGUF version ${version}: this reader reads versions 2 and 3 (${version === 1 ? 'version 1, with 32-bit counts, was retired in 2023' : 'the current version is 3'})`);
  }
  await c.need(16, 'the tensor and metadata counts');
  const nTensors = c.u64();
  const nKv = c.u64();
  // The smallest key-value pair is 13 bytes (empty key 8, type 4, a u8 1); the smallest tensor info 24.
  if (nKv * 13n > BigInt(c.remaining)) throw new GgufError(`the header claims ${nKv} metadata entries, but only ${c.remaining} bytes are left to hold them (the file is truncated or corrupt)`);
  if (nTensors * 24n > BigInt(c.remaining)) throw new GgufError(`the header claims ${nTensors} tensors, but only ${c.remaining} bytes are left to hold them (the file is truncated or corrupt)`);

  const metadata = new Map<string, GgufValue>();
  for (let i = 0; i < Number(nKv); i++) {
    const key = await c.string(`the key of metadata entry ${i}`);
    if (key === '') throw new GgufError(`metadata entry ${i} has an empty key`);
    if (metadata.has(key)) throw new GgufError(`duplicate metadata key "${key}" (entry ${i})`);
    await c.need(4, `the value type of "${key}"`);
    metadata.set(key, await readValue(c, valueType(c.u32(), `"${key}"`), `"${key}"`, 0));
  }

  const alignment = alignmentOf(metadata);
  const tensors: GgufTensorInfo[] = [];
  const names = new Set<string>();
  for (let i = 0; i < Number(nTensors); i++) {
    const name = await c.string(`the name of tensor ${i}`);
    if (names.has(name)) throw new GgufError(`duplicate tensor name "${name}" (tensor ${i})`);
    names.add(name);
    tensors.push(await readTensorInfo(c, name, alignment));
  }

  const dataOffset = Math.ceil(c.pos / alignment) * alignment;
  for (const t of tensors) {
    t.offset = dataOffset + t.relativeOffset;
    if (t.offset + t.bytes > source.size) {
      throw new GgufError(`tensor "${t.name}" runs past the end of the file: its ${t.bytes} bytes start at offset ${t.offset}, and the file has ${source.size}`);
    }
  }
  return { version, alignment, metadata, tensors, dataOffset, fileSize: source.size };
}

function describeMagic(m: number): string {
  const bytes = [m & 0xff, (m >>> 8) & 0xff, (m >>> 16) & 0xff, m >>> 24];
  const text = bytes.map((b) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '?')).join('');
  return `the bytes ${bytes.map((b) => b.toString(16).padStart(2, '0')).join(' ')} ("${text}")`;
}

function valueType(id: number, what: string): GgufValueType {
  const t = GGUF_VALUE_TYPES[id];
  if (t === undefined) throw new GgufError(`${what} has value type ${id}, which GGUF does not define (0 to ${GGUF_VALUE_TYPES.length - 1})`);
  return t;
}

async function readValue(c: Cursor, type: GgufValueType, what: string, depth: number): Promise<GgufValue> {
  if (type === 'string') return { type, value: await c.string(`the string ${what}`) };
  if (type === 'array') return readArray(c, what, depth);
  const size = GGUF_FIXED_SIZE[type]!;
  if (!c.has(size)) await c.need(size, `the ${type} value of ${what}`);
  return scalar(c, type);
}

function scalar(c: Cursor, type: GgufValueType): GgufValue {
  switch (type) {
    case 'u8': return { type, value: c.u8() };
    case 'i8': return { type, value: c.i8() };
    case 'u16': return { type, value: c.u16() };
    case 'i16': return { type, value: c.i16() };
    case 'u32': return { type, value: c.u32() };
    case 'i32': return { type, value: c.i32() };
    case 'f32': return { type, value: c.f32() };
    case 'f64': return { type, value: c.f64() };
    case 'u64': return { type, value: c.u64() };
    case 'i64': return { type, value: c.i64() };
    case 'bool': return { type, value: c.u8() !== 0 };
    default: throw new Error(`scalar: ${type} is not a fixed-size type`);
  }
}

/** A reader of bare elements of a fixed-size type (no per-element object). */
function elementReader(c: Cursor, type: GgufValueType): () => number | bigint | boolean {
  switch (type) {
    case 'u8': return () => c.u8();
    case 'i8': return () => c.i8();
    case 'u16': return () => c.u16();
    case 'i16': return () => c.i16();
    case 'u32': return () => c.u32();
    case 'i32': return () => c.i32();
    case 'f32': return () => c.f32();
    case 'f64': return () => c.f64();
    case 'u64': return () => c.u64();
    case 'i64': return () => c.i64();
    case 'bool': return () => c.u8() !== 0;
    default: throw new Error(`elementReader: ${type} is not a fixed-size type`);
  }
}

async function readArray(c: Cursor, what: string, depth: number): Promise<GgufArray> {
  if (depth >= MAX_DEPTH) throw new GgufError(`${what} nests arrays more than ${MAX_DEPTH} deep`);
  await c.need(12, `the element type and count of the array ${what}`);
  const itemType = valueType(c.u32(), `an element of the array ${what}`);
  const count = c.u64();
  // Fixed-size elements take their size; a string at least its 8-byte length, an array its 12-byte head.
  const least = GGUF_FIXED_SIZE[itemType] ?? (itemType === 'string' ? 8 : 12);
  if (count * BigInt(least) > BigInt(c.remaining)) {
    throw new GgufError(`the array ${what} claims ${count} ${itemType} elements (at least ${count * BigInt(least)} bytes), but only ${c.remaining} bytes are left in the file (the file is truncated or corrupt)`);
  }
  if (count > BigInt(GGUF_MAX_ELEMENTS)) throw new GgufError(`the array ${what} claims ${count} elements, more than the ${GGUF_MAX_ELEMENTS} llama.cpp accepts`);
  const n = Number(count);
  const value: (number | bigint | boolean | string | GgufArray)[] = new Array(n);
  const size = GGUF_FIXED_SIZE[itemType];
  if (size !== undefined) {
    const next = elementReader(c, itemType);
    for (let i = 0; i < n; i++) {
      if (!c.has(size)) await c.need(size, `element ${i} of the array ${what}`);
      value[i] = next();
    }
  } else if (itemType === 'string') {
    // The synchronous path first: a vocabulary of 100,000s of strings costs no await per string.
    for (let i = 0; i < n; i++) value[i] = c.bufferedString() ?? await c.string(`element ${i} of the array ${what}`);
  } else {
    for (let i = 0; i < n; i++) value[i] = await readArray(c, `${what}[${i}]`, depth + 1);
  }
  return { type: 'array', itemType, value: value as GgufArray['value'] };
}

/** general.alignment: a u32 power of two when present (gguf.cpp refuses anything else), 32 when absent. */
function alignmentOf(metadata: Map<string, GgufValue>): number {
  const v = metadata.get('general.alignment');
  if (v === undefined) return GGUF_DEFAULT_ALIGNMENT;
  if (v.type !== 'u32') throw new GgufError(`general.alignment must be a u32, but is a ${v.type}`);
  const a = v.value as number;
  if (a === 0 || (a & (a - 1)) !== 0) throw new GgufError(`general.alignment is ${a}, not a power of two`);
  return a;
}

async function readTensorInfo(c: Cursor, name: string, alignment: number): Promise<GgufTensorInfo> {
  await c.need(4, `the dimension count of tensor "${name}"`);
  const nDims = c.u32();
  if (nDims > GGML_MAX_DIMS) throw new GgufError(`tensor "${name}" has ${nDims} dimensions; ggml allows at most ${GGML_MAX_DIMS}`);
  await c.need(8 * nDims + 12, `the shape, type and offset of tensor "${name}"`);
  const ne: bigint[] = [];
  for (let d = 0; d < nDims; d++) ne.push(c.u64());
  const typeId = c.u32();
  const rel = c.u64();
  // ggml stores ne as int64: a dimension ≥ 2^63 reads as negative there, and the product must fit int64.
  let elements = 1n;
  for (const n of ne) {
    if (n > INT64_MAX) throw new GgufError(`tensor "${name}" has a dimension of ${n}, more than ggml's int64 can hold`);
    elements *= n;
  }
  if (elements > INT64_MAX) throw new GgufError(`tensor "${name}" has shape [${ne.join(', ')}], whose ${elements} values overflow ggml's int64 count`);
  if (elements > BigInt(Number.MAX_SAFE_INTEGER)) throw new GgufError(`tensor "${name}" has shape [${ne.join(', ')}]: ${elements} values, more than this reader can count exactly`);
  const type = ggmlTypeById(typeId);
  if (!type) {
    throw new GgufError(`tensor "${name}" has ggml type id ${typeId}, which the course does not know (known ids: ${GGML_TYPE_TABLE.map((t) => t.id).join(', ')})`);
  }
  const ne0 = ne[0] ?? 1n;
  if (ne0 % BigInt(type.blockSize) !== 0n) {
    throw new GgufError(`tensor "${name}" is ${type.name} with rows of ${ne0} values, not a multiple of its block of ${type.blockSize}`);
  }
  if (rel % BigInt(alignment) !== 0n) throw new GgufError(`tensor "${name}" has data offset ${rel}, not a multiple of the alignment ${alignment}`);
  const bytes = (elements / BigInt(type.blockSize)) * BigInt(type.blockBytes);
  if (rel + bytes > BigInt(Number.MAX_SAFE_INTEGER)) throw new GgufError(`tensor "${name}" has data offset ${rel}, past any file this reader can address`);
  return { name, shape: ne.map(Number), type, elements: Number(elements), bytes: Number(bytes), relativeOffset: Number(rel), offset: 0 };
}
