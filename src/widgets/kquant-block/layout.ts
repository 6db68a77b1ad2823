/** Which bytes of a Q2_K / Q4_K super-block hold what: fields, the bytes of one sub-block, and what one byte holds. */
import { q2KLevelPosition, q4KLevelPosition } from '../../core/index.ts';

/** The two K-quant types the widget shows. */
export const KQUANT_TYPES = ['q4_K', 'q2_K'] as const;
export type KType = (typeof KQUANT_TYPES)[number];

/** What a byte is part of. */
export type ByteKind = 'd' | 'dmin' | 'codes' | 'levels';

/** Sub-blocks, their size, the largest level and the block's size in bytes. */
export const SHAPE = {
  q4_K: { subBlocks: 8, subSize: 32, maxLevel: 15, bytes: 144, codeBits: 6 },
  q2_K: { subBlocks: 16, subSize: 16, maxLevel: 3, bytes: 84, codeBits: 4 },
} as const;

/** The field a byte belongs to. */
export function kindOf(type: KType, i: number): ByteKind {
  if (type === 'q4_K') return i < 2 ? 'd' : i < 4 ? 'dmin' : i < 16 ? 'codes' : 'levels';
  return i < 16 ? 'codes' : i < 80 ? 'levels' : i < 82 ? 'd' : 'dmin';
}

/** Where element e's level sits. */
export const levelPosition = (type: KType, e: number): { byte: number; shift: number } => (type === 'q4_K' ? q4KLevelPosition(e) : q2KLevelPosition(e));

/** The bytes holding sub-block s's scale and min codes. */
export function codeBytes(type: KType, s: number): number[] {
  if (type === 'q2_K') return [s];
  // Q4_K (block offsets = 4 + index into the 12 packed bytes): low sub-blocks own bytes 4+s and 8+s;
  // high ones own byte 8+s and borrow the top bits of bytes s and 4+s.
  return s < 4 ? [4 + s, 8 + s] : [s, 4 + s, 8 + s];
}

/** The bytes holding sub-block s's levels, in ascending order. */
export function levelBytes(type: KType, s: number): number[] {
  const n = SHAPE[type].subSize;
  const set = new Set<number>();
  for (let e = s * n; e < (s + 1) * n; e++) set.add(levelPosition(type, e).byte);
  return [...set].sort((a, b) => a - b);
}

/** The elements whose levels a level byte holds, lowest bits first. */
export function elementsInByte(type: KType, byte: number): number[] {
  const k = byte - 16;
  if (type === 'q4_K') {
    const c = k >> 5, l = k & 31;
    return [64 * c + l, 64 * c + 32 + l];
  }
  const hh = k >> 5, l = k & 31;
  return [0, 1, 2, 3].map((t) => 128 * hh + l + 32 * t);
}

/** The sub-blocks whose codes a code byte holds (Q4_K's borrowed top bits included). */
export function subBlocksOfCodeByte(type: KType, byte: number): number[] {
  if (type === 'q2_K') return [byte];
  const k = byte - 4;
  if (k < 4) return [k, k + 4]; // scale of k, top scale bits of k + 4
  if (k < 8) return [k - 4, k]; // min of k − 4, top min bits of k
  return [k - 4]; // low nibbles of sub-block k − 4
}
