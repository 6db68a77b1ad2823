/** The GGUF inspector's text: sizes, counts, and metadata values with long arrays and strings collapsed. */
import { describe, expect, it } from 'vitest';
import { arrayText, formatBits, formatBytes, formatCount, valueText, valueTypeText } from '../../src/components/gguf/format.ts';

describe('GGUF inspector text', () => {
  it('writes sizes in binary units, counts in groups of three', () => {
    expect(formatBytes(1023)).toBe('1023 B');
    expect(formatBytes(4608)).toBe('4.50 KiB');
    expect(formatBytes(4.58 * 2 ** 30)).toBe('4.58 GiB');
    expect(formatCount(1234567)).toBe('1\u202f234\u202f567');
    expect(formatBits(4.5)).toBe('4.5');
    expect(formatBits(8 * 210 / 256)).toBe('6.5625');
  });

  it('collapses a long array to its count and first items, nested arrays included', () => {
    const tokens = { type: 'array' as const, itemType: 'string' as const, value: Array.from({ length: 32000 }, (_, i) => `t${i}`) };
    expect(arrayText(tokens)).toBe('32\u202f000 × string: "t0", "t1", "t2", "t3", "t4", "t5", "t6", "t7", … 31\u202f992 more');
    expect(valueText({ type: 'array', itemType: 'u8', value: [] })).toBe('0 × u8');
    const nested = { type: 'array' as const, itemType: 'array' as const, value: [{ type: 'array' as const, itemType: 'i32' as const, value: [1, -2] }] };
    expect(valueText(nested)).toBe('1 × array: 2 × i32: 1, -2');
    expect(valueTypeText(tokens)).toBe('array of string');
  });

  it('quotes strings, cuts very long ones, and writes 64-bit integers exactly', () => {
    expect(valueText({ type: 'string', value: 'llama' })).toBe('"llama"');
    expect(valueText({ type: 'string', value: 'x'.repeat(1000) })).toBe(`"${'x'.repeat(300)}…"`);
    expect(valueText({ type: 'u64', value: 18446744073709551615n })).toBe('18446744073709551615');
    expect(valueText({ type: 'bool', value: false })).toBe('false');
  });
});
