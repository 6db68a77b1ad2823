/**
 * The value builders the float exercises draw first in every run (exercises/float-values.ts): each
 * must land where its rule is told apart, in every format the exercises use, or the wrong variants
 * that `quantcourse check` proves failing would pass on some seed again.
 */
import { describe, expect, it } from 'vitest';
import { encodeFloat, maxFinite, maxFiniteCode, minNormal } from '../../src/core/index.ts';
import { createRng } from '../../src/core/rng.ts';
import { stepFloat64 } from '../../src/grading/ties.ts';
import { beyondMax, between, overflowTie, pastMax, tieValue, topStep } from '../../exercises/float-values.ts';
import { EXERCISE_FORMATS } from '../../exercises/formats.ts';

const DRAWS = 200;

describe.each(EXERCISE_FORMATS.map((f) => [f.name, f] as const))('value builders in %s', (_, f) => {
  const rng = createRng(`float-values:${f.name}`);
  const code = (x: number) => encodeFloat(x, f);

  it('tieValue sits exactly halfway, above an even or an odd code as asked', () => {
    for (let i = 0; i < DRAWS; i++) {
      const lowerEven = i % 2 === 0;
      const x = tieValue(rng, f, lowerEven);
      const below = code(stepFloat64(x, -1)), above = code(stepFloat64(x, 1));
      expect(above).toBe(below + 1); // a hair either side rounds to the two neighbours
      expect(below % 2).toBe(lowerEven ? 0 : 1);
      expect(code(x)).toBe(below % 2 === 0 ? below : above); // the tie goes to the even one
    }
  });

  it('between lands strictly inside a gap, below the normal range when asked', () => {
    for (let i = 0; i < DRAWS; i++) {
      const x = between(rng, f, 0.75), sub = between(rng, f, 0.25, true);
      expect(code(x)).toBe(code(stepFloat64(x, 1))); // not on a tie
      expect(x).toBeLessThan(maxFinite(f));
      expect(sub).toBeLessThan(minNormal(f));
      expect(sub).toBeGreaterThan(0);
    }
  });

  it('pastMax rounds back to the largest finite value; overflowTie and beyondMax do not', () => {
    for (let i = 0; i < DRAWS; i++) {
      const x = pastMax(rng, f);
      expect(x).toBeGreaterThan(maxFinite(f));
      expect(code(x)).toBe(maxFiniteCode(f));
      expect(beyondMax(rng, f)).toBeGreaterThan(overflowTie(f));
    }
    const tie = overflowTie(f);
    expect(tie - maxFinite(f)).toBe(topStep(f) / 2);
    // Rounding with an unbounded exponent goes past max just above the tie, back to max just below.
    expect(code(stepFloat64(tie, -1))).toBe(maxFiniteCode(f));
    if (f.specials === 'ieee') expect(code(stepFloat64(tie, 1))).toBeGreaterThan(maxFiniteCode(f));
  });
});
