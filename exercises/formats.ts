/**
 * Float formats as exercises pass them to learner code: plain objects, so the learner's
 * functions work for any format, not just the named ones.
 */
import { defineFormat, FORMATS, type FloatFormat } from '../src/core/index.ts';
import type { Rng } from '../src/core/rng.ts';

/** The named formats plus a few made-up ones, so a solution cannot special-case names. */
export const EXERCISE_FORMATS: FloatFormat[] = [
  FORMATS.float32, FORMATS.float16, FORMATS.bfloat16, FORMATS.e4m3fn, FORMATS.e5m2, FORMATS.e2m1,
  FORMATS.fp8_e4m3_ieee, FORMATS.fp4_e2m1_ieee,
  defineFormat({ name: 'e3m2', exponentBits: 3, significandBits: 2 }),
  defineFormat({ name: 'e6m9', exponentBits: 6, significandBits: 9 }),
];

/** A copy of a format as plain data (what crosses into the sandbox). */
export function plain(f: FloatFormat): FloatFormat {
  return { name: f.name, exponentBits: f.exponentBits, significandBits: f.significandBits, bias: f.bias, specials: f.specials };
}

/** A random format from the list, as plain data. */
export function pickFormat(rng: Rng, small = false): FloatFormat {
  const pool = small ? EXERCISE_FORMATS.filter((f) => f.exponentBits + f.significandBits < 16) : EXERCISE_FORMATS;
  return plain(rng.pick(pool));
}
