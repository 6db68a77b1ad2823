import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  blockSchemeBitsPerWeight, dequantizeAsymmetric, dequantizeBlocks, dequantizeSymmetric, maxAbsError,
  meanAbsRelativeError, meanSquaredError, quantizeAsymmetric, quantizeBlocks, quantizeSymmetric, restoreOutliers,
  splitOutliers, fromBits, toBits, modelBytes, tokensPerSecond, blockFormatBitsPerWeight,
} from '../../src/core/index.ts';

const essay = [-0.89, 0.16, 0.08, -0.13, 0.16, -0.54];
// Normal doubles only: for subnormal inputs the scale itself underflows and no error bound in units of it holds.
const weights = fc.array(fc.double({ min: -100, max: 100, noNaN: true }).map((x) => (Math.abs(x) < 1e-300 ? 0 : x)), { minLength: 1, maxLength: 64 });
const bits = fc.integer({ min: 2, max: 8 });

describe("the essay's worked examples", () => {
  it('symmetric 4-bit', () => {
    const q = quantizeSymmetric(essay, 4);
    expect(q.values).toEqual([-7, 1, 1, -1, 1, -4]);
    expect(q.scale).toBe(0.12714285714285714);
    const d = dequantizeSymmetric(q);
    expect(d.map((x) => Number(x.toFixed(4)))).toEqual([-0.89, 0.1271, 0.1271, -0.1271, 0.1271, -0.5086]);
    expect(meanAbsRelativeError(essay, d)).toBeCloseTo(0.18, 3);
  });
  it('asymmetric 4-bit', () => {
    const q = quantizeAsymmetric(essay, 4);
    expect(q.values).toEqual([-8, 7, 6, 3, 7, -3]);
    expect(q.scale).toBeCloseTo(0.07, 12);
    expect(q.zero).toBe(5);
    const d = dequantizeAsymmetric(q);
    expect(d.map((x) => Number(x.toFixed(2)))).toEqual([-0.91, 0.14, 0.07, -0.14, 0.14, -0.56]);
    expect(meanAbsRelativeError(essay, d)).toBeCloseTo(0.085, 3);
  });
  it('asymmetric 4-bit with the outlier 10: two buckets for the small values, the formulas give ≈64.9%', () => {
    const withOutlier = [...essay, 10];
    const q = quantizeAsymmetric(withOutlier, 4);
    expect(q.scale).toBeCloseTo(0.726, 3);
    expect(q.zero).toBe(-7);
    const d = dequantizeAsymmetric(q);
    expect(new Set(d.slice(0, 6).map((x) => x.toFixed(6))).size).toBe(2);
    expect(d[0]).toBeCloseTo(-0.726, 3);
    expect(meanAbsRelativeError(withOutlier, d)).toBeCloseTo(0.649, 3);
  });
});

describe('quantization properties', () => {
  it('symmetric: every element is within scale/2 of the original, and q stays in ±qmax', () => {
    fc.assert(fc.property(weights, bits, (v, b) => {
      const q = quantizeSymmetric(v, b);
      const d = dequantizeSymmetric(q);
      v.forEach((x, i) => expect(Math.abs(x - d[i]!)).toBeLessThanOrEqual(q.scale / 2 + 1e-9 * Math.abs(x)));
      for (const n of q.values) expect(Math.abs(n)).toBeLessThanOrEqual(2 ** (b - 1) - 1);
    }));
  });
  it('asymmetric: every element within scale/2 (up to the rounded zero point), q in [qmin, qmax]', () => {
    fc.assert(fc.property(weights, bits, (v, b) => {
      const q = quantizeAsymmetric(v, b);
      const d = dequantizeAsymmetric(q);
      // Rounding the zero point can shift the grid by up to half a step, so the bound is one step.
      v.forEach((x, i) => expect(Math.abs(x - d[i]!)).toBeLessThanOrEqual(q.scale + 1e-9 * Math.abs(x)));
      for (const n of q.values) {
        expect(n).toBeGreaterThanOrEqual(-(2 ** (b - 1)));
        expect(n).toBeLessThanOrEqual(2 ** (b - 1) - 1);
      }
    }));
  });
  it('all zeros give scale 0 and zeros, not NaN', () => {
    expect(quantizeSymmetric([0, 0], 4)).toEqual({ values: [0, 0], scale: 0 });
    expect(quantizeAsymmetric([0, 0], 4)).toEqual({ values: [0, 0], scale: 0, zero: 0 });
  });
  it('a constant block widens its range to 0 and comes back exactly', () => {
    const q = quantizeAsymmetric([0.3, 0.3, 0.3], 4);
    expect(dequantizeAsymmetric(q).every((x) => Math.abs(x - 0.3) < 1e-12)).toBe(true);
  });
  it('rejects a bit width that makes no grid', () => {
    expect(() => quantizeSymmetric([1], 1)).toThrow(/bits/);
  });
});

describe('blocks and outliers', () => {
  it('blocks quantize independently, the last block may be short', () => {
    const v = [-0.89, 0.16, 0.08, -0.13, 0.16, -0.54, 10, 0.2];
    const blocks = quantizeBlocks(v, 4, 4, 'asymmetric');
    expect(blocks).toHaveLength(2);
    expect(blocks[0]).toEqual({ scheme: 'asymmetric', ...quantizeAsymmetric(v.slice(0, 4), 4) });
    expect(quantizeBlocks([1, 2, 3, 4, 5], 8, 2, 'symmetric').map((b) => b.values.length)).toEqual([2, 2, 1]);
  });
  it('smaller blocks never have a larger max error on a block containing an outlier', () => {
    fc.assert(fc.property(fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: 64, maxLength: 64 }), fc.integer({ min: 0, max: 63 }), (v, at) => {
      v[at] = 50;
      const err = (size: number) => maxAbsError(v.filter((_, i) => Math.floor(i / size) !== Math.floor(at / size)), dequantizeBlocks(quantizeBlocks(v, 4, size, 'symmetric')).filter((_, i) => Math.floor(i / size) !== Math.floor(at / size)));
      expect(err(8)).toBeLessThanOrEqual(50 / 7 / 2 + 1e-12);
    }));
  });
  it('bits per weight include the scale (and zero) overhead', () => {
    expect(blockSchemeBitsPerWeight(8, 32, 'symmetric')).toBe(8.5);
    expect(blockSchemeBitsPerWeight(4, 32, 'asymmetric')).toBe(5);
    expect(blockFormatBitsPerWeight(4, 32, 16)).toBe(4.5);
  });
  it('split then restore gives the input back, and the input is untouched', () => {
    fc.assert(fc.property(weights, fc.integer({ min: 0, max: 10 }), (v, k) => {
      const copy = v.slice();
      const { values, outliers } = splitOutliers(v, k);
      expect(v).toEqual(copy);
      expect(outliers.length).toBe(Math.min(k, v.length));
      expect(restoreOutliers(values, outliers)).toEqual(v);
      const kept = Math.min(...outliers.map((o) => Math.abs(o.value)));
      values.forEach((x, i) => outliers.some((o) => o.index === i) || expect(Math.abs(x)).toBeLessThanOrEqual(kept));
    }));
    expect(splitOutliers([1, -1, 0.5], 1).outliers).toEqual([{ index: 0, value: 1 }]);
  });
  it('error measures', () => {
    expect(meanSquaredError([1, 2], [1, 4])).toBe(2);
    expect(maxAbsError([1, 2], [1.5, 2])).toBe(0.5);
    expect(() => maxAbsError([1], [1, 2])).toThrow(/length/);
  });
});

describe('integers, sizes and speed', () => {
  it('two’s complement round trip', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 32 }).chain((w) => fc.tuple(fc.constant(w), fc.integer({ min: -(2 ** (w - 1)), max: 2 ** (w - 1) - 1 }))), ([w, n]) => {
      expect(fromBits(toBits(n, w), true)).toBe(n);
    }));
    expect(toBits(-1, 8)).toEqual([1, 1, 1, 1, 1, 1, 1, 1]);
    expect(fromBits([1, 1, 1, 1, 1, 1, 1, 1], false)).toBe(255);
    expect(() => toBits(256, 8)).toThrow(/does not fit/);
  });
  it('16-bit weights take 2 bytes each: the essay\'s "80B" model (79.7B parameters) is 159.4 GB; 1T needs 2 TB', () => {
    expect(modelBytes(79.7e9, 16) / 1e9).toBeCloseTo(159.4, 9);
    expect(modelBytes(1e12, 16)).toBe(2e12);
  });
  it('tokens per second is bandwidth over bytes per token', () => {
    expect(tokensPerSecond(9e9, 16, 400)).toBeCloseTo(400e9 / 18e9, 12);
    expect(tokensPerSecond(9e9, 4.5, 400) / tokensPerSecond(9e9, 16, 400)).toBeCloseTo(16 / 4.5, 12);
  });
});
