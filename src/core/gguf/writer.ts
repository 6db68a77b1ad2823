/**
 * A GGUF v3 writer, laid out as ggml's gguf_write_to_buf lays it: header, metadata, tensor infos, zero
 * padding to the alignment, then each tensor's data padded to the alignment (the last one too). Offsets
 * are given in order, each the previous one's padded end, as gguf_add_tensor assigns them.
 */
import { GgufError } from './errors.ts';
import { GGML_MAX_DIMS, GGUF_DEFAULT_ALIGNMENT, GGUF_MAGIC } from './reader.ts';
import { ggmlTypeByName, GGML_TYPE_TABLE } from './types.ts';
import { GGUF_FIXED_SIZE, GGUF_VALUE_TYPES, type GgufArray, type GgufValue, type GgufValueType } from './values.ts';

/** One tensor to write: its ggml type name ("Q4_0", "F32", …), shape in ggml order (ne0 first) and raw bytes. */
export interface GgufTensorInput {
  name: string;
  type: string;
  shape: readonly number[];
  data: Uint8Array;
}

/** What writeGguf writes. */
export interface GgufInput {
  /** Metadata in the order to write it. */
  metadata: readonly (readonly [string, GgufValue])[];
  tensors: readonly GgufTensorInput[];
  /** Data alignment; written as general.alignment (u32) unless it is 32 and the metadata has no such key. */
  alignment?: number;
}

const encoder = /* @__PURE__ */ new TextEncoder();

/** A growing little-endian byte buffer. */
class Bytes {
  buf: Uint8Array<ArrayBuffer> = new Uint8Array(1 << 12);
  view = new DataView(this.buf.buffer);
  length = 0;

  reserve(n: number): number {
    if (this.length + n > this.buf.length) {
      const next = new Uint8Array(Math.max(this.buf.length * 2, this.length + n));
      next.set(this.buf.subarray(0, this.length));
      this.buf = next;
      this.view = new DataView(next.buffer);
    }
    const at = this.length;
    this.length += n;
    return at;
  }
  // reserve() may replace buf and view, so it is called before either is read.
  u32(v: number): void { const at = this.reserve(4); this.view.setUint32(at, v, true); }
  u64(v: bigint | number): void { const at = this.reserve(8); this.view.setBigUint64(at, BigInt(v), true); }
  raw(b: Uint8Array): void { const at = this.reserve(b.length); this.buf.set(b, at); }
  string(s: string): void {
    const b = encoder.encode(s);
    this.u64(b.length);
    this.raw(b);
  }
  pad(alignment: number): void {
    const at = this.reserve((alignment - (this.length % alignment)) % alignment);
    this.buf.fill(0, at, this.length);
  }
}

/** A tensor's description without its data, for writeGgufHeader. */
export type GgufTensorShape = Omit<GgufTensorInput, 'data'>;

/** Serialize metadata and tensors as a GGUF v3 file. Bad input (wrong sizes, duplicates, out-of-range values) throws a GgufError. */
export function writeGguf(input: GgufInput): Uint8Array<ArrayBuffer> {
  const sizes = input.tensors.map((t) => {
    const bytes = tensorBytes(t);
    if (t.data.length !== bytes) throw new GgufError(`tensor "${t.name}": its ${t.shape.join(' × ')} ${t.type} values take ${bytes} bytes, but ${t.data.length} were given`);
    return bytes;
  });
  const out = new Bytes();
  const alignment = writeHeader(out, input);
  input.tensors.forEach((t, i) => {
    out.raw(t.data.subarray(0, sizes[i]));
    out.pad(alignment);
  });
  return out.buf.slice(0, out.length);
}

/**
 * Everything before the tensor data: header, metadata, tensor infos and the padding to the alignment
 * (ggml's gguf_get_meta_data). Tensor i's data then goes at the offset its info gives, padded to the
 * alignment; a tool can write a file of any size this way, or a test a sparse one.
 */
export function writeGgufHeader(input: { metadata: GgufInput['metadata']; tensors: readonly GgufTensorShape[]; alignment?: number }): Uint8Array<ArrayBuffer> {
  const out = new Bytes();
  writeHeader(out, input);
  return out.buf.slice(0, out.length);
}

function writeHeader(out: Bytes, input: { metadata: GgufInput['metadata']; tensors: readonly GgufTensorShape[]; alignment?: number }): number {
  const metadata = withAlignment(input.metadata, input.alignment);
  const alignment = alignmentFrom(metadata);
  const keys = new Set<string>();
  for (const [key] of metadata) {
    if (key === '') throw new GgufError('a metadata key is empty');
    if (keys.has(key)) throw new GgufError(`duplicate metadata key "${key}"`);
    keys.add(key);
  }
  const names = new Set<string>();
  for (const t of input.tensors) {
    if (names.has(t.name)) throw new GgufError(`duplicate tensor name "${t.name}"`);
    names.add(t.name);
  }
  out.u32(GGUF_MAGIC);
  out.u32(3);
  out.u64(input.tensors.length);
  out.u64(metadata.length);
  for (const [key, value] of metadata) {
    out.string(key);
    writeTypedValue(out, value, `"${key}"`);
  }
  let offset = 0;
  for (const t of input.tensors) {
    const bytes = tensorBytes(t);
    out.string(t.name);
    out.u32(t.shape.length);
    for (const n of t.shape) out.u64(n);
    out.u32(ggmlTypeByName(t.type)!.id);
    out.u64(offset);
    offset += Math.ceil(bytes / alignment) * alignment;
  }
  out.pad(alignment);
  return alignment;
}

function withAlignment(metadata: GgufInput['metadata'], alignment: number | undefined): (readonly [string, GgufValue])[] {
  const list = [...metadata];
  if (alignment === undefined) return list;
  const existing = list.find(([k]) => k === 'general.alignment');
  if (existing) {
    if (existing[1].type !== 'u32' || existing[1].value !== alignment) throw new GgufError(`alignment ${alignment} disagrees with the metadata's general.alignment`);
    return list;
  }
  if (alignment !== GGUF_DEFAULT_ALIGNMENT) list.push(['general.alignment', { type: 'u32', value: alignment }]);
  return list;
}

function alignmentFrom(metadata: readonly (readonly [string, GgufValue])[]): number {
  const v = metadata.find(([k]) => k === 'general.alignment')?.[1];
  if (v === undefined) return GGUF_DEFAULT_ALIGNMENT;
  const a = v.value;
  if (v.type !== 'u32' || typeof a !== 'number' || a < 1 || a > 0xffffffff || (a & (a - 1)) !== 0) {
    throw new GgufError(`general.alignment must be a u32 power of two, got ${v.type} ${String(a)}`);
  }
  return a;
}

/** The bytes a tensor's data takes, after checking its type and shape. */
function tensorBytes(t: GgufTensorShape): number {
  const type = ggmlTypeByName(t.type);
  if (!type) throw new GgufError(`tensor "${t.name}": unknown ggml type "${t.type}" (known: ${GGML_TYPE_TABLE.map((x) => x.name).join(', ')})`);
  if (t.shape.length < 1 || t.shape.length > GGML_MAX_DIMS) throw new GgufError(`tensor "${t.name}" has ${t.shape.length} dimensions; ggml takes 1 to ${GGML_MAX_DIMS}`);
  if (!t.shape.every((n) => Number.isSafeInteger(n) && n >= 0)) throw new GgufError(`tensor "${t.name}" has shape [${t.shape.join(', ')}]: dimensions are whole numbers ≥ 0`);
  if (t.shape[0]! % type.blockSize !== 0) throw new GgufError(`tensor "${t.name}" is ${type.name} with rows of ${t.shape[0]} values, not a multiple of its block of ${type.blockSize}`);
  const elements = t.shape.reduce((a, b) => a * b, 1);
  if (!Number.isSafeInteger(elements)) throw new GgufError(`tensor "${t.name}" has shape [${t.shape.join(', ')}]: too many values to count exactly`);
  return (elements / type.blockSize) * type.blockBytes;
}

function writeTypedValue(out: Bytes, v: GgufValue, what: string): void {
  const id = GGUF_VALUE_TYPES.indexOf(v.type);
  if (id < 0) throw new GgufError(`${what}: unknown value type "${String(v.type)}"`);
  out.u32(id);
  if (v.type === 'array') writeArray(out, v, what);
  else writeValue(out, v.type, v.value, what);
}

function writeArray(out: Bytes, a: GgufArray, what: string): void {
  const id = GGUF_VALUE_TYPES.indexOf(a.itemType);
  if (id < 0) throw new GgufError(`${what}: unknown array element type "${String(a.itemType)}"`);
  out.u32(id);
  out.u64(a.value.length);
  a.value.forEach((item, i) => {
    if (a.itemType === 'array') {
      const inner = item as GgufArray;
      if (typeof inner !== 'object' || inner === null || inner.type !== 'array') throw new GgufError(`${what}[${i}] is not an array value`);
      writeArray(out, inner, `${what}[${i}]`);
    } else writeValue(out, a.itemType, item as number | bigint | boolean | string, `${what}[${i}]`);
  });
}

const RANGES: Partial<Record<GgufValueType, readonly [number, number]>> = {
  u8: [0, 0xff], i8: [-0x80, 0x7f], u16: [0, 0xffff], i16: [-0x8000, 0x7fff], u32: [0, 0xffffffff], i32: [-0x80000000, 0x7fffffff],
};

function writeValue(out: Bytes, type: GgufValueType, value: number | bigint | boolean | string, what: string): void {
  const bad = (): never => { throw new GgufError(`${what}: ${String(value)} is not a ${type}`); };
  if (type === 'string') return typeof value === 'string' ? out.string(value) : bad();
  if (type === 'bool') {
    if (typeof value !== 'boolean') bad();
    const at = out.reserve(1);
    out.buf[at] = value ? 1 : 0;
    return;
  }
  const at = out.reserve(GGUF_FIXED_SIZE[type]!);
  const v = out.view;
  if (type === 'f32' || type === 'f64') {
    if (typeof value !== 'number') bad();
    return type === 'f32' ? v.setFloat32(at, value as number, true) : v.setFloat64(at, value as number, true);
  }
  if (type === 'u64' || type === 'i64') {
    if (typeof value === 'number' && !Number.isSafeInteger(value)) bad();
    if (typeof value !== 'number' && typeof value !== 'bigint') bad();
    const b = BigInt(value as number | bigint);
    if (type === 'u64' ? b < 0n || b >= 1n << 64n : b < -(1n << 63n) || b >= 1n << 63n) bad();
    return type === 'u64' ? v.setBigUint64(at, b, true) : v.setBigInt64(at, b, true);
  }
  const [lo, hi] = RANGES[type]!;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < lo || value > hi) bad();
  const n = value as number;
  if (type === 'u8') v.setUint8(at, n);
  else if (type === 'i8') v.setInt8(at, n);
  else if (type === 'u16') v.setUint16(at, n, true);
  else if (type === 'i16') v.setInt16(at, n, true);
  else if (type === 'u32') v.setUint32(at, n, true);
  else v.setInt32(at, n, true);
}
