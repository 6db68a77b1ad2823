import { FORMATS, roundToFormat, type FloatFormat } from '../../src/core/index.ts';
import { defineExercise } from '../../src/grading/exercise.ts';
import { interestingValue } from '../float-values.ts';
import { pickFormat, plain } from '../formats.ts';

export default defineExercise({
  id: 'round-to-format',
  title: 'Round to the nearest representable value',
  lesson: 'round-to-nearest',
  statement: `Implement \`roundToFormat(values, format)\`: replace each value by the nearest value \`format\` can represent — the simplest quantization there is.

Use the same rules as \`encodeFloat\`: round to nearest, ties to even; gradual underflow into subnormals; overflow gives ±Infinity in \`'ieee'\` formats, NaN in \`'nan-only'\` formats and ±max in \`'none'\` formats (E2M1); NaN stays NaN; -0 stays -0. (Encoding and then decoding is one way to do it, if you have written both.)

Compared exactly: -0 must come back as -0.`,
  functions: ['roundToFormat'],
  reference: { roundToFormat: (values: number[], f: FloatFormat) => roundToFormat(values, f) },
  examples: [
    { fn: 'roundToFormat', args: [[0.1, 0.7, 2.6, 5.1, 100], plain(FORMATS.e2m1)], kind: 'weights into E2M1: small ones collapse to 0 or 0.5' },
    { fn: 'roundToFormat', args: [[0.1, 1 / 3, 3.14159], plain(FORMATS.bfloat16)], kind: 'bfloat16 keeps about 2 digits' },
    { fn: 'roundToFormat', args: [[0.25, 0.75, -1.25], plain(FORMATS.e2m1)], kind: 'ties go to the even neighbour' },
  ],
  generate(rng) {
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
