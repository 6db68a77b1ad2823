/** The streaming histogram: chunk by chunk it counts exactly what one pass over all values would. */
import { describe, expect, it } from 'vitest';
import { addToHistogram, createHistogram, histogramBars, histogramMoments } from '../../src/core/index.ts';
import { createRng } from '../../src/core/rng.ts';

/** Counts of values in [lo, lo + width), [lo + width, …), counted directly. */
function direct(values: Float32Array, lo: number, width: number, bars: number): number[] {
  const out = new Array<number>(bars).fill(0);
  for (const x of values) out[Math.min(bars - 1, Math.floor((x - lo) / width))]!++;
  return out;
}

describe('streaming histogram', () => {
  it('counts chunks whose range grows exactly as the values counted at once', () => {
    const rng = createRng('histogram');
    const all = new Float32Array(30_000);
    for (let i = 0; i < all.length; i++) all[i] = rng.normal(0, 0.01 * (1 + Math.floor(i / 10_000) * 20));
    const h = createHistogram(256);
    // Small values first, large ones later: the range must double (more than once) while counting.
    for (let at = 0; at < all.length; at += 7_000) addToHistogram(h, all.subarray(at, at + 7_000));
    expect(h.count).toBe(all.length);
    const bars = histogramBars(h, 1_000);
    expect(bars.counts.reduce((a, b) => a + b, 0)).toBe(all.length);
    expect(bars.counts).toEqual(direct(all, bars.lo, bars.width, bars.counts.length));
    expect(h.min).toBe(Math.min(...all));
    expect(h.max).toBe(Math.max(...all));
    const mean = all.reduce((a, b) => a + b, 0) / all.length;
    expect(histogramMoments(h).mean).toBeCloseTo(mean, 12);
  });

  it('groups bins into at most the bars asked for, and covers min to max', () => {
    const h = createHistogram(512);
    addToHistogram(h, Float32Array.from([-0.3, -0.1, 0, 0, 0.05, 0.2, 0.29]));
    const bars = histogramBars(h, 10);
    expect(bars.counts.length).toBeLessThanOrEqual(10);
    expect(bars.lo).toBeLessThanOrEqual(-0.3);
    expect(bars.lo + bars.width * bars.counts.length).toBeGreaterThan(0.29);
    expect(bars.counts.reduce((a, b) => a + b, 0)).toBe(7);
  });

  it('keeps zeros seen before the range is known, and leaves NaN and infinities out', () => {
    const h = createHistogram(8);
    addToHistogram(h, new Float32Array(5));
    expect(h.range).toBe(0);
    addToHistogram(h, Float32Array.from([NaN, Infinity, 1.5, -1.5]));
    expect(h.range).toBe(2);
    expect(h.nonFinite).toBe(2);
    expect(h.count).toBe(7);
    expect([...h.counts]).toEqual([0, 1, 0, 0, 5, 0, 0, 1]);
  });

  it('an all-zero tensor is one bar', () => {
    const h = createHistogram();
    addToHistogram(h, new Float32Array(64));
    expect(histogramBars(h).counts).toEqual([64]);
    expect(histogramMoments(h)).toEqual({ mean: 0, std: 0 });
  });

  it('refuses an odd number of bins', () => {
    expect(() => createHistogram(7)).toThrow(/even number of bins/);
  });
});
