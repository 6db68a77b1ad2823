import { FORMATS, minSubnormal, roundToFormat, type FloatFormat } from '../../src/core/index.ts';
import type { Rng } from '../../src/core/rng.ts';
import { defineExercise, type CaseInput } from '../../src/grading/exercise.ts';
import { beyondMax, between, interestingValue, overflowTie, pastMax, tieValue } from '../float-values.ts';
import { EXERCISE_FORMATS, pickFormat, plain } from '../formats.ts';

const f16 = plain(FORMATS.float16), e4m3 = plain(FORMATS.e4m3fn), e2m1 = plain(FORMATS.e2m1);
const IEEE = EXERCISE_FORMATS.filter((f) => f.specials === 'ieee').map(plain);
const call = (values: number[], f: FloatFormat, kind: string): CaseInput => ({ fn: 'roundToFormat', args: [values, f], kind: `${values.length} values into ${f.name}: ${kind}` });
const ieee = (rng: Rng, build: (f: FloatFormat) => number[], kind: string): CaseInput => {
  const f = rng.pick(IEEE);
  return call(build(f), f, kind);
};

/**
 * The first cases of every run, whatever the seed: for each rule of the statement, values where it
 * and the way learners get it wrong round differently (ties with an even and with an odd lower
 * neighbour, subnormals and half the smallest subnormal, both sides of every kind of overflow edge,
 * ±Infinity, NaN, -0 and tiny negative values). Random formats where any format shows the rule.
 */
const EDGES: ((rng: Rng) => CaseInput)[] = [
  (rng) => ieee(rng, (f) => [tieValue(rng, f, true), -tieValue(rng, f, false)], 'ties between two neighbours'),
  (rng) => ieee(rng, (f) => [between(rng, f, rng.uniform(0.6, 0.95)), -between(rng, f, rng.uniform(0.6, 0.95))], 'values nearer their upper neighbour'),
  (rng) => ieee(rng, (f) => [between(rng, f, rng.uniform(0.55, 0.95), true), minSubnormal(f) / 2], 'values below the normal range'),
  (rng) => call([-between(rng, e4m3, rng.uniform(0.05, 0.45), true), -minSubnormal(e4m3) / 2], e4m3, 'values below the normal range'),
  () => call([65519, -65520], f16, 'around the largest finite value'),
  (rng) => ieee(rng, (f) => [-pastMax(rng, f), overflowTie(f)], 'around the largest finite value'),
  (rng) => call([pastMax(rng, e4m3), -464], e4m3, 'around the largest finite value'),
  (rng) => ieee(rng, (f) => [beyondMax(rng, f), -beyondMax(rng, f), -Infinity], 'overflow and -Infinity'),
  (rng) => call([-beyondMax(rng, e4m3), Infinity], e4m3, 'overflow and Infinity'),
  (rng) => call([beyondMax(rng, e2m1), -Infinity], e2m1, 'overflow and -Infinity'),
  (rng) => ieee(rng, (f) => [NaN, 1, -0], 'NaN, 1 and -0'),
  () => call([NaN, -0.5], e4m3, 'NaN'),
  (rng) => ieee(rng, (f) => [-minSubnormal(f) * rng.uniform(0.01, 0.45), -0], 'a tiny negative value and -0'),
];

export default defineExercise({
  id: 'round-to-format',
  title: 'Round to the nearest representable value',
  statement: `Implement \`roundToFormat(values, format)\`: replace each value by the nearest value \`format\` can represent — the simplest quantization there is.

Use the same rules as \`encodeFloat\`:

- round to nearest, ties to even; gradual underflow into subnormals;
- round first, then check for overflow (float16 65519 becomes 65504);
- overflow, and ±Infinity, give ±Infinity in \`'ieee'\` formats, NaN in \`'nan-only'\` formats and ±max in \`'none'\` formats (E2M1);
- NaN stays NaN; -0 stays -0, and a negative value that rounds to zero gives -0.

Encoding and then decoding is one way to do it, if you have written both.

Compared exactly: -0 must come back as -0.`,
  functions: ['roundToFormat'],
  reference: { roundToFormat: (values: number[], f: FloatFormat) => roundToFormat(values, f) },
  examples: [
    { fn: 'roundToFormat', args: [[0.1, 0.7, 2.6, 5.1, 100], plain(FORMATS.e2m1)], kind: 'weights into E2M1: small ones collapse to 0 or 0.5' },
    { fn: 'roundToFormat', args: [[0.1, 1 / 3, 3.14159], plain(FORMATS.bfloat16)], kind: 'bfloat16 keeps about 2 digits' },
    { fn: 'roundToFormat', args: [[0.25, 0.75, -1.25], plain(FORMATS.e2m1)], kind: 'ties go to the even neighbour' },
  ],
  rules: [
    { id: 'nearest', states: 'round to nearest' },
    { id: 'ties-to-even', states: 'ties to even' },
    { id: 'subnormals', states: 'gradual underflow into subnormals' },
    { id: 'round-then-overflow', states: 'round first, then check for overflow (float16 65519 becomes 65504)' },
    { id: 'ieee-overflow', states: "overflow, and ±Infinity, give ±Infinity in `'ieee'` formats" },
    { id: 'nan-only-overflow', states: "NaN in `'nan-only'` formats" },
    { id: 'none-overflow', states: "±max in `'none'` formats (E2M1)" },
    { id: 'nan', states: 'NaN stays NaN' },
    { id: 'signed-zero', states: '-0 stays -0' },
    { id: 'underflow-sign', states: 'a negative value that rounds to zero gives -0' },
  ],
  generate(rng, i) {
    if (i < EDGES.length) return EDGES[i]!(rng);
    const f = pickFormat(rng);
    const n = rng.int(1, 12);
    const picks = Array.from({ length: n }, () => {
      let v = interestingValue(rng, f);
      while (f.specials === 'none' && Number.isNaN(v.x)) v = interestingValue(rng, f);
      return v;
    });
    return { fn: 'roundToFormat', args: [picks.map((p) => p.x), f], kind: `${n} values into ${f.name}, e.g. ${picks[0]!.kind}` };
  },
  tolerance: { '*': 'identical' },
  aboutTies: true,
  hints: [
    'Find the two representable neighbours around |x| (the spacing is 2^(exponent - significandBits)) and pick the closer one.',
    'On an exact tie, pick the neighbour whose significand is even (its last bit is 0).',
    'If you wrote encodeFloat and decodeFloat, `values.map((x) => decodeFloat(encodeFloat(x, format, false), format))` is a complete answer.',
  ],
});
