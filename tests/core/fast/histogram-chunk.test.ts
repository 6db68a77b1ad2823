/**
 * The one-pass histogram chunk (src/core/fast/histogram-chunk.ts) against the reference addToHistogram:
 * fed the same chunks, the two histograms hold identical counts, ranges, min, max and sums, through
 * zeros before any range, ranges that grow, NaN, ±Inf, −0, subnormals and values on and just under
 * the range's edges.
 */
import { describe, expect, it } from 'vitest';
import { addToHistogram, createHistogram, createRng, type ValueHistogram } from '../../../src/core/index.ts';
import { addToHistogramFast } from '../../../src/core/fast/histogram-chunk.ts';

function expectSame(fast: ValueHistogram, ref: ValueHistogram): void {
  expect(Array.from(fast.counts)).toEqual(Array.from(ref.counts));
  for (const key of ['range', 'count', 'pendingZeros', 'nonFinite', 'min', 'max', 'sum', 'sumSquares'] as const) {
    expect(Object.is(fast[key], ref[key]), `${key}: fast ${fast[key]}, reference ${ref[key]}`).toBe(true);
  }
}

/** Feed both histograms the same chunks, comparing after each. */
function feed(chunks: Float32Array[], bins = 512): void {
  const fast = createHistogram(bins), ref = createHistogram(bins);
  for (const c of chunks) {
    addToHistogramFast(fast, c);
    addToHistogram(ref, c);
    expectSame(fast, ref);
  }
}

describe('one-pass histogram chunk', () => {
  it('counts random chunks whose range grows exactly as the reference', () => {
    const rng = createRng('histogram-chunk');
    const chunks: Float32Array[] = [];
    for (let c = 0; c < 40; c++) {
      const scale = 0.01 * 2 ** Math.floor(c / 8);
      chunks.push(Float32Array.from({ length: 5000 + 97 * c }, () => rng.normal(0, scale)));
    }
    feed(chunks);
    feed(chunks, 4);
  });

  it('matches on zeros first, non-finite values, −0, subnormals and the edges of the range', () => {
    const f = Math.fround;
    const edges = (r: number) => [r, -r, f(r * (1 - 2 ** -24)), -f(r * (1 - 2 ** -24)), f(r / 2), -f(r / 2), 0, -0];
    feed([
      new Float32Array(100), // zeros before any range
      Float32Array.from([-0, 0, 0.25, -0]),
      Float32Array.from([NaN, Infinity, -Infinity, 0.1, -0.3, 1e-45, -1e-45, 1.2e-38]),
      Float32Array.from(edges(0.5)), // 0.5 reaches the range 0.5: the reference grows it
      Float32Array.from(edges(1)),
      Float32Array.from(edges(0.5)), // inside the grown range: the one-pass path
      Float32Array.from([NaN, NaN, 0.999999940395, -0.999999940395, 3e-39]),
      new Float32Array(0),
      Float32Array.from([Infinity, -Infinity, NaN]),
    ]);
  });

  it('matches chunk after chunk of a fixed range (the inspector\'s usual case)', () => {
    const rng = createRng('histogram-chunk-steady');
    const first = Float32Array.from({ length: 4096 }, () => rng.normal(0, 0.02));
    first[0] = 0.2; // fixes a range the later chunks stay inside
    const chunks = [first];
    for (let c = 0; c < 20; c++) chunks.push(Float32Array.from({ length: 4096 }, () => Math.max(-0.19, Math.min(0.19, rng.normal(0, 0.02)))));
    // Non-finite values in the middle and at the end of a chunk, and one value past the range at its end.
    chunks[5]![100] = NaN, chunks[5]![101] = Infinity, chunks[5]![4095] = -Infinity;
    chunks[6]![2000] = NaN;
    chunks[9]![4095] = 0.3;
    feed(chunks, 512);
  });
});
