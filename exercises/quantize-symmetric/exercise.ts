import { dequantizeSymmetric, quantizeSymmetric } from '../../src/core/index.ts';
import { defineExercise, type CaseInput } from '../../src/grading/exercise.ts';
import { weights } from '../generators.ts';

// The first hidden cases are the edges every run must hold, whatever the seed: all zeros, a block
// whose largest magnitude is negative, the extreme widths, and a dequantization.
const EDGES: CaseInput[] = [
  { fn: 'quantizeSymmetric', args: [[0, 0, 0, 0], 4], kind: 'all zeros' },
  { fn: 'quantizeSymmetric', args: [[0], 8], kind: 'a single zero' },
  { fn: 'quantizeSymmetric', args: [[0.31, -0.92, 0.52, -0.17], 4], kind: 'the largest magnitude is negative' },
  { fn: 'quantizeSymmetric', args: [[-0.44, -0.08, -0.27], 3], kind: 'negative-only values, 3 bits' },
  { fn: 'quantizeSymmetric', args: [[0.12, -0.4, 0.33, 0.05, -0.29], 2], kind: 'mixed signs, 2 bits' },
  { fn: 'quantizeSymmetric', args: [[-1.27, 0.42, -0.05, 2.1, 0.77, -0.61, 0.03], 8], kind: 'mixed signs, 8 bits' },
  { fn: 'dequantizeSymmetric', args: [quantizeSymmetric([0.31, -0.92, 0.52, -0.17], 4)], kind: 'dequantize, 4 bits' },
];

export default defineExercise({
  id: 'quantize-symmetric',
  title: 'Symmetric quantization',
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
  rules: [
    { id: 'qmax', states: '`qmax = 2^(bits-1) - 1`' },
    { id: 'scale', states: '`scale = max|v| / qmax`' },
    { id: 'rounding', states: 'each `q = Math.round(v / scale)`' },
    { id: 'result', states: 'Return `{ values, scale }` where `values` are the integers `q`' },
    { id: 'all-zero', states: 'If every value is 0, the scale is 0 and every `q` is 0 (no division by zero)' },
    { id: 'dequantize', states: '`dequantizeSymmetric({ values, scale })` returns `q × scale` for each `q`' },
  ],
  generate(rng, i) {
    if (i < EDGES.length) return EDGES[i]!;
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
