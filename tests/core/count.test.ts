import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allValues, countNonNaN, countRepresentable, FORMATS, type FloatFormat } from '../../src/core/index.ts';

/** Brute force: list every code and count the ones in [lo, hi]. */
const bruteCount = (lo: number, hi: number, f: FloatFormat) => allValues(f).filter(({ value }) => value >= lo && value <= hi).length;

const SMALL = [FORMATS.e2m1, FORMATS.e4m3fn, FORMATS.e5m2, FORMATS.fp8_e4m3_ieee, FORMATS.fp4_e2m1_ieee, FORMATS.float16];

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);
const bitsOfF32 = (x: number) => ((f32[0] = x), u32[0]!);

describe('countRepresentable', () => {
  it('agrees with listing every code, on random intervals of every small format', () => {
    for (const f of SMALL) {
      const values = allValues(f).map((v) => v.value).filter((v) => !Number.isNaN(v));
      // Bounds drawn from the format's own values (edges are where off-by-ones hide) and from arbitrary doubles.
      const bound = fc.oneof(fc.constantFrom(...values, 0, -0, Infinity, -Infinity), fc.double({ min: -70000, max: 70000, noNaN: true }));
      fc.assert(
        fc.property(bound, bound, (a, b) => {
          const [lo, hi] = a <= b ? [a, b] : [b, a];
          expect(countRepresentable(lo, hi, f)).toBe(bruteCount(lo, hi, f));
        }),
        { numRuns: f === FORMATS.float16 ? 60 : 300 },
      );
    }
  });

  it('finds over 2 billion float32 values in [-0.5, 0.5]', () => {
    // Independent check through the hardware's float32 bits: codes 0..bits(0.5) on each sign.
    const perSign = bitsOfF32(0.5) + 1;
    const n = countRepresentable(-0.5, 0.5, FORMATS.float32);
    expect(n).toBe(2 * perSign);
    expect(n).toBeGreaterThan(2e9);
  });

  it('counts every non-NaN code over the whole line', () => {
    // float32: 2^32 codes minus the NaNs (2 signs × (2^23 - 1) non-zero significands with exponent all ones).
    expect(countNonNaN(FORMATS.float32)).toBe(2 ** 32 - 2 * (2 ** 23 - 1));
    expect(countNonNaN(FORMATS.e2m1)).toBe(16);
    expect(countNonNaN(FORMATS.e4m3fn)).toBe(254);
  });

  it('counts a single value and both zeros', () => {
    expect(countRepresentable(1, 1, FORMATS.bfloat16)).toBe(1);
    expect(countRepresentable(0, 0, FORMATS.float16)).toBe(2);
    expect(countRepresentable(1.1, 1.1, FORMATS.e2m1)).toBe(0);
  });

  it('rejects NaN bounds and reversed intervals with a clear message', () => {
    expect(() => countRepresentable(NaN, 1, FORMATS.float32)).toThrow(/NaN/);
    expect(() => countRepresentable(2, 1, FORMATS.float32)).toThrow(/must not exceed/);
  });
});
