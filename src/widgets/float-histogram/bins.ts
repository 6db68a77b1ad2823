/** Where a format's values lie: exact counts per interval or per binade, all from the core's countRepresentable. */
import { countRepresentable, maxFinite, minNormal, type FloatFormat } from '../../core/index.ts';
import { fmt } from '../shared/dom.ts';

/** One bar: its interval [lo, hi) (the last bar is closed), how many codes lie there, and a label. */
export interface Bin { lo: number; hi: number; count: number; label: string; loLabel: string; hiLabel: string }

/** Codes with lo <= v < hi (or <= hi when `closed`), so adjacent bins never count a value twice. */
function countBin(lo: number, hi: number, f: FloatFormat, closed: boolean): number {
  return countRepresentable(lo, hi, f) - (closed ? 0 : countRepresentable(hi, hi, f));
}

/** `n` equal-width bins over [-range, range]. */
export function linearBins(range: number, n: number, f: FloatFormat): Bin[] {
  const w = (2 * range) / n;
  return Array.from({ length: n }, (_, i) => {
    const lo = -range + i * w, hi = -range + (i + 1) * w;
    return { lo, hi, count: countBin(lo, hi, f, i === n - 1), label: `[${fmt(lo, 4)}, ${fmt(hi, 4)}${i === n - 1 ? ']' : ')'}`, loLabel: fmt(lo, 3), hiLabel: fmt(hi, 3) };
  });
}

/**
 * Bins over the positive half, one per binade [2^k, 2^(k+1)) (zero and the subnormals in [0, 2^(1-bias))
 * first), merging consecutive binades so there are at most `maxBars` bars.
 */
export function binadeBins(f: FloatFormat, maxBars = 64): Bin[] {
  const eMin = Math.log2(minNormal(f)), eMax = Math.floor(Math.log2(maxFinite(f)));
  const binades = eMax - eMin + 1;
  const group = Math.ceil((binades + 1) / maxBars);
  const bins: Bin[] = [{ lo: 0, hi: minNormal(f), count: countBin(0, minNormal(f), f, false) - 1 /* -0 belongs to the mirrored negative half */, label: `zero and subnormals [0, 2^${eMin})`, loLabel: '0', hiLabel: `2^${eMin}` }];
  for (let k = eMin; k <= eMax; k += group) {
    const top = Math.min(k + group, eMax + 1);
    const last = top === eMax + 1;
    const lo = 2 ** k, hi = last ? maxFinite(f) : 2 ** top;
    bins.push({ lo, hi, count: countBin(lo, hi, f, last), label: last ? `[2^${k}, largest value ${fmt(hi, 4)}]` : `[2^${k}, 2^${top})`, loLabel: `2^${k}`, hiLabel: fmt(hi, 3) });
  }
  return bins;
}
