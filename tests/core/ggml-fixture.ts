/**
 * Deterministic float32 rows for the ggml byte fixtures. Built from a plain integer LCG, not the core's
 * rng, so the expected bytes (computed once with ggml's C reference quantizers) never drift with it.
 */
import { createHash } from 'node:crypto';

type Shape = 'normal' | 'negative' | 'positive' | 'outlier' | 'ints' | 'mixed';
const SHAPES: Shape[] = ['normal', 'negative', 'positive', 'outlier', 'ints', 'mixed'];

/** `blocks` blocks of `blockSize` values; block b has shape SHAPES[b mod 6] and scale 10^(b mod 5 − 2). */
export function lcgRow(blocks: number, blockSize: number): Float32Array {
  const x = new Float32Array(blocks * blockSize);
  let state = 12345;
  const u = () => (state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 4294967296;
  for (let b = 0; b < blocks; b++) {
    const shape = SHAPES[b % SHAPES.length]!;
    const scale = 10 ** ((b % 5) - 2);
    for (let i = 0; i < blockSize; i++) {
      const g = (u() + u() + u() + u() - 2) * scale;
      const k = b * blockSize + i;
      switch (shape) {
        case 'normal': x[k] = g; break;
        case 'negative': x[k] = -Math.abs(g); break;
        case 'positive': x[k] = Math.abs(g); break;
        case 'outlier': x[k] = i === 7 ? 40 * scale : g; break;
        case 'ints': x[k] = Math.floor(u() * 17) - 8; break;
        case 'mixed': x[k] = g * 10 ** Math.floor(u() * 4 - 2); break;
      }
    }
  }
  return x;
}

/** SHA-256 of raw bytes (of a Uint8Array or a Float32Array's storage), hex. */
export function sha256(data: Uint8Array | Float32Array): string {
  return createHash('sha256').update(new Uint8Array(data.buffer, data.byteOffset, data.byteLength)).digest('hex');
}

/** Bytes from a hex string. */
export const fromHex = (hex: string): Uint8Array => Uint8Array.from(hex.match(/../g)!.map((h) => parseInt(h, 16)));

/** The float32 bit pattern of a number. */
export function f32Bits(x: number): number {
  return new Uint32Array(Float32Array.of(x).buffer)[0]!;
}

/** The float32 with a given bit pattern. */
export function f32FromBits(b: number): number {
  return new Float32Array(Uint32Array.of(b >>> 0).buffer)[0]!;
}
