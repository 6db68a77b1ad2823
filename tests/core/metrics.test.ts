import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { argmax, klDivergence, klStats, logSoftmax, meanKl, median, percentile, perplexity, perplexityFromLogits, sameTopShare } from '../../src/core/index.ts';

const dist = (n: number) => fc.array(fc.double({ min: 1e-6, max: 1, noNaN: true }), { minLength: n, maxLength: n }).map((xs) => {
  const s = xs.reduce((a, b) => a + b, 0);
  return xs.map((x) => x / s);
});

describe('perplexity', () => {
  it("matches the essay's single predictions", () => {
    expect(perplexity([0.9229])).toBeCloseTo(1.0835, 4);
    expect(perplexity([0.03])).toBeCloseTo(33.333, 3);
  });
  it('of a uniform distribution over V is V', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 50000 }), fc.integer({ min: 1, max: 20 }), (v, n) => {
      expect(perplexity(Array(n).fill(1 / v))).toBeCloseTo(v, 6);
      expect(perplexityFromLogits(Array.from({ length: n }, () => Array(Math.min(v, 300)).fill(3)), Array(n).fill(0))).toBeCloseTo(Math.min(v, 300), 9);
    }));
  });
  it('stays exact for logits offset by ±1000', () => {
    fc.assert(fc.property(fc.array(fc.double({ min: -10, max: 10, noNaN: true }), { minLength: 2, maxLength: 30 }), (row) => {
      const base = perplexityFromLogits([row], [0]);
      for (const off of [1000, -1000]) {
        const p = perplexityFromLogits([row.map((x) => x + off)], [0]);
        expect(Number.isFinite(p)).toBe(true);
        // x ± 1000 itself rounds away ~1e-13 of each logit, so compare relatively.
        expect(Math.abs(p - base) / base).toBeLessThan(1e-10);
      }
    }));
  });
  it('rejects mismatched shapes', () => {
    expect(() => perplexityFromLogits([[1, 2]], [0, 1])).toThrow(/targets/);
    expect(() => perplexity([])).toThrow(/no predictions/);
  });
});

describe('KL divergence', () => {
  it('is 0 for identical distributions and ≥ 0 otherwise', () => {
    fc.assert(fc.property(fc.integer({ min: 2, max: 30 }).chain((n) => fc.tuple(dist(n), dist(n))), ([p, q]) => {
      expect(klDivergence(p, p)).toBeCloseTo(0, 12);
      expect(klDivergence(p, q)).toBeGreaterThanOrEqual(-1e-12);
    }));
  });
  it('skips p = 0 terms and is Infinity where q = 0 < p; it is not symmetric', () => {
    expect(klDivergence([0, 1], [0.5, 0.5])).toBeCloseTo(Math.log(2), 12);
    expect(klDivergence([0.5, 0.5], [1, 0])).toBe(Infinity);
    expect(klDivergence([0.9, 0.1], [0.5, 0.5])).not.toBeCloseTo(klDivergence([0.5, 0.5], [0.9, 0.1]), 3);
  });
  it('from logits equals KL of the softmaxes, offsets included', () => {
    const base = [[2, 1, 0], [0, 0, 3]], quant = [[2, 1, 0.5], [0, 1, 3]];
    const expected = (klDivergence(logSoftmax(base[0]!).map(Math.exp), logSoftmax(quant[0]!).map(Math.exp)) + klDivergence(logSoftmax(base[1]!).map(Math.exp), logSoftmax(quant[1]!).map(Math.exp))) / 2;
    expect(meanKl(base, quant)).toBeCloseTo(expected, 12);
    expect(meanKl(base.map((r) => r.map((x) => x + 1000)), quant.map((r) => r.map((x) => x - 1000)))).toBeCloseTo(expected, 9);
  });
  it('argmax picks the first index on ties; sameTopShare counts agreements', () => {
    expect(argmax([1, 3, 3])).toBe(1);
    expect(sameTopShare([[2, 1, 0], [0, 0, 3], [1, 1, 0]], [[1, 2, 0], [0, 0, 3], [1, 1, 0]])).toBeCloseTo(2 / 3, 12);
  });
});

describe('klStats (as llama-perplexity --kl-divergence defines it)', () => {
  it('percentiles interpolate at frac × (n − 1); the median of an even count averages the middle two', () => {
    expect(percentile([1, 2, 3, 4], 0.99)).toBeCloseTo(3.97, 12);
    expect(median([1, 2, 3, 4])).toBe(2.5);
    expect(median([1, 5, 9])).toBe(5);
  });
  it('reports every statistic consistently', () => {
    const base = [[2, 1, 0], [0, 0, 3], [1, 1, 0], [0.5, 0.2, 0.1]];
    const quant = [[1, 2, 0], [0, 0.5, 3], [1, 1, 0], [0.4, 0.3, 0.1]];
    const targets = [0, 2, 1, 0];
    const s = klStats(base, quant, targets);
    expect(s.pplBase).toBeCloseTo(perplexityFromLogits(base, targets), 12);
    expect(s.pplQuant).toBeCloseTo(perplexityFromLogits(quant, targets), 12);
    expect(s.meanKl).toBeCloseTo(meanKl(base, quant), 12);
    expect(s.sameTop).toBeCloseTo(sameTopShare(base, quant), 12);
    expect(s.maxKl).toBeGreaterThanOrEqual(s.p99Kl);
    expect(s.p99Kl).toBeGreaterThanOrEqual(s.medianKl);
    const dp = targets.map((t, i) => Math.exp(logSoftmax(quant[i]!)[t]!) - Math.exp(logSoftmax(base[i]!)[t]!));
    expect(s.rmsDeltaP).toBeCloseTo(Math.sqrt(dp.reduce((a, x) => a + x * x, 0) / dp.length), 12);
  });
  it('is unchanged by offsetting logits by ±1000', () => {
    const base = [[2, 1, 0], [0, 0, 3]], quant = [[1, 2, 0], [0, 0.5, 3]];
    const a = klStats(base, quant, [0, 2]);
    const b = klStats(base.map((r) => r.map((x) => x + 1000)), quant.map((r) => r.map((x) => x - 1000)), [0, 2]);
    for (const k of Object.keys(a) as (keyof typeof a)[]) expect(b[k]).toBeCloseTo(a[k], 9);
  });
  it('rejects rows that do not line up', () => {
    expect(() => klStats([[1, 2]], [[1, 2], [3, 4]], [0])).toThrow(/equal/);
  });
});
