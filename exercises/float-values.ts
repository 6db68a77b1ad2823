/**
 * Inputs for the float-encoding exercises: values exactly on, between, and halfway between
 * representable neighbours of a format, plus overflow, underflow and the special values.
 */
import { decodeFloat, encodeFloat, maxFinite, minSubnormal, nextUp, type FloatFormat } from '../src/core/index.ts';
import type { Rng } from '../src/core/rng.ts';

/** A value to encode, and a learner-facing description of why it is interesting. */
export function interestingValue(rng: Rng, f: FloatFormat): { x: number; kind: string } {
  const total = 1 + f.exponentBits + f.significandBits;
  const sign = rng.next() < 0.5 ? -1 : 1;
  const max = maxFinite(f);
  // A random finite, non-negative code below the largest finite value, and its upper neighbour.
  let lo = 0, hi = 0;
  for (let tries = 0; tries < 50; tries++) {
    const code = rng.int(0, 2 ** (total - 1) - 1);
    lo = decodeFloat(code, f);
    if (!Number.isFinite(lo) || lo >= max) continue;
    hi = decodeFloat(nextUp(code, f), f);
    if (Number.isFinite(hi)) break;
  }
  switch (rng.int(0, 9)) {
    case 0: return { x: sign * lo, kind: 'a value the format holds exactly' };
    case 1:
    case 2: return { x: sign * (lo + (hi - lo) / 2), kind: 'a tie: exactly halfway between two neighbours' };
    case 3:
    case 4: return { x: sign * (lo + (hi - lo) * rng.uniform(0.01, 0.99)), kind: 'a value between two neighbours' };
    case 5: return { x: sign * max * rng.uniform(1, 1.2), kind: 'a value just past the largest finite one' };
    case 6: return { x: sign * minSubnormal(f) * rng.pick([0.5, 0.25, 0.75, 1.5]), kind: 'a value near the smallest subnormal' };
    case 7: return { x: rng.pick([Infinity, -Infinity, 0, -0, 1e300, -1e-300]), kind: 'a special or extreme value' };
    case 8: return { x: f.specials === 'none' ? sign * max : NaN, kind: f.specials === 'none' ? 'the largest finite value' : 'NaN' };
    default: return { x: sign * 2 ** rng.int(-30, 30) * rng.uniform(1, 2), kind: 'a value of any size' };
  }
}

/** The encoded bits, used by generators to make sure the reference accepts an input. */
export function encodes(x: number, f: FloatFormat, saturate: boolean): boolean {
  try {
    encodeFloat(x, f, { saturate });
    return true;
  } catch {
    return false;
  }
}

// Values that tell the rounding rules apart. The float exercises draw them first in every run, so a
// rule broken the way learners break it (ties away from zero, overflow judged before rounding,
// flushing subnormals) fails whatever the seed, not only when the random draw happens on them.

/** The spacing of the values of `f` in the binade of its largest finite value. */
export const topStep = (f: FloatFormat): number => 2 ** (Math.floor(Math.log2(maxFinite(f))) - f.significandBits);

/**
 * A positive value exactly halfway between two neighbouring finite values of `f`, the lower one
 * with an even significand (ties to even rounds down, ties away rounds up) or an odd one (the reverse).
 */
export function tieValue(rng: Rng, f: FloatFormat, lowerEven: boolean): number {
  let code = rng.int(0, encodeFloat(maxFinite(f), f) - 1);
  if (code % 2 !== (lowerEven ? 0 : 1)) code = code > 0 ? code - 1 : 1; // the code's last bit is the significand's
  const lo = decodeFloat(code, f), hi = decodeFloat(code + 1, f);
  return lo + (hi - lo) / 2;
}

/**
 * A positive value between two neighbouring finite values of `f`, `at` of the way from the lower
 * one (0 < at < 1); with `subnormal`, below the smallest normal value.
 */
export function between(rng: Rng, f: FloatFormat, at: number, subnormal = false): number {
  const code = rng.int(0, subnormal ? 2 ** f.significandBits - 1 : encodeFloat(maxFinite(f), f) - 1);
  const lo = decodeFloat(code, f), hi = decodeFloat(code + 1, f);
  return lo + (hi - lo) * at;
}

/** A value past the largest finite one that still rounds back to it (under half a step past). */
export const pastMax = (rng: Rng, f: FloatFormat): number => maxFinite(f) + topStep(f) * rng.uniform(0.05, 0.45);

/** The tie at the overflow edge: half a step past the largest finite value. */
export const overflowTie = (f: FloatFormat): number => maxFinite(f) + topStep(f) / 2;

/** A value that overflows however it is rounded (more than half a step past the largest finite value). */
export const beyondMax = (rng: Rng, f: FloatFormat): number => maxFinite(f) + topStep(f) * rng.uniform(0.55, 4);
