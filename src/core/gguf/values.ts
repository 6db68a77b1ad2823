/**
 * GGUF metadata values: the thirteen value types (ids as gguf.h numbers them) and how a value is held
 * in TypeScript. 64-bit integers are bigints, so nothing is rounded; plainValue converts for JSON.
 */

/** The value types by id: 0 u8 … 12 f64. */
export const GGUF_VALUE_TYPES = ['u8', 'i8', 'u16', 'i16', 'u32', 'i32', 'f32', 'bool', 'string', 'array', 'u64', 'i64', 'f64'] as const;

/** A GGUF value type's name. */
export type GgufValueType = (typeof GGUF_VALUE_TYPES)[number];

/** Bytes of one value of a fixed-size type (strings and arrays have none). */
export const GGUF_FIXED_SIZE: Partial<Record<GgufValueType, number>> = { u8: 1, i8: 1, u16: 2, i16: 2, u32: 4, i32: 4, f32: 4, bool: 1, u64: 8, i64: 8, f64: 8 };

/** An array value: its element type and elements (nested arrays are GgufArray themselves). */
export interface GgufArray {
  type: 'array';
  itemType: GgufValueType;
  value: number[] | bigint[] | boolean[] | string[] | GgufArray[];
}

/** One metadata value with its GGUF type. u64 and i64 are read as bigint; the writer also takes a safe integer. */
export type GgufValue =
  | { type: 'u8' | 'i8' | 'u16' | 'i16' | 'u32' | 'i32' | 'f32' | 'f64'; value: number }
  | { type: 'u64' | 'i64'; value: bigint | number }
  | { type: 'bool'; value: boolean }
  | { type: 'string'; value: string }
  | GgufArray;

/** A plain JSON-able form of a value: bigints become numbers when safe, else decimal strings. */
export function plainValue(v: GgufValue | GgufArray['value'][number]): unknown {
  if (typeof v === 'bigint') return safeNumber(v);
  if (typeof v !== 'object' || v === null) return v;
  if (v.type === 'array') return (v.value as GgufArray['value'][number][]).map(plainValue);
  return plainValue(v.value);
}

/** A bigint as a number when it is a safe integer, else its decimal string. */
export function safeNumber(b: bigint): number | string {
  return b >= BigInt(Number.MIN_SAFE_INTEGER) && b <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(b) : b.toString();
}
