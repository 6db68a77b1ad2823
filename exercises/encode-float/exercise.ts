import { encodeFloat, FORMATS, minSubnormal, type FloatFormat } from '../../src/core/index.ts';
import type { Rng } from '../../src/core/rng.ts';
import { defineExercise, type CaseInput } from '../../src/grading/exercise.ts';
import { beyondMax, between, interestingValue, overflowTie, pastMax, tieValue } from '../float-values.ts';
import { EXERCISE_FORMATS, pickFormat, plain } from '../formats.ts';

const f32 = plain(FORMATS.float32), f16 = plain(FORMATS.float16), e4m3 = plain(FORMATS.e4m3fn), e2m1 = plain(FORMATS.e2m1);
const IEEE = EXERCISE_FORMATS.filter((f) => f.specials === 'ieee').map(plain);
const call = (x: number, f: FloatFormat, saturate: boolean, kind: string): CaseInput =>
  ({ fn: 'encodeFloat', args: [x, f, saturate], kind: `${f.name}${saturate ? ' (saturating)' : ''}: ${kind}` });

/**
 * The first cases of every run, whatever the seed: for each rule of the statement, inputs where it
 * and the way learners get it wrong give different bits (ties with an even and with an odd lower
 * neighbour, subnormals, half the smallest subnormal, -0, both sides of every kind of overflow edge,
 * ±Infinity with and without saturation, NaN, a negative float32). Random formats where any format
 * shows the rule.
 */
const EDGES: ((rng: Rng) => CaseInput)[] = [
  (rng) => { const f = rng.pick(IEEE); return call(tieValue(rng, f, true), f, false, 'a tie whose lower neighbour is even'); },
  (rng) => { const f = rng.pick(IEEE); return call(-tieValue(rng, f, false), f, false, 'a tie whose lower neighbour is odd'); },
  (rng) => { const f = rng.pick(IEEE); return call(between(rng, f, rng.uniform(0.6, 0.95)), f, false, 'a value nearer its upper neighbour'); },
  (rng) => { const f = rng.pick(IEEE); return call(-between(rng, f, rng.uniform(0.55, 0.95), true), f, false, 'a value below the normal range'); },
  (rng) => call(between(rng, e4m3, rng.uniform(0.05, 0.45), true), e4m3, false, 'a value below the normal range'),
  (rng) => { const f = rng.pick(IEEE); return call(minSubnormal(f) / 2, f, false, 'exactly half the smallest subnormal'); },
  () => call(-minSubnormal(e4m3) / 2, e4m3, false, 'minus half the smallest subnormal'),
  (rng) => { const f = rng.pick(IEEE); return call(-0, f, false, 'negative zero'); },
  (rng) => { const f = rng.pick(IEEE); return call(-minSubnormal(f) * rng.uniform(0.01, 0.45), f, false, 'a tiny negative value that rounds to zero'); },
  () => call(65519, f16, false, 'just past the largest finite value, rounds back to it'),
  () => call(-65520, f16, false, 'overflow (a tie that goes up)'),
  (rng) => { const f = rng.pick(IEEE); return call(pastMax(rng, f), f, false, 'just past the largest finite value, rounds back to it'); },
  (rng) => { const f = rng.pick(IEEE); return call(-overflowTie(f), f, false, 'halfway past the largest finite value (a tie that goes up)'); },
  (rng) => call(-pastMax(rng, e4m3), e4m3, false, 'just past the largest finite value, rounds back to it'),
  () => call(464, e4m3, false, 'halfway past the largest finite value (a tie that goes to even 448)'),
  () => call(-464, e4m3, false, 'halfway past the largest finite value (a tie that goes to even 448)'),
  (rng) => { const f = rng.pick(IEEE); return call(-beyondMax(rng, f), f, false, 'overflow'); },
  (rng) => { const f = rng.pick(IEEE); return call(Infinity, f, false, 'Infinity'); },
  (rng) => call(rng.uniform(600, 2000), e4m3, false, 'far past the largest finite value'),
  (rng) => call(-beyondMax(rng, e4m3), e4m3, false, 'overflow'),
  () => call(-Infinity, e4m3, false, '-Infinity'),
  (rng) => call(beyondMax(rng, e2m1), e2m1, false, 'overflow'),
  () => call(-Infinity, e2m1, false, '-Infinity'),
  (rng) => { const f = rng.pick(IEEE); return call(-Infinity, f, true, '-Infinity'); },
  () => call(Infinity, e4m3, true, 'Infinity'),
  (rng) => { const f = rng.pick(IEEE); return call(beyondMax(rng, f), f, true, 'overflow'); },
  (rng) => call(-beyondMax(rng, e4m3), e4m3, true, 'overflow'),
  () => call(NaN, f16, false, 'NaN'),
  (rng) => { const f = rng.pick(IEEE); return call(NaN, f, true, 'NaN'); },
  () => call(NaN, e4m3, false, 'NaN'),
  (rng) => call(-between(rng, f32, rng.uniform(0.05, 0.95)), f32, false, 'a negative value'),
];

export default defineExercise({
  id: 'encode-float',
  title: 'Encode a number into a float format',
  statement: `Implement \`encodeFloat(x, format, saturate)\`: the bits of the representable value of \`format\` nearest to \`x\`.

- Round to nearest; on a tie (exactly halfway) pick the neighbour whose significand is even. Values too small for the normal range round into subnormals; exactly half the smallest subnormal rounds to 0. Keep the sign: -0 encodes as the sign bit alone.
- Round first as if the exponent were unbounded, then check for overflow (so float16 65519 becomes 65504, and 65520, a tie that goes up, overflows).
- On overflow, and for ±Infinity: \`'ieee'\` formats give ±Infinity; \`'nan-only'\` formats (E4M3FN) give NaN with the sign kept (\`0x7f\` or \`0xff\`); \`'none'\` formats (E2M1) clamp to ±max. When \`saturate\` is true, every format clamps overflow and ±Infinity to ±max finite instead.
- NaN encodes as the canonical NaN: sign 0, exponent all ones, and the top significand bit set (float16 \`0x7e00\`); for \`'nan-only'\` formats all ones (\`0x7f\`). E2M1 inputs are never NaN.

The result is a non-negative integer (a negative float32 gives 2^31 or more), compared exactly.`,
  functions: ['encodeFloat'],
  reference: { encodeFloat: (x: number, f: FloatFormat, saturate: boolean) => encodeFloat(x, f, { saturate }) },
  examples: [
    { fn: 'encodeFloat', args: [1, plain(FORMATS.float16), false], kind: 'float16 one' },
    { fn: 'encodeFloat', args: [65520, plain(FORMATS.float16), false], kind: 'float16 overflow (a tie that goes up)' },
    { fn: 'encodeFloat', args: [464, plain(FORMATS.e4m3fn), false], kind: 'E4M3FN 464, a tie that goes to even 448' },
    { fn: 'encodeFloat', args: [500, plain(FORMATS.e4m3fn), true], kind: 'E4M3FN saturating overflow' },
    { fn: 'encodeFloat', args: [0.75, plain(FORMATS.e2m1), false], kind: 'E2M1 tie between 0.5 and 1' },
    { fn: 'encodeFloat', args: [-0, plain(FORMATS.bfloat16), false], kind: 'negative zero' },
  ],
  rules: [
    { id: 'nearest', states: 'Round to nearest' },
    { id: 'ties-to-even', states: 'on a tie (exactly halfway) pick the neighbour whose significand is even' },
    { id: 'subnormals', states: 'Values too small for the normal range round into subnormals' },
    { id: 'half-min-subnormal', states: 'exactly half the smallest subnormal rounds to 0' },
    { id: 'keep-sign', states: 'Keep the sign: -0 encodes as the sign bit alone.' },
    { id: 'round-then-overflow', states: 'Round first as if the exponent were unbounded, then check for overflow' },
    { id: 'ieee-overflow', states: "`'ieee'` formats give ±Infinity" },
    { id: 'nan-only-overflow', states: "`'nan-only'` formats (E4M3FN) give NaN with the sign kept (`0x7f` or `0xff`)" },
    { id: 'none-overflow', states: "`'none'` formats (E2M1) clamp to ±max" },
    { id: 'saturate', states: 'When `saturate` is true, every format clamps overflow and ±Infinity to ±max finite instead.' },
    { id: 'nan', states: 'NaN encodes as the canonical NaN: sign 0, exponent all ones, and the top significand bit set (float16 `0x7e00`)' },
    { id: 'nan-only-nan', states: "for `'nan-only'` formats all ones (`0x7f`)" },
    { id: 'unsigned-code', states: 'The result is a non-negative integer (a negative float32 gives 2^31 or more)' },
  ],
  generate(rng, i) {
    if (i < EDGES.length) return EDGES[i]!(rng);
    const f = pickFormat(rng);
    const saturate = rng.next() < 0.25;
    let v = interestingValue(rng, f);
    while (f.specials === 'none' && Number.isNaN(v.x)) v = interestingValue(rng, f);
    return { fn: 'encodeFloat', args: [v.x, f, saturate], kind: `${f.name}${saturate ? ' (saturating)' : ''}: ${v.kind}` };
  },
  tolerance: { '*': 'exact' },
  aboutTies: true,
  hints: [
    'Handle NaN, ±Infinity and ±0 first; then work with |x| and put the sign bit back at the end.',
    'Find the exponent: the largest e with 2^e ≤ |x|, but no smaller than the subnormal exponent 1 - bias. The spacing of representable values there is 2^(e - significandBits).',
    'Divide |x| by that spacing: the integer part is the candidate significand (with the implicit 1), the rest decides rounding. Ties go to the even significand; a carry may bump the exponent.',
    'Only after rounding compare with the largest finite value to decide overflow.',
  ],
});
