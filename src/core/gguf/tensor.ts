/** A tensor's data from a source: its raw bytes, and its values dequantized with the core's codecs. */
import { dequantizeTensorData } from './dequantize.ts';
import { GgufError } from './errors.ts';
import type { GgufTensorInfo } from './reader.ts';
import type { ByteSource } from './source.ts';

/** The raw bytes of one tensor's data (one range read of the source). */
export async function readTensorBytes(source: ByteSource, t: GgufTensorInfo): Promise<Uint8Array> {
  const bytes = await source.read(t.offset, t.bytes);
  if (bytes.length !== t.bytes) throw new GgufError(`truncated: tensor "${t.name}" needs ${t.bytes} bytes at offset ${t.offset}, only ${bytes.length} could be read`);
  return bytes;
}

/** One tensor's values as float32, in ggml order (ne0 fastest). NotDecodableError for a type without a codec. */
export async function readTensorValues(source: ByteSource, t: GgufTensorInfo): Promise<Float32Array> {
  return dequantizeTensorData(t.type.name, await readTensorBytes(source, t), t.elements, t.type.blockSize, t.type.blockBytes);
}
