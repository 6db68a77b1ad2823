/**
 * Tensor data to float32 values with the core's own codecs, through one table: the plain float types
 * here, every block format from GGML_CODECS (src/core/ggml) by ggml's spelling of its name. A codec
 * added there is picked up here with no change. A type with no codec is never guessed at: it throws
 * NotDecodableError. These loops are the reference; src/core/fast/dequantize-rows.ts does the same
 * types in one inlined loop each (the inspector decodes 100 M weights), held to them bit for bit.
 */
import { GGML_CODECS } from '../ggml/index.ts';
import type { GgmlCodec } from '../ggml/codec.ts';
import { f16BitsToNumber } from '../floats/half.ts';
import { NotDecodableError } from './errors.ts';
import { ggmlLowerName } from './types.ts';
import { dequantizeRowFast } from '../fast/dequantize-rows.ts';

/** Decodes `count` values from the start of `bytes` into y[0 .. count). */
type Decoder = (bytes: Uint8Array, count: number, y: Float32Array) => void;

const view = (b: Uint8Array) => new DataView(b.buffer, b.byteOffset, b.byteLength);

// The scalar float types ggml stores without blocks, value by value.
const PLAIN: Record<string, Decoder> = {
  // The float32's bits as stored (little-endian), so a signalling NaN keeps its payload too.
  F32: (b, n, y) => {
    const u = new Uint32Array(y.buffer, y.byteOffset, n);
    for (let i = 0; i < n; i++) u[i] = b[4 * i]! | (b[4 * i + 1]! << 8) | (b[4 * i + 2]! << 16) | (b[4 * i + 3]! << 24);
  },
  F16: (b, n, y) => {
    const v = view(b);
    for (let i = 0; i < n; i++) y[i] = f16BitsToNumber(v.getUint16(2 * i, true));
  },
  // bfloat16 is the top half of a float32: its bits shifted up 16 are the float32's bits.
  BF16: (b, n, y) => {
    const v = view(b), u = new Uint32Array(y.buffer, y.byteOffset, n);
    for (let i = 0; i < n; i++) u[i] = v.getUint16(2 * i, true) << 16;
  },
};

function blockDecoder(c: GgmlCodec): Decoder {
  return (b, n, y) => {
    for (let k = 0; k < n / c.blockSize; k++) c.dequantizeBlock(b, k * c.blockBytes, y, k * c.blockSize);
  };
}

function decoderFor(typeName: string): Decoder | undefined {
  const plain = PLAIN[typeName.toUpperCase()];
  if (plain) return plain;
  const codec = (GGML_CODECS as Record<string, GgmlCodec>)[ggmlLowerName(typeName)];
  return codec ? blockDecoder(codec) : undefined;
}

/** Whether the course can decode tensors of this ggml type (by name, e.g. "Q4_K"). */
export const canDequantize = (typeName: string): boolean => decoderFor(typeName) !== undefined;

/** The ggml type names the course can decode, given the types of a table (in its order). */
export const decodableTypes = (names: readonly string[]): string[] => names.filter(canDequantize);

/** The type's reference decoder, once the type, count, bytes and output are checked. */
function checked(typeName: string, bytes: Uint8Array, count: number, blockSize: number, blockBytes: number, out?: Float32Array): Decoder {
  const decode = decoderFor(typeName);
  if (!decode) throw new NotDecodableError(typeName, `${typeName} tensors are not decodable here: the course has no codec for ${typeName}`);
  if (!Number.isSafeInteger(count) || count < 0 || count % blockSize !== 0) throw new RangeError(`${typeName} holds whole blocks of ${blockSize} values, asked for ${count}`);
  const need = (count / blockSize) * blockBytes;
  if (bytes.length < need) throw new RangeError(`${count} ${typeName} values need ${need} bytes, got ${bytes.length}`);
  if (out && out.length < count) throw new RangeError(`the output holds ${out.length} values, ${count} asked for`);
  return decode;
}

/**
 * Dequantize `count` values of a ggml type from its raw bytes, in ggml order, into `out` (a new array when
 * none is given; when longer than count, its first count values are returned as a view). Uses the fast
 * path of src/core/fast/dequantize-rows.ts where the type has one: the same values, faster. Throws
 * NotDecodableError for a type without a codec, and a RangeError when the bytes are too few or count is
 * not whole blocks.
 */
export function dequantizeTensorData(typeName: string, bytes: Uint8Array, count: number, blockSize: number, blockBytes: number, out?: Float32Array): Float32Array {
  const decode = checked(typeName, bytes, count, blockSize, blockBytes, out);
  const y = out ? out.subarray(0, count) : new Float32Array(count);
  if (!dequantizeRowFast(typeName.toUpperCase(), bytes, count, y)) decode(bytes, count, y);
  return y;
}

/** dequantizeTensorData by the reference decoders alone (the plain loops above and each codec's dequantizeBlock): what the fast path is held to. */
export function dequantizeTensorDataReference(typeName: string, bytes: Uint8Array, count: number, blockSize: number, blockBytes: number, out?: Float32Array): Float32Array {
  const decode = checked(typeName, bytes, count, blockSize, blockBytes, out);
  const y = out ? out.subarray(0, count) : new Float32Array(count);
  decode(bytes, count, y);
  return y;
}
