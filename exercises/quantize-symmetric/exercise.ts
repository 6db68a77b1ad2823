import { dequantizeSymmetric, quantizeSymmetric } from '../../src/core/index.ts';
import { defineExercise } from '../../src/grading/exercise.ts';
import { weights } from '../generators.ts';

export default defineExercise({
  id: 'quantize-symmetric',
  title: 'Symmetric quantization',
  lesson: 'symmetric-quantization',
  statement: `Implement \`quantizeSymmetric(values, bits)\` and \`dequantizeSymmetric(q)\`.

- \`qmax = 2^(bits-1) - 1\`, \`scale = max|v| / qmax\`, and each \`q = Math.round(v / scale)\`.
- Return \`{ values, scale }\` where \`values\` are the integers \`q\`.
- If every value is 0, the scale is 0 and every \`q\` is 0 (no division by zero).
- \`dequantizeSymmetric({ values, scale })\` returns \`q × scale\` for each \`q\`.

Rounding: \`Math.round\` (halves go toward +Infinity). No case sits on a half.`,
  functions: ['quantizeSymmetric', 'dequantizeSymmetric'],
  reference: {
    quantizeSymmetric: (values: number[], bits: number) => quantizeSymmetric(values, bits),
    dequantizeSymmetric: (q: { values: number[]; scale: number }) => dequantizeSymmetric(q),
  },
  examples: [
    { fn: 'quantizeSymmetric', args: [[-0.89, 0.16, 0.08, -0.13, 0.16, -0.54], 4], kind: "the essay's six weights, 4 bits" },
    { fn: 'quantizeSymmetric', args: [[0.4, -1, 0.25, 1], 8], kind: 'four values, 8 bits' },
    { fn: 'quantizeSymmetric', args: [[0, 0, 0], 4], kind: 'all zeros' },
    { fn: 'dequantizeSymmetric', args: [{ values: [-7, 1, 1, -1, 1, -4], scale: 0.12714285714285714 }], kind: 'dequantize the essay example' },
  ],
  generate(rng, i) {
    const bits = rng.pick([2, 3, 4, 5, 8]);
    const kind = i % 5;
    const values =
      kind === 0 ? weights(rng, rng.int(1, 24), 'normal') :
      kind === 1 ? weights(rng, rng.int(2, 24), 'negative') :
      kind === 2 ? weights(rng, rng.int(2, 24), 'outlier') :
      weights(rng, rng.int(1, 40), 'uniform');
    const label = ['normal-looking weights', 'negative-only values', 'values with one large outlier', 'uniform values', 'dequantize'][kind]!;
    if (kind === 4) {
      const q = quantizeSymmetric(weights(rng, rng.int(1, 24), 'normal'), bits);
      return { fn: 'dequantizeSymmetric', args: [q], kind: `${label}, ${bits} bits` };
    }
    return { fn: 'quantizeSymmetric', args: [values, bits], kind: `${label}, ${bits} bits` };
  },
  tolerance: {
    'quantizeSymmetric.values': 'exact',
    '*': { rel: 1e-12, abs: 1e-15 },
  },
  hints: [
    'Find the largest magnitude first: `Math.max(...values.map(Math.abs))`.',
    'With 4 bits, qmax is 7: the integers run from -7 to 7, and the largest magnitude maps to ±7.',
    'Guard the all-zero case before dividing: when max|v| is 0, return a scale of 0 and zeros.',
    '`const scale = maxAbs / qmax; return { values: values.map((v) => Math.round(v / scale)), scale };`',
  ],
});
