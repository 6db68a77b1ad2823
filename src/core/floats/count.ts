/**
 * Counting the codes of a format whose values fall in an interval, exactly and without listing them:
 * non-negative codes are ordered like their values, so a count is a difference of two codes.
 * This is how "over 2 billion float32 values lie in [-0.5, 0.5]" is computed rather than asserted.
 */
import { decodeFloat, encodeFloat, isRepresentable } from './codec.ts';
import { infinityCode, maxFinite, maxFiniteCode, type FloatFormat } from './format.ts';

/** How many codes with sign 0 (from +0 upward) have a value <= x, for x >= 0. */
function nonNegativeAtMost(x: number, f: FloatFormat): number {
  x = Math.abs(x); // -0 would otherwise encode to the negative zero's code
  if (x === Infinity) return (f.specials === 'ieee' ? infinityCode(f) : maxFiniteCode(f)) + 1;
  if (x >= maxFinite(f)) return maxFiniteCode(f) + 1;
  let code = encodeFloat(x, f); // nearest; below max finite, so never an overflow code
  if (decodeFloat(code, f) > x) code--;
  return code + 1;
}

/** How many codes with sign 0 have a value < x, for x >= 0. */
function nonNegativeBelow(x: number, f: FloatFormat): number {
  x = Math.abs(x);
  return nonNegativeAtMost(x, f) - (isRepresentable(x, f) ? 1 : 0);
}

/**
 * The number of codes of `f` whose value v satisfies lo <= v <= hi. NaN codes never count; +0 and -0
 * are two codes and both count when 0 is in the interval; ±Infinity count when the bounds include them.
 */
export function countRepresentable(lo: number, hi: number, f: FloatFormat): number {
  if (Number.isNaN(lo) || Number.isNaN(hi)) throw new RangeError('countRepresentable: the bounds must be numbers, got NaN');
  if (lo > hi) throw new RangeError(`countRepresentable: lo (${lo}) must not exceed hi (${hi})`);
  // Codes with sign 0 (+0 and positive values) that lie in [max(lo, 0), hi].
  const positive = hi < 0 ? 0 : nonNegativeAtMost(hi, f) - (lo > 0 ? nonNegativeBelow(lo, f) : 0);
  // Codes with sign 1 (-0 and negative values): v in [lo, hi] means |v| in [max(-hi, 0), -lo].
  const negative = lo > 0 ? 0 : nonNegativeAtMost(-lo, f) - (hi < 0 ? nonNegativeBelow(-hi, f) : 0);
  return positive + negative;
}

/** The number of codes of `f` that are not NaN (every finite value, both zeros, and ±Infinity if the format has them). */
export const countNonNaN = (f: FloatFormat): number => countRepresentable(-Infinity, Infinity, f);
