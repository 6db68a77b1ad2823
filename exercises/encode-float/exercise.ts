import { encodeFloat, FORMATS, type FloatFormat } from '../../src/core/index.ts';
import { defineExercise } from '../../src/grading/exercise.ts';
import { interestingValue } from '../float-values.ts';
import { pickFormat, plain } from '../formats.ts';

export default defineExercise({
  id: 'encode-float',
  title: 'Encode a number into a float format',
  lesson: 'smaller-floats',
  statement: `Implement \`encodeFloat(x, format, saturate)\`: the bits of the representable value of \`format\` nearest to \`x\`.

- Round to nearest; on a tie (exactly halfway) pick the neighbour whose significand is even. Values too small for the normal range round into subnormals; exactly half the smallest subnormal rounds to 0. Keep the sign: -0 encodes as the sign bit alone.
- Round first as if the exponent were unbounded, then check for overflow (so float16 65519 becomes 65504, and 65520, a tie that goes up, overflows).
- On overflow: \`'ieee'\` formats give ±Infinity; \`'nan-only'\` formats (E4M3FN) give NaN with the sign kept (\`0x7f\` or \`0xff\`); \`'none'\` formats (E2M1) clamp to ±max. When \`saturate\` is true, every format clamps overflow and ±Infinity to ±max finite instead.
- NaN encodes as the canonical NaN: sign 0, exponent all ones, and the top significand bit set (float16 \`0x7e00\`); for \`'nan-only'\` formats all ones (\`0x7f\`). E2M1 inputs are never NaN.

Compared exactly (the result is an integer).`,
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
  generate(rng) {
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
