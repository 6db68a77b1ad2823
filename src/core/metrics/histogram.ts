/**
 * A histogram of values that arrive in chunks (a tensor too big to hold as float32 at once): equal bins
 * over [−range, range), where range is a power of two that doubles, merging bins pairwise, whenever a
 * value reaches it. No second pass over the data is needed, and the bins stay exact counts.
 */

/** Running counts and moments of the values added so far. */
export interface ValueHistogram {
  /** The bins cover [−range, range); 0 until a non-zero value has been seen. */
  range: number;
  /** Counts per bin (an even number of bins; 0 falls in bin bins/2). */
  counts: Float64Array;
  /** Finite values counted. */
  count: number;
  /** Zeros seen before any non-zero value fixed the range. */
  pendingZeros: number;
  /** NaN and ±Infinity values, left out of the bins and moments. */
  nonFinite: number;
  min: number;
  max: number;
  sum: number;
  sumSquares: number;
}

/** An empty histogram of `bins` bins (even, at least 4). */
export function createHistogram(bins = 512): ValueHistogram {
  if (!Number.isInteger(bins) || bins < 4 || bins % 2) throw new RangeError(`a histogram needs an even number of bins, at least 4; got ${bins}`);
  return { range: 0, counts: new Float64Array(bins), count: 0, pendingZeros: 0, nonFinite: 0, min: Infinity, max: -Infinity, sum: 0, sumSquares: 0 };
}

/** Double the range: the old bins, merged in pairs, fill the middle half. */
function grow(h: ValueHistogram): void {
  const n = h.counts.length, next = new Float64Array(n);
  for (let i = 0; i < n / 2; i++) next[n / 4 + i] = h.counts[2 * i]! + h.counts[2 * i + 1]!;
  h.counts = next;
  h.range *= 2;
}

/** Add a chunk of values. */
export function addToHistogram(h: ValueHistogram, values: Float32Array): void {
  let amax = 0;
  for (let i = 0; i < values.length; i++) {
    const a = Math.abs(values[i]!);
    if (a > amax && a !== Infinity) amax = a;
  }
  if (h.range === 0 && amax > 0) {
    h.range = 2 ** Math.ceil(Math.log2(amax));
    if (amax >= h.range) h.range *= 2;
    h.counts[h.counts.length / 2]! += h.pendingZeros;
    h.pendingZeros = 0;
  }
  while (h.range > 0 && amax >= h.range) grow(h);
  const n = h.counts.length, counts = h.counts, range = h.range, k = n / (2 * range);
  let min = h.min, max = h.max, sum = 0, sq = 0, finite = 0;
  for (let i = 0; i < values.length; i++) {
    const x = values[i]!;
    if (x - x !== 0) { h.nonFinite++; continue; } // NaN and ±Infinity: x − x is NaN
    finite++;
    sum += x;
    sq += x * x;
    if (x < min) min = x;
    if (x > max) max = x;
    if (range === 0) { h.pendingZeros++; continue; }
    let b = Math.floor((x + range) * k);
    if (b >= n) b = n - 1; // x just under range can round up to the edge
    counts[b]!++;
  }
  h.count += finite;
  h.min = min;
  h.max = max;
  h.sum += sum;
  h.sumSquares += sq;
}

/** Bars to draw: the occupied span of the bins, grouped so there are at most `maxBars`. */
export interface HistogramBars {
  /** Left edge of the first bar and width of each. */
  lo: number;
  width: number;
  counts: number[];
}

/** The bins from the first to the last non-empty one, grouped into at most maxBars bars of equal width. */
export function histogramBars(h: ValueHistogram, maxBars = 64): HistogramBars {
  if (h.range === 0) return { lo: 0, width: 0, counts: h.count ? [h.count] : [] };
  const n = h.counts.length, step = (2 * h.range) / n;
  let first = 0, last = n - 1;
  while (first < n && h.counts[first] === 0) first++;
  while (last > first && h.counts[last] === 0) last--;
  const group = Math.max(1, Math.ceil((last - first + 1) / maxBars));
  const counts: number[] = [];
  for (let b = first; b <= last; b += group) {
    let c = 0;
    for (let j = b; j < Math.min(b + group, last + 1); j++) c += h.counts[j]!;
    counts.push(c);
  }
  return { lo: -h.range + first * step, width: group * step, counts };
}

/** Mean and standard deviation (population) of the finite values added. */
export function histogramMoments(h: ValueHistogram): { mean: number; std: number } {
  if (h.count === 0) return { mean: NaN, std: NaN };
  const mean = h.sum / h.count;
  return { mean, std: Math.sqrt(Math.max(0, h.sumSquares / h.count - mean * mean)) };
}
