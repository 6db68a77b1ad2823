/**
 * Where each field of a llama.cpp block lives (ggml's block_q8_0 / block_q4_0 / block_q4_1 structs),
 * and which of the 32 values each byte holds. The arithmetic stays in the core: this file only says
 * which bytes to hand to decodeFloat and which entries of dequantizeGgml's output a byte feeds.
 */
import type { GgmlType } from '../../core/index.ts';

/** The block types this widget draws (the core may know more). */
export type BlockType = Extract<GgmlType, 'q8_0' | 'q4_0' | 'q4_1'>;

/** The block types in the order the selector offers them. */
export const BLOCK_TYPES: BlockType[] = ['q8_0', 'q4_0', 'q4_1'];

/** What a byte belongs to. */
export type FieldKind = 'scale' | 'min' | 'quants';

/** One field of a block struct: bytes [start, end). */
export interface Field {
  kind: FieldKind;
  name: string;
  start: number;
  end: number;
}

/** The struct fields of each type, in memory order. */
export const FIELDS: Record<BlockType, Field[]> = {
  q8_0: [{ kind: 'scale', name: 'd (fp16 scale)', start: 0, end: 2 }, { kind: 'quants', name: 'qs (32 × int8)', start: 2, end: 34 }],
  q4_0: [{ kind: 'scale', name: 'd (fp16 scale)', start: 0, end: 2 }, { kind: 'quants', name: 'qs (32 × 4-bit, two per byte)', start: 2, end: 18 }],
  q4_1: [
    { kind: 'scale', name: 'd (fp16 scale)', start: 0, end: 2 }, { kind: 'min', name: 'm (fp16 minimum)', start: 2, end: 4 },
    { kind: 'quants', name: 'qs (32 × 4-bit, two per byte)', start: 4, end: 20 },
  ],
};

/** The field a byte belongs to. */
export function fieldOf(type: BlockType, byte: number): Field {
  const f = FIELDS[type].find((x) => byte >= x.start && byte < x.end);
  if (!f) throw new RangeError(`byte ${byte} is outside a ${type} block`);
  return f;
}

/** A value held by a quants byte: its index in the block and the stored integer as written. */
export interface HeldValue {
  index: number;
  /** The raw stored bits: an int8 for Q8_0, a nibble 0–15 for the 4-bit types. */
  stored: number;
  /** Which part of the byte: 'byte', 'low nibble' or 'high nibble'. */
  part: 'byte' | 'low nibble' | 'high nibble';
}

/** The values a quants byte holds: Q8_0 one int8; Q4_0/Q4_1 value j in the low nibble and j + 16 in the high one. */
export function heldValues(type: BlockType, bytes: Uint8Array, byte: number): HeldValue[] {
  const f = fieldOf(type, byte);
  if (f.kind !== 'quants') return [];
  const b = bytes[byte]!, j = byte - f.start;
  if (type === 'q8_0') return [{ index: j, stored: (b << 24) >> 24, part: 'byte' }];
  return [{ index: j, stored: b & 0xf, part: 'low nibble' }, { index: j + 16, stored: b >> 4, part: 'high nibble' }];
}

/** The 16-bit little-endian word starting at `at` (how fp16 fields are stored). */
export const wordAt = (bytes: Uint8Array, at: number): number => bytes[at]! | (bytes[at + 1]! << 8);

/** Hex of a byte or a word, upper case and zero padded. */
export const hex = (n: number, digits = 2): string => n.toString(16).toUpperCase().padStart(digits, '0');
