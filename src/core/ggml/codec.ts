/**
 * What every ggml block format provides, and the C behaviours the reference quantizers rely on.
 * Every intermediate is float32: each step is wrapped in Math.fround, in the order ggml writes it.
 */
import { GGML_GEOMETRY, type GgmlType } from './geometry.ts';

/** One ggml block format: how many values a block holds, its bytes, and its two directions. */
export interface GgmlCodec {
  /** ggml's spelling, e.g. 'q4_0'. */
  name: string;
  /** Values per block. */
  blockSize: number;
  /** Bytes per block. */
  blockBytes: number;
  /** Quantize x[src .. src+blockSize) into out[dst .. dst+blockBytes). */
  quantizeBlock(x: Float32Array, src: number, out: Uint8Array, dst: number): void;
  /** Dequantize bytes[src .. src+blockBytes) into y[dst .. dst+blockSize). */
  dequantizeBlock(bytes: Uint8Array, src: number, y: Float32Array, dst: number): void;
}

/**
 * A codec for a ggml type: its name and block geometry from GGML_GEOMETRY (the one table of them), then its
 * two directions. Marked free of side effects, so a page that imports the core but never quantizes drops
 * the codec modules entirely.
 */
export const defineCodec = /* @__NO_SIDE_EFFECTS__ */ (type: GgmlType, ops: Omit<GgmlCodec, 'name' | 'blockSize' | 'blockBytes'>): GgmlCodec => ({
  name: type,
  blockSize: GGML_GEOMETRY[type].blockSize,
  blockBytes: GGML_GEOMETRY[type].blockBytes,
  ...ops,
});

/** The largest finite float32, FLT_MAX. */
export const FLT_MAX = 3.4028234663852886e38;

/**
 * C's float-to-int conversion, as x86-64 does it: truncation toward zero; a value that is NaN,
 * infinite or outside int32 gives INT_MIN (cvttss2si's "integer indefinite"). C leaves those
 * cases undefined; ggml only reaches them for blocks of subnormals whose 1/d overflows to Inf.
 */
export function cToInt(x: number): number {
  if (!(Math.abs(x) < 2147483648)) return -2147483648;
  return Math.trunc(x);
}

/** (int8_t) of a C int: its low byte as a signed value. */
export const toInt8 = (n: number): number => ((n & 0xff) << 24) >> 24;

/** C's roundf: halves away from zero. The +0.5 happens in float64, so it is exact for float32 input. */
export function roundf(x: number): number {
  return Math.sign(x) * Math.floor(Math.abs(x) + 0.5);
}

/** Write 16 bits little-endian. */
export function writeU16(out: Uint8Array, at: number, v: number): void {
  out[at] = v & 0xff;
  out[at + 1] = (v >>> 8) & 0xff;
}

/** Read 16 bits little-endian. */
export const readU16 = (bytes: Uint8Array, at: number): number => bytes[at]! | (bytes[at + 1]! << 8);
