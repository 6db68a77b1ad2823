/**
 * The error-by-magnitude measurement (src/core/quant/error-bands.ts) and the words the microscaling
 * lesson puts around its table, which the site computes with it at build time.
 */
import { describe, expect, it } from 'vitest';
import { errorByMagnitude, fp4Comparison, gaussianWeights } from '../../src/core/index.ts';

describe('errorByMagnitude', () => {
  it('buckets each error by the size of its original value, and gives the overall RMS', () => {
    const b = errorByMagnitude([0.1, -0.3, 2, -5], [0.2, -0.3, 1.5, -5], [0, 0.25, 1]);
    expect(b.counts).toEqual([1, 1, 2]);
    expect(b.meanAbs[0]).toBeCloseTo(0.1, 12);
    expect(b.meanAbs[1]).toBe(0);
    expect(b.meanAbs[2]).toBeCloseTo(0.25, 12);
    expect(b.rms).toBeCloseTo(Math.sqrt((0.01 + 0.25) / 4), 12);
  });

  it('rejects mismatched lengths and unordered edges with a message', () => {
    expect(() => errorByMagnitude([1, 2], [1], [0])).toThrow(/2 original values but 1 approximations/);
    expect(() => errorByMagnitude([1], [1], [0, 1, 0.5])).toThrow(/ascending/);
    expect(() => gaussianWeights(0, 1, 's')).toThrow(/positive whole number/);
  });

  it('draws the same weights for the same seed, with the standard deviation asked for', () => {
    const a = gaussianWeights(20_000, 0.02, 'x');
    expect(gaussianWeights(20_000, 0.02, 'x')).toEqual(a);
    const sd = Math.sqrt(a.reduce((s, x) => s + x * x, 0) / a.length);
    expect(Math.abs(sd / 0.02 - 1)).toBeLessThan(0.02);
  });
});

describe('the microscaling lesson\'s words about its table', () => {
  const at1 = fp4Comparison(1), at002 = fp4Comparison(0.02);

  it('MXFP4 wins below half a standard deviation and loses above one; overall it is worse than Q4_0 on Gaussian weights', () => {
    for (const band of [0, 1]) expect(at1.mxfp4.meanAbs[band]!).toBeLessThan(at1.q4_0.meanAbs[band]!);
    for (const band of [3, 4]) expect(at1.mxfp4.meanAbs[band]!).toBeGreaterThan(at1.q4_0.meanAbs[band]!);
    expect(at1.mxfp4.rms).toBeGreaterThan(at1.q4_0.rms);
  });

  it('NVFP4 has the lowest error near zero of the three and pays much less than MXFP4 at the top', () => {
    expect(at1.nvfp4.meanAbs[0]!).toBeLessThan(Math.min(at1.q4_0.meanAbs[0]!, at1.mxfp4.meanAbs[0]!));
    expect(at1.nvfp4.meanAbs[4]!).toBeLessThan(0.6 * at1.mxfp4.meanAbs[4]!);
  });

  it('at σ = 0.02 NVFP4 gets worse, its error above 2σ nearly doubles, and Q4_0 and MXFP4 barely move', () => {
    expect(at002.nvfp4.rms).toBeGreaterThan(at1.nvfp4.rms);
    const ratio = at002.nvfp4.meanAbs[4]! / at1.nvfp4.meanAbs[4]!;
    expect(ratio).toBeGreaterThan(1.6);
    expect(ratio).toBeLessThan(2.2);
    for (const t of ['q4_0', 'mxfp4'] as const) expect(Math.abs(at002[t].rms / at1[t].rms - 1)).toBeLessThan(0.05);
  });
});
