import { decodeFloat, FORMATS, type FloatFormat } from '../../src/core/index.ts';
import { defineExercise, type CaseInput } from '../../src/grading/exercise.ts';
import { EXERCISE_FORMATS, pickFormat, plain } from '../formats.ts';

const f16 = plain(FORMATS.float16), e4m3 = plain(FORMATS.e4m3fn), e2m1 = plain(FORMATS.e2m1);
const e3m2 = plain(EXERCISE_FORMATS.find((f) => f.name === 'e3m2')!);
const code = (bits: number, f: FloatFormat, kind: string): CaseInput => ({ fn: 'decodeFloat', args: [bits, f], kind });
// Every run holds the codes where the special-value rules differ, whatever the seed: each kind of
// format's top-exponent codes (Infinity with either sign, NaN, the finite ones of E4M3FN and E2M1),
// both zeros and a negative subnormal.
const EDGES: CaseInput[] = [
  code(0xfc00, f16, 'float16 -Infinity'),
  code(0x7c00, f16, 'float16 +Infinity'),
  code(0x7d00, f16, 'a float16 NaN'),
  code(0b0_111_00, e3m2, 'an e3m2 code with the top exponent'),
  code(0b1_111_01, e3m2, 'an e3m2 code with the top exponent'),
  code(0x7f, e4m3, 'E4M3FN all ones'),
  code(0xff, e4m3, 'E4M3FN all ones with the sign bit'),
  code(0x78, e4m3, 'E4M3FN: the top exponent, significand 0'),
  code(0xfd, e4m3, 'E4M3FN: the top exponent, a negative code'),
  code(0x7, e2m1, 'E2M1 all ones'),
  code(0xe, e2m1, 'E2M1: the top exponent, a negative code'),
  code(0x8000, f16, 'float16 -0'),
  code(0x0000, e4m3, 'E4M3FN +0'),
  code(0x8003, f16, 'a negative float16 subnormal'),
];

export default defineExercise({
  id: 'decode-float',
  title: 'Decode a float from its bits',
  statement: `Implement \`decodeFloat(bits, format)\`: the number that the bit pattern \`bits\` stands for in \`format\`.

A format has \`exponentBits\` exponent bits, \`significandBits\` significand bits, a \`bias\`, and a rule for special values. From the most significant bit: 1 sign bit \`s\`, then the exponent field \`e\`, then the significand field \`m\`.

- \`e = 0\`: subnormal, value = (-1)^s × m × 2^(1 - bias - significandBits) (this includes +0 and -0).
- otherwise: value = (-1)^s × (1 + m / 2^significandBits) × 2^(e - bias), unless the code is special:
  - \`'ieee'\`: \`e\` all ones means ±Infinity when \`m = 0\`, NaN otherwise;
  - \`'nan-only'\` (like E4M3FN): only \`e\` and \`m\` both all ones is NaN; there is no Infinity;
  - \`'none'\` (like E2M1): every code is a finite number.

Compared exactly: -0 must come back as -0.`,
  functions: ['decodeFloat'],
  reference: { decodeFloat: (bits: number, format: FloatFormat) => decodeFloat(bits, format) },
  examples: [
    { fn: 'decodeFloat', args: [0x3c00, plain(FORMATS.float16)], kind: 'float16 one' },
    { fn: 'decodeFloat', args: [0x0001, plain(FORMATS.float16)], kind: 'the smallest float16 subnormal' },
    { fn: 'decodeFloat', args: [0x7c00, plain(FORMATS.float16)], kind: 'float16 infinity' },
    { fn: 'decodeFloat', args: [0x7e, plain(FORMATS.e4m3fn)], kind: 'E4M3FN 448, the largest finite' },
    { fn: 'decodeFloat', args: [0xf, plain(FORMATS.e2m1)], kind: 'E2M1 -6' },
    { fn: 'decodeFloat', args: [0x80000000, plain(FORMATS.float32)], kind: 'float32 -0' },
  ],
  rules: [
    { id: 'sign', states: '(-1)^s' },
    { id: 'field-order', states: 'then the exponent field `e`, then the significand field `m`' },
    { id: 'subnormal', states: '`e = 0`: subnormal, value = (-1)^s × m × 2^(1 - bias - significandBits)' },
    { id: 'signed-zero', states: '-0 must come back as -0' },
    { id: 'normal', states: 'value = (-1)^s × (1 + m / 2^significandBits) × 2^(e - bias)' },
    { id: 'ieee', states: "`'ieee'`: `e` all ones means ±Infinity when `m = 0`, NaN otherwise" },
    { id: 'nan-only', states: "`'nan-only'` (like E4M3FN): only `e` and `m` both all ones is NaN; there is no Infinity" },
    { id: 'none', states: "`'none'` (like E2M1): every code is a finite number" },
  ],
  generate(rng, i) {
    if (i < EDGES.length) return EDGES[i]!;
    const f = pickFormat(rng);
    const e = f.exponentBits, m = f.significandBits, total = 1 + e + m;
    const sign = rng.int(0, 1);
    const mant = rng.int(0, 2 ** m - 1);
    const which = i % 5;
    const exp = which === 0 ? 0 : which === 1 ? 2 ** e - 1 : rng.int(0, 2 ** e - 1);
    const bits = sign * 2 ** (total - 1) + exp * 2 ** m + mant;
    const kind = which === 0 ? `a subnormal (or zero) of ${f.name}` : which === 1 ? `the top exponent of ${f.name} (special values?)` : `a ${f.name} code`;
    return { fn: 'decodeFloat', args: [bits, f], kind };
  },
  tolerance: { '*': 'identical' },
  aboutTies: true, // nothing to round: the inputs are integers
  hints: [
    'Split the fields with division, not bit operators (they are 32-bit signed in JS): `m = bits % 2 ** significandBits`, then `e = Math.floor(bits / 2 ** significandBits) % 2 ** exponentBits`, `s = Math.floor(bits / 2 ** (exponentBits + significandBits))`.',
    'Check the special codes first, then subnormals (e = 0), then normal numbers.',
    'For the sign of zero, multiply by `s ? -1 : 1` at the end: `-1 * 0` is -0.',
  ],
});
