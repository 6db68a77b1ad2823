/** How the GGUF inspector writes sizes, shapes and metadata values as text (no DOM, unit-tested). */
import type { GgufArray, GgufValue } from '../../core/index.ts';

/** Array items shown before the rest are summarised as a count. */
export const ARRAY_PREVIEW = 8;
// A long string (a chat template) is cut, not dropped: the first characters say what it is.
const STRING_PREVIEW = 300;

/** A byte count in the largest binary unit that keeps it ≥ 1, with the exact count for small ones: "4.58 GiB". */
export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let v = n / 1024, u = 0;
  while (v >= 1024 && u < units.length - 1) { v /= 1024; u++; }
  return `${v.toFixed(v < 10 ? 2 : v < 100 ? 1 : 0)} ${units[u]}`;
}

/** A count with thin groups of three digits: 1 234 567. */
export const formatCount = (n: number): string => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, '\u202f');

/** A shape in ggml order, as llama.cpp prints it: [4096, 32000]. */
export const formatShape = (shape: readonly number[]): string => `[${shape.join(', ')}]`;

/** Bits per weight to 2–4 decimals, trailing zeros dropped (4.5, 4.8944). */
export const formatBits = (b: number): string => String(Number(b.toFixed(4)));

function itemText(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v.length > STRING_PREVIEW ? `${v.slice(0, STRING_PREVIEW)}…` : v);
  if (typeof v === 'bigint' || typeof v === 'number' || typeof v === 'boolean') return String(v);
  const a = v as GgufArray;
  return arrayText(a);
}

/** An array: its count and element type, then the first items ("32000 × string: "<unk>", "<s>", … 31992 more"). */
export function arrayText(a: GgufArray, preview = ARRAY_PREVIEW): string {
  const items = a.value as unknown[];
  const shown = items.slice(0, preview).map(itemText).join(', ');
  const more = items.length > preview ? `, … ${formatCount(items.length - preview)} more` : '';
  return `${formatCount(items.length)} × ${a.itemType}${items.length ? `: ${shown}${more}` : ''}`;
}

/** A metadata value as one line of text; long arrays and strings are collapsed. */
export function valueText(v: GgufValue): string {
  return v.type === 'array' ? arrayText(v) : itemText(v.value);
}

/** The value type a metadata entry shows: "u32", "string", "array of string". */
export const valueTypeText = (v: GgufValue): string => (v.type === 'array' ? `array of ${v.itemType}` : v.type);
