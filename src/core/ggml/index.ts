/** llama.cpp's block formats by ggml name: quantize a row to bytes, dequantize bytes to a row. */
import type { GgmlCodec } from './codec.ts';
import { ggmlGeometry, type GgmlType } from './geometry.ts';
import { mxfp4 } from './mxfp4.ts';
import { nvfp4 } from './nvfp4.ts';
import { q2_K } from './q2_k.ts';
import { q4_0 } from './q4_0.ts';
import { q4_1 } from './q4_1.ts';
import { q4_K } from './q4_k.ts';
import { q8_0 } from './q8_0.ts';
import { q5_0 } from './q5_0.ts';
import { q5_1 } from './q5_1.ts';
import { iq4_nl } from './iq4_nl.ts';
import { quantizeRowFast } from '../fast/ggml-rows.ts';

export { GGML_TYPES, ggmlBitsPerWeight, ggmlBlockSize, type GgmlType } from './geometry.ts';

/** Every supported block format, by ggml's spelling: one codec for each type of GGML_GEOMETRY, no more, no fewer. */
export const GGML_CODECS = { q8_0, q4_0, q4_1, q2_K, q4_K, mxfp4, nvfp4, q5_0, q5_1, iq4_nl } as const satisfies Record<GgmlType, GgmlCodec>;

function codec(type: string): GgmlCodec {
  ggmlGeometry(type); // the unknown-type error
  return GGML_CODECS[type as GgmlType];
}

/** Quantize float32 values (a whole number of blocks) to the bytes llama.cpp's reference quantizer writes. */
export function quantizeGgml(type: GgmlType, values: Float32Array): Uint8Array {
  const c = codec(type);
  if (values.length % c.blockSize) throw new RangeError(`${type} needs a multiple of ${c.blockSize} values, got ${values.length}`);
  const blocks = values.length / c.blockSize;
  const out = new Uint8Array(blocks * c.blockBytes);
  // The reference, block by block, unless a WebAssembly kernel writes the same bytes faster.
  if (!quantizeRowFast(c, values, out)) for (let b = 0; b < blocks; b++) c.quantizeBlock(values, b * c.blockSize, out, b * c.blockBytes);
  return out;
}

/** Dequantize `count` values (a whole number of blocks) from ggml bytes. */
export function dequantizeGgml(type: GgmlType, bytes: Uint8Array, count: number): Float32Array {
  const c = codec(type);
  if (count % c.blockSize) throw new RangeError(`${type} holds a multiple of ${c.blockSize} values, asked for ${count}`);
  const blocks = count / c.blockSize;
  if (bytes.length < blocks * c.blockBytes) throw new RangeError(`${count} ${type} values need ${blocks * c.blockBytes} bytes, got ${bytes.length}`);
  const y = new Float32Array(count);
  for (let b = 0; b < blocks; b++) c.dequantizeBlock(bytes, b * c.blockBytes, y, b * c.blockSize);
  return y;
}
