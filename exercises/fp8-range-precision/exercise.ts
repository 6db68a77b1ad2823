import { decodeFloat, FORMATS, maxFinite, meanAbsRelativeError, roundToFormatValue, type FloatFormat } from '../../src/core/index.ts';
import type { Rng } from '../../src/core/rng.ts';
import { defineExercise, type CaseInput } from '../../src/grading/exercise.ts';
import { between } from '../float-values.ts';

/** The two OCP FP8 formats, by the names the learner's functions take. */
const FP8 = { e4m3: FORMATS.e4m3fn, e5m2: FORMATS.e5m2 } as const;
type Fp8 = keyof typeof FP8;

/** |round(x) − x| / |x| in one FP8 format (0 for x = 0, Infinity when rounding overflows). */
function fp8RelativeError(x: number, name: Fp8): number {
  const f = FP8[name];
  if (!f) throw new RangeError(`unknown FP8 format "${String(name)}": use "e4m3" or "e5m2"`);
  const r = roundToFormatValue(x, f);
  return Number.isFinite(r) ? meanAbsRelativeError([x], [r]) : Infinity;
}

/** Which format stores x with the smaller relative error. */
function fp8MoreAccurate(x: number): Fp8 | 'equal' {
  const a = fp8RelativeError(x, 'e4m3'), b = fp8RelativeError(x, 'e5m2');
  return a < b ? 'e4m3' : b < a ? 'e5m2' : 'equal';
}

/** Where rounding starts to overflow: half a step above the largest finite value. */
function overflowEdge(f: FloatFormat): number {
  const max = maxFinite(f);
  return max + 2 ** Math.floor(Math.log2(max)) * 2 ** -f.significandBits / 2;
}
const OVERFLOW_EDGES = [overflowEdge(FP8.e4m3), overflowEdge(FP8.e5m2)]; // 464 and 61440

/** A value of the kinds the lesson talks about: weights, tiny gradients, large activations, exact codes. */
function drawValue(rng: Rng): { x: number; kind: string } {
  const sign = rng.next() < 0.5 ? -1 : 1;
  switch (rng.int(0, 4)) {
    case 0: return { x: rng.normal(0, rng.pick([0.02, 0.1, 0.5, 1])), kind: 'a weight-sized value' };
    case 1: return { x: sign * 2 ** rng.uniform(-20, -8), kind: 'a tiny, gradient-sized value' };
    case 2: return { x: sign * 2 ** rng.uniform(8, 16.5), kind: 'a large value, near or past 448' };
    case 3: return { x: decodeFloat(rng.int(1, 0x7b), FP8.e5m2) * sign, kind: 'a value E5M2 stores exactly' };
    default: return { x: sign * 2 ** rng.uniform(-18, 17), kind: 'a value of any magnitude' };
  }
}

/**
 * Whether an input sits within float noise of a jump: the errors jump at the overflow edges, and
 * `moreAccurate` flips where the two errors nearly meet; a solution that computes the same thing in
 * another order must not fail there.
 */
function isNearTie(input: CaseInput): boolean {
  const x = input.args[0] as number;
  if (OVERFLOW_EDGES.some((t) => Math.abs(Math.abs(x) - t) <= 1e-9 * t)) return true;
  if (input.fn !== 'moreAccurate') return false;
  const a = fp8RelativeError(x, 'e4m3'), b = fp8RelativeError(x, 'e5m2');
  return a !== b && Number.isFinite(a) && Number.isFinite(b) && Math.abs(a - b) <= 1e-9 * Math.max(a, b);
}

const rel = (x: number, format: Fp8, kind: string): CaseInput => ({ fn: 'relativeError', args: [x, format], kind: `${kind} in ${format === 'e4m3' ? 'E4M3' : 'E5M2'}` });
const more = (x: number, kind: string): CaseInput => ({ fn: 'moreAccurate', args: [x], kind });
const signed = (rng: Rng, x: number) => (rng.next() < 0.5 ? -x : x);

/** A value drawn by `draw` for which moreAccurate gives `want` (a bounded search; `fallback` if none turns up). */
function whereMoreAccurate(rng: Rng, want: Fp8 | 'equal', draw: () => number, fallback: number): number {
  for (let tries = 0; tries < 50; tries++) {
    const x = draw();
    if (fp8MoreAccurate(x) === want && !isNearTie(more(x, ''))) return x;
  }
  return fallback;
}

/**
 * The first cases of every run, whatever the seed: zero; both sides of each format's overflow edge,
 * including the values past the largest one that still round back to it (448 to 464, 57344 to 61440)
 * and the ranges a wrong largest value would keep finite (480 in E4M3, 114688 in E5M2); subnormals;
 * values rounding up and down; and moreAccurate's three answers, with each kind of 'equal' and the
 * values just below E4M3's normal range (2^-9 to 2^-7) where E5M2 already wins.
 */
const FIRST: ((rng: Rng) => CaseInput)[] = [
  () => rel(0, 'e4m3', 'zero'),
  () => rel(0, 'e5m2', 'zero'),
  () => more(0, 'zero'),
  (rng) => rel(signed(rng, rng.uniform(449, 463)), 'e4m3', 'just past 448: rounds back to it'),
  (rng) => more(signed(rng, rng.uniform(449, 463)), 'just past 448: both round to 448'),
  (rng) => rel(signed(rng, rng.uniform(466, 495)), 'e4m3', 'past 448, rounds past it'),
  (rng) => rel(signed(rng, rng.uniform(250, 440)), 'e4m3', 'a large value below 448'),
  (rng) => rel(signed(rng, rng.uniform(57400, 61400)), 'e5m2', 'just past 57344: rounds back to it'),
  (rng) => rel(signed(rng, rng.uniform(62000, 118000)), 'e5m2', 'past 57344, rounds past it'),
  (rng) => rel(signed(rng, between(rng, FP8.e4m3, rng.uniform(0.1, 0.9), true)), 'e4m3', 'a subnormal value'),
  (rng) => rel(signed(rng, between(rng, FP8.e5m2, rng.uniform(0.1, 0.9), true)), 'e5m2', 'a subnormal value'),
  (rng) => rel(signed(rng, between(rng, FP8.e4m3, rng.uniform(0.6, 0.95))), 'e4m3', 'a value nearer its upper neighbour'),
  (rng) => rel(signed(rng, between(rng, FP8.e5m2, rng.uniform(0.05, 0.4))), 'e5m2', 'a value nearer its lower neighbour'),
  (rng) => more(signed(rng, 1.5 * 2 ** rng.int(-6, 7)), 'a value both store exactly'),
  (rng) => more(whereMoreAccurate(rng, 'equal', () => signed(rng, 2 ** rng.uniform(-5, 8)), 1.01), 'a value both round to the same neighbour'),
  (rng) => more(signed(rng, rng.uniform(62000, 1e6)), 'a value both formats overflow'),
  (rng) => more(whereMoreAccurate(rng, 'e4m3', () => signed(rng, 2 ** rng.uniform(-5, 8)), 1.1), 'a value inside E4M3\'s normal range'),
  (rng) => more(signed(rng, rng.uniform(470, 57000)), 'a value past 448'),
  (rng) => more(whereMoreAccurate(rng, 'e5m2', () => signed(rng, 2 ** rng.uniform(-9, -7)), 0.0049), 'a value just below E4M3\'s normal range'),
];

export default defineExercise({
  id: 'fp8-range-precision',
  title: 'FP8: E4M3 or E5M2?',
  statement: `The two 8-bit float formats split their 7 non-sign bits differently:

- \`'e4m3'\` (OCP E4M3FN): 4 exponent bits, 3 significand bits, bias 7, largest value 448. No infinities: rounding past 448 gives NaN.
- \`'e5m2'\` (OCP E5M2): 5 exponent bits, 2 significand bits, bias 15, largest value 57344. IEEE-style: rounding past it gives ±Infinity.

Implement two functions:

- \`relativeError(x, format)\`: round \`x\` to the nearest value of \`format\` (round to nearest; subnormals below the smallest normal value \`2^(1 - bias)\`) and return \`|rounded − x| / |x|\`. Return \`0\` for \`x = 0\`, and \`Infinity\` when the rounded value is beyond the largest finite value (the format cannot hold \`x\` at all).
- \`moreAccurate(x)\`: \`'e4m3'\` or \`'e5m2'\`, whichever stores \`x\` with the smaller relative error, or \`'equal'\` when the two errors are the same (both exact, both rounding to the same value, or both overflowing).

\`x\` is always a finite number. Relative errors are compared with a relative tolerance of 1e-12; no hidden case sits within float noise of an overflow edge or of a near-draw between the formats.`,
  functions: ['relativeError', 'moreAccurate'],
  reference: {
    relativeError: (x: number, format: Fp8) => fp8RelativeError(x, format),
    moreAccurate: (x: number) => fp8MoreAccurate(x),
  },
  examples: [
    { fn: 'relativeError', args: [0.3, 'e4m3'], kind: 'a weight in E4M3' },
    { fn: 'relativeError', args: [1.1, 'e5m2'], kind: 'near 1, E5M2 has steps of 0.25' },
    { fn: 'relativeError', args: [1000, 'e4m3'], kind: 'past E4M3\'s largest value' },
    { fn: 'relativeError', args: [460, 'e4m3'], kind: 'past 448, yet it rounds back to 448' },
    { fn: 'relativeError', args: [0.0001, 'e4m3'], kind: 'below half of E4M3\'s smallest subnormal: rounds to 0' },
    { fn: 'moreAccurate', args: [1.1], kind: 'near 1, E4M3\'s extra significand bit wins' },
    { fn: 'moreAccurate', args: [0.0001], kind: 'tiny values need E5M2\'s range' },
    { fn: 'moreAccurate', args: [1.5], kind: 'both store 1.5 exactly' },
  ],
  rules: [
    { id: 'e4m3-format', states: "`'e4m3'` (OCP E4M3FN): 4 exponent bits, 3 significand bits, bias 7, largest value 448. No infinities: rounding past 448 gives NaN." },
    { id: 'e5m2-format', states: "`'e5m2'` (OCP E5M2): 5 exponent bits, 2 significand bits, bias 15, largest value 57344. IEEE-style: rounding past it gives ±Infinity." },
    { id: 'round-nearest', states: 'round `x` to the nearest value of `format`' },
    { id: 'subnormals', states: 'subnormals below the smallest normal value `2^(1 - bias)`' },
    { id: 'relative-error', states: 'return `|rounded − x| / |x|`' },
    { id: 'zero', states: 'Return `0` for `x = 0`' },
    { id: 'overflow', states: '`Infinity` when the rounded value is beyond the largest finite value' },
    { id: 'more-accurate', states: 'whichever stores `x` with the smaller relative error' },
    { id: 'equal', states: "or `'equal'` when the two errors are the same (both exact, both rounding to the same value, or both overflowing)" },
  ],
  generate(rng, i) {
    if (i < FIRST.length) return FIRST[i]!(rng);
    const { x, kind } = drawValue(rng);
    if (rng.next() < 0.5) {
      const format = rng.pick(['e4m3', 'e5m2'] as const);
      return { fn: 'relativeError', args: [x, format], kind: `${kind} in ${format === 'e4m3' ? 'E4M3' : 'E5M2'}` };
    }
    return { fn: 'moreAccurate', args: [x], kind };
  },
  isNearTie,
  tolerance: { relativeError: { rel: 1e-12, abs: 0 }, moreAccurate: 'exact' },
  hints: [
    'With m significand bits, the values in [2^e, 2^(e+1)) are 2^(e - m) apart. Below the smallest normal value, 2^(1 - bias), the step stays at its subnormal size 2^(1 - bias - m).',
    'Round |x| to the nearest multiple of that step. If the result is larger than the format\'s largest value (448 or 57344), the format cannot hold x: the error is Infinity.',
    'moreAccurate is two calls of relativeError and a comparison: equal errors, Infinity included, give \'equal\'.',
  ],
});
