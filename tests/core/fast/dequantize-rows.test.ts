/**
 * The fast row dequantizers (src/core/fast/dequantize-rows.ts, behind dequantizeTensorData) against the
 * reference decoders (each codec's dequantizeBlock, the plain float loops): the same float32 bits on random
 * bytes, on every float16 scale (NaN, ±Inf, −0, subnormals included), every E8M0 and UE4M3 scale byte,
 * every code, and on bytes that start at an odd offset.
 */
import { describe, expect, it } from 'vitest';
import { dequantizeTensorData, dequantizeTensorDataReference, ggmlTypeByName } from '../../../src/core/index.ts';
import { dequantizeRowFast, hasFastDequantize } from '../../../src/core/fast/dequantize-rows.ts';

/** The types with a fast path; the others (BF16, Q8_0, Q4_1, …) are decoded by the reference alone. */
const TYPES = ['F32', 'F16', 'Q4_0', 'Q2_K', 'Q4_K', 'MXFP4', 'NVFP4'];

/** Where each block keeps its float16 scales (byte offsets) or its one-byte scales. */
const F16_SCALES: Record<string, number[]> = { Q4_0: [0], Q2_K: [80, 82], Q4_K: [0, 2] };
const BYTE_SCALES: Record<string, number[]> = { MXFP4: [0], NVFP4: [0, 1, 2, 3] };

/** Deterministic pseudo-random bytes (a 32-bit LCG's top byte). */
function randomBytes(n: number, seed: number): Uint8Array {
  const b = new Uint8Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    b[i] = s >>> 24;
  }
  return b;
}

/**
 * Random bytes whose blocks between them hold every scale: for a float16-scaled type every one of the
 * 65,536 bit patterns lands in some scale slot, for E8M0/UE4M3 every byte lands in every slot. For the
 * plain float types, every 16-bit pattern (F16) or the float32 edge cases among random words.
 */
function sweep(type: string): { bytes: Uint8Array; count: number } {
  const g = ggmlTypeByName(type)!;
  if (type === 'F16') {
    const bytes = new Uint8Array(2 * 65536);
    for (let i = 0; i < 65536; i++) bytes[2 * i] = i & 255, bytes[2 * i + 1] = i >> 8;
    return { bytes, count: 65536 };
  }
  if (type === 'F32') {
    const edge = [0, -0, 1, -1, Infinity, -Infinity, NaN, 1.4e-45, -1.4e-45, 1.1754942e-38, 3.4028235e38, -3.4028235e38];
    const bytes = randomBytes(4 * 4096, 32);
    const v = new DataView(bytes.buffer);
    edge.forEach((x, i) => v.setFloat32(4 * i, x, true));
    v.setUint32(4 * edge.length, 0x7fc01234, true); // a NaN with a payload
    v.setUint32(4 * edge.length + 4, 0xff800001, true); // a signalling NaN, sign set
    return { bytes, count: 4096 };
  }
  const words = F16_SCALES[type], singles = BYTE_SCALES[type];
  const blocks = words ? Math.ceil(65536 / words.length) : 256 * 16;
  const bytes = randomBytes(blocks * g.blockBytes, g.id + 1);
  for (let k = 0; k < blocks; k++) {
    const at = k * g.blockBytes;
    words?.forEach((o, i) => {
      const w = (k * words.length + i) & 0xffff;
      bytes[at + o] = w & 255;
      bytes[at + o + 1] = w >> 8;
    });
    singles?.forEach((o, i) => { bytes[at + o] = (k + 97 * i) & 255; });
  }
  return { bytes, count: blocks * g.blockSize };
}

/** Float32 bits of each value, so that −0 differs from 0 and NaNs compare by payload. */
const bits = (y: Float32Array): Uint32Array => new Uint32Array(y.buffer, y.byteOffset, y.length);

function expectSameBits(fast: Float32Array, ref: Float32Array): void {
  expect(fast.length).toBe(ref.length);
  const a = bits(fast), b = bits(ref);
  let firstDiff = -1;
  for (let i = 0; i < a.length && firstDiff < 0; i++) if (a[i] !== b[i]) firstDiff = i;
  expect(firstDiff, firstDiff >= 0 ? `value ${firstDiff}: fast ${fast[firstDiff]} (0x${a[firstDiff]!.toString(16)}), reference ${ref[firstDiff]} (0x${b[firstDiff]!.toString(16)})` : '').toBe(-1);
}

function fastOf(type: string, bytes: Uint8Array, count: number): Float32Array {
  const y = new Float32Array(count);
  expect(dequantizeRowFast(type, bytes, count, y)).toBe(true);
  return y;
}

describe('fast row dequantizers', () => {
  it('cover the types listed, and no others', () => {
    for (const t of TYPES) expect(hasFastDequantize(t), t).toBe(true);
    for (const t of ['BF16', 'Q8_0', 'Q4_1', 'Q5_0']) expect(hasFastDequantize(t), t).toBe(false);
    expect(hasFastDequantize('constructor')).toBe(false);
    expect(dequantizeRowFast('Q5_0', new Uint8Array(22), 32, new Float32Array(32))).toBe(false);
  });

  for (const type of TYPES) {
    const g = ggmlTypeByName(type)!;
    it(`${type}: every scale and code, bit for bit the reference`, () => {
      const { bytes, count } = sweep(type);
      expectSameBits(fastOf(type, bytes, count), dequantizeTensorDataReference(type, bytes, count, g.blockSize, g.blockBytes));
    });
    it(`${type}: random bytes at an odd offset, through dequantizeTensorData into a longer buffer`, () => {
      const blocks = 3001;
      const raw = randomBytes(blocks * g.blockBytes + 1, 7 * g.id + 3);
      const bytes = raw.subarray(1); // odd byteOffset: no aligned view of the words
      const count = blocks * g.blockSize;
      const out = new Float32Array(count + 5).fill(42);
      const y = dequantizeTensorData(type, bytes, count, g.blockSize, g.blockBytes, out);
      expect(y.buffer).toBe(out.buffer);
      expect(Array.from(out.subarray(count))).toEqual([42, 42, 42, 42, 42]);
      expectSameBits(y, dequantizeTensorDataReference(type, bytes, count, g.blockSize, g.blockBytes));
    });
  }

  it('reject an output too short, and keep the reference errors', () => {
    expect(() => dequantizeTensorData('Q4_0', new Uint8Array(18), 32, 32, 18, new Float32Array(31))).toThrow(/holds 31 values, 32 asked for/);
    expect(() => dequantizeTensorData('Q4_0', new Uint8Array(17), 32, 32, 18)).toThrow(/need 18 bytes, got 17/);
    expect(() => dequantizeTensorData('Q4_0', new Uint8Array(18), 31, 32, 18)).toThrow(/whole blocks of 32/);
  });
});
