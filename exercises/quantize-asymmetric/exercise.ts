import { dequantizeAsymmetric, quantizeAsymmetric } from '../../src/core/index.ts';
import { defineExercise } from '../../src/grading/exercise.ts';
import { weights } from '../generators.ts';

export default defineExercise({
  id: 'quantize-asymmetric',
  title: 'Asymmetric quantization',
  lesson: 'asymmetric-quantization',
  statement: `Implement \`quantizeAsymmetric(values, bits)\` and \`dequantizeAsymmetric(q)\`.

- \`qmin = -2^(bits-1)\`, \`qmax = 2^(bits-1) - 1\`.
- \`scale = (vmax - vmin) / (qmax - qmin)\`, \`zero = qmin - Math.round(vmin / scale)\`.
- Each \`q = Math.round(v / scale + zero)\`, clamped to \`[qmin, qmax]\`.
- Return \`{ values, scale, zero }\`.
- A constant block has no range: first widen the range to include 0 (\`vmin = min(vmin, 0)\`, \`vmax = max(vmax, 0)\`). If it is still empty (all zeros), return \`scale = 0\`, \`zero = 0\` and all-zero \`values\`.
- \`dequantizeAsymmetric({ values, scale, zero })\` returns \`scale × (q - zero)\`.

Rounding: \`Math.round\`. No case sits on a half.`,
  functions: ['quantizeAsymmetric', 'dequantizeAsymmetric'],
  reference: {
    quantizeAsymmetric: (values: number[], bits: number) => quantizeAsymmetric(values, bits),
    dequantizeAsymmetric: (q: { values: number[]; scale: number; zero: number }) => dequantizeAsymmetric(q),
  },
  examples: [
    { fn: 'quantizeAsymmetric', args: [[-0.89, 0.16, 0.08, -0.13, 0.16, -0.54], 4], kind: "the essay's six weights, 4 bits" },
    { fn: 'quantizeAsymmetric', args: [[-0.89, 0.16, 0.08, -0.13, 0.16, -0.54, 10], 4], kind: 'the same with an outlier 10' },
    { fn: 'quantizeAsymmetric', args: [[0.3, 0.3, 0.3], 4], kind: 'a constant block' },
    { fn: 'dequantizeAsymmetric', args: [{ values: [-8, 7, 6, 3, 7, -3], scale: 0.07, zero: 5 }], kind: 'dequantize' },
  ],
  generate(rng, i) {
    const bits = rng.pick([2, 3, 4, 5, 8]);
    const kinds = ['normal', 'negative', 'positive', 'outlier', 'constant', 'uniform'] as const;
    const kind = kinds[i % kinds.length]!;
    const labels = { normal: 'normal-looking weights', negative: 'negative-only values', positive: 'positive-only values', outlier: 'values with one large outlier', constant: 'a constant block', uniform: 'uniform values' };
    const values = weights(rng, rng.int(kind === 'constant' ? 1 : 2, 32), kind);
    if (i % 7 === 6) return { fn: 'dequantizeAsymmetric', args: [quantizeAsymmetric(values, bits)], kind: `dequantize ${labels[kind]}, ${bits} bits` };
    return { fn: 'quantizeAsymmetric', args: [values, bits], kind: `${labels[kind]}, ${bits} bits` };
  },
  tolerance: {
    'quantizeAsymmetric.values': 'exact',
    'quantizeAsymmetric.zero': 'exact',
    '*': { rel: 1e-12, abs: 1e-15 },
  },
  hints: [
    'Compute vmin and vmax in one pass; the scale spreads that range over qmax - qmin steps (15 steps for 4 bits).',
    'The zero point is the integer that 0.0 maps to: shifting by it lets the smallest value land on qmin.',
    'Handle the constant block before dividing: widen [vmin, vmax] to include 0, and return zeros if the range is still 0.',
    '`const zero = qmin - Math.round(vmin / scale); const q = values.map((v) => Math.min(qmax, Math.max(qmin, Math.round(v / scale + zero))));`',
  ],
});
