/** Values in the examples and results tables: cut only between elements, every field kept, the whole on demand. */
import { describe, expect, it } from 'vitest';
import { callPreview, fullText, numberRuns, preview } from '../../src/components/exercise/preview.ts';
import { tableLabel } from '../../src/components/table-label.ts';

describe('preview', () => {
  it('keeps every field of an object, however long', () => {
    const format = { exponentBits: 4, significandBits: 3, bias: 7, specials: 'nan-only' };
    expect(preview(format)).toBe('{ exponentBits: 4, significandBits: 3, bias: 7, specials: "nan-only" }');
    expect(callPreview({ fn: 'decodeFloat', args: [0x7f, format] })).toBe('decodeFloat(127, { exponentBits: 4, significandBits: 3, bias: 7, specials: "nan-only" })');
  });

  it('cuts long arrays between elements and says how many it left out; the full text leaves none out', () => {
    const xs = Float32Array.from({ length: 32 }, (_, i) => i / 8);
    expect(preview(xs)).toBe('[0, 0.125, 0.25, 0.375, 0.5, 0.625, … 26 more]');
    expect(fullText(xs)).toBe(`[${Array.from(xs).join(', ')}]`);
    // Nested: each block's values are cut, every block and field is shown.
    const blocks = [{ values: [1, 2, 3, 4, 5, 6, 7, 8, 9], scale: 0.5, zero: 0 }];
    expect(preview(blocks)).toBe('[{ values: [1, 2, 3, 4, 5, 6, … 3 more], scale: 0.5, zero: 0 }]');
  });

  it('never cuts a short array, a number or -0', () => {
    expect(preview([1, 2, 3, 4, 5, 6, 7, 8])).toBe('[1, 2, 3, 4, 5, 6, 7, 8]');
    expect(preview(5.960464477539063e-8)).toBe('5.960464477539063e-8');
    expect(preview(-0)).toBe('-0');
    expect(preview([NaN, -Infinity])).toBe('[NaN, -Infinity]');
  });
});

describe('tableLabel', () => {
  it('tells apart two tables with the same columns by their first row', () => {
    const table = (first: string) => `<thead><tr><th>scheme</th><th>bits</th></tr></thead><tbody><tr><td>${first}</td><td>4.5</td></tr></tbody>`;
    expect(tableLabel(table('Q4_0'))).toBe('Table: scheme, bits (first row: Q4_0)');
    expect(tableLabel(table('Q4_K'))).not.toBe(tableLabel(table('Q4_0')));
    expect(tableLabel('<caption>Results</caption><tr><th>a</th></tr>')).toBe('Results');
  });
});

describe('numberRuns', () => {
  it('finds every number, exponents and signs included, and keeps the text between them', () => {
    const runs = numberRuns('decodeFloat(1, { bias: -7, tiny: 5.960464477539063e-8, specials: "nan-only" })');
    expect(runs.filter((r) => r.number).map((r) => r.text)).toEqual(['1', '-7', '5.960464477539063e-8']);
    expect(runs.map((r) => r.text).join('')).toBe('decodeFloat(1, { bias: -7, tiny: 5.960464477539063e-8, specials: "nan-only" })');
  });
});
