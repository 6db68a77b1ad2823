/**
 * Tensor data to float32 values with the core's own codecs, through one table: the plain float types
 * here, every block format from GGML_CODECS (src/core/ggml) by ggml's spelling of its name. A codec
 * added there is picked up here with no change. A type with no codec is never guessed at: it throws
 * NotDecodableError.
 */
import { GGML_CODECS } from '../ggml/index.ts';
import type { GgmlCodec } from '../ggml/codec.ts';
import { f16BitsToNumber } from '../floats/half.ts';
import { NotDecodableError } from './errors.ts';
import { ggmlLowerName } from './types.ts';

/** Decodes `count` values from the start of `bytes`. */
type Decoder = (bytes: Uint8Array, count: number) => Float32Array;

const view = (b: Uint8Array) => new DataView(b.buffer, b.byteOffset, b.byteLength);

let halfTable: Float32Array | undefined;
/** Every float16 value by its bits, from the core's f16BitsToNumber; indexed directly, it decodes ~10× faster than a call per value. */
function f16Table(): Float32Array {
  if (!halfTable) {
    halfTable = new Float32Array(65536);
    for (let i = 0; i < 65536; i++) halfTable[i] = f16BitsToNumber(i);
  }
  return halfTable;
}

const littleEndian = (): boolean => new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

// The scalar float types ggml stores without blocks.
const PLAIN: Record<string, Decoder> = {
  F32: (b, n) => {
    // On a little-endian machine with aligned bytes the data already is a Float32Array.
    if (littleEndian() && b.byteOffset % 4 === 0) return new Float32Array(b.buffer, b.byteOffset, n).slice();
    const v = view(b), y = new Float32Array(n);
    for (let i = 0; i < n; i++) y[i] = v.getFloat32(4 * i, true);
    return y;
  },
  F16: (b, n) => {
    const v = view(b), y = new Float32Array(n), t = f16Table();
    for (let i = 0; i < n; i++) y[i] = t[v.getUint16(2 * i, true)]!;
    return y;
  },
  // bfloat16 is the top half of a float32: its bits shifted up 16 are the float32's bits.
  BF16: (b, n) => {
    const v = view(b), y = new Float32Array(n), u = new Uint32Array(y.buffer);
    for (let i = 0; i < n; i++) u[i] = v.getUint16(2 * i, true) << 16;
    return y;
  },
};

function blockDecoder(c: GgmlCodec): Decoder {
  return (b, n) => {
    const y = new Float32Array(n);
    for (let k = 0; k < n / c.blockSize; k++) c.dequantizeBlock(b, k * c.blockBytes, y, k * c.blockSize);
    return y;
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

/**
 * Dequantize `count` values of a ggml type from its raw bytes, in ggml order. Throws NotDecodableError
 * for a type without a codec, and a RangeError when the bytes are too few or count is not whole blocks.
 */
export function dequantizeTensorData(typeName: string, bytes: Uint8Array, count: number, blockSize: number, blockBytes: number): Float32Array {
  const decode = decoderFor(typeName);
  if (!decode) throw new NotDecodableError(typeName, `${typeName} tensors are not decodable here: the course has no codec for ${typeName}`);
  if (!Number.isSafeInteger(count) || count < 0 || count % blockSize !== 0) throw new RangeError(`${typeName} holds whole blocks of ${blockSize} values, asked for ${count}`);
  const need = (count / blockSize) * blockBytes;
  if (bytes.length < need) throw new RangeError(`${count} ${typeName} values need ${need} bytes, got ${bytes.length}`);
  return decode(bytes, count);
}
