/**
 * addToHistogram (src/core/metrics/histogram.ts) in one pass for the usual chunk, one whose values all lie
 * inside the histogram's current range. The reference first scans the chunk for its largest magnitude
 * (to grow the range before binning), then bins; here the chunk is binned straight away into integer
 * scratch counts, and if a value reaches the range the scratch is dropped and the reference does the
 * chunk. Counts, min, max and the sums come out identical: the same expressions in the same order.
 * tests/core/fast/histogram-chunk.test.ts holds it to the reference.
 */
import { addToHistogram, type ValueHistogram } from '../metrics/histogram.ts';

let scratch = /* @__PURE__ */ new Int32Array(0);

/** Add a chunk of values to `h`, exactly as addToHistogram does. */
export function addToHistogramFast(h: ValueHistogram, values: Float32Array): void {
  const range = h.range, n = h.counts.length;
  // Int32 counts: a chunk of fewer than 2^31 values cannot overflow them.
  if (range === 0 || values.length >= 2 ** 31) return addToHistogram(h, values);
  if (scratch.length !== n) scratch = new Int32Array(n);
  else scratch.fill(0);
  const local = scratch, k = n / (2 * range), last = n - 1;
  let min = h.min, max = h.max, sum = 0, sq = 0, nonFinite = 0;
  const len = values.length;
  for (let i = 0; i < len;) {
    // The usual value, in a loop that does nothing else: V8 compiles it about three times faster than one
    // loop that also counts NaNs.
    for (; i < len; i++) {
      const x = values[i]!;
      if (!(x < range && x > -range)) break; // NaN fails both tests
      sum += x;
      sq += x * x;
      if (x < min) min = x;
      if (x > max) max = x;
      // x + range > 0 here, so truncation is the reference's Math.floor.
      const b = ((x + range) * k) | 0;
      local[b > last ? last : b]!++; // x just under range can round up to the edge
    }
    if (i < len) {
      const x = values[i++]!;
      if (x - x !== 0) nonFinite++; // NaN and ±Infinity: x − x is NaN
      else return addToHistogram(h, values); // the reference grows the range first: leave this chunk to it
    }
  }
  const counts = h.counts;
  for (let b = 0; b < n; b++) counts[b]! += local[b]!;
  h.count += values.length - nonFinite;
  h.nonFinite += nonFinite;
  h.min = min;
  h.max = max;
  h.sum += sum;
  h.sumSquares += sq;
}
