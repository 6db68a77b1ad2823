import { dequantizeAsymmetric, quantizeAsymmetric } from '../../src/core/index.ts';
import { defineExercise, type CaseInput } from '../../src/grading/exercise.ts';
import { weights } from '../generators.ts';

// The first hidden cases are the edges every run must hold, whatever the seed: the all-zero block
// (no range even after widening), constant blocks on each side of 0 (widened to include 0), a
// one-signed block (not widened), the extreme widths, and a dequantization with a zero point far from 0.
const EDGES: CaseInput[] = [
  { fn: 'quantizeAsymmetric', args: [[0, 0, 0, 0], 4], kind: 'an all-zero block' },
  { fn: 'quantizeAsymmetric', args: [[0], 8], kind: 'a single zero' },
  { fn: 'quantizeAsymmetric', args: [[-0.3, -0.3, -0.3], 4], kind: 'a negative constant block' },
  { fn: 'quantizeAsymmetric', args: [[0.7, 0.7], 3], kind: 'a positive constant block' },
  { fn: 'quantizeAsymmetric', args: [[0.21, 0.52, 0.93, 0.37, 0.64], 4], kind: 'positive-only values, 4 bits' },
  { fn: 'quantizeAsymmetric', args: [[-0.62, 0.31, -0.07, 0.44, -0.18], 2], kind: 'mixed signs, 2 bits' },
  { fn: 'quantizeAsymmetric', args: [[-1.27, 0.42, -0.05, 2.1, 0.77, -0.61, 0.03], 8], kind: 'mixed signs, 8 bits' },
  { fn: 'dequantizeAsymmetric', args: [quantizeAsymmetric([0.21, 0.52, 0.93, 0.37, 0.64], 4)], kind: 'dequantize positive-only values' },
  { fn: 'dequantizeAsymmetric', args: [quantizeAsymmetric([-0.93, -0.12, -0.47, -0.71], 3)], kind: 'dequantize negative-only values' },
];

export default defineExercise({
  id: 'quantize-asymmetric',
  title: 'Asymmetric quantization',
  statement: `Implement \`quantizeAsymmetric(values, bits)\` and \`dequantizeAsymmetric(q)\`.

- \`qmin = -2^(bits-1)\`, \`qmax = 2^(bits-1) - 1\`.
- \`scale = (vmax - vmin) / (qmax - qmin)\`, \`zero = qmin - Math.round(vmin / scale)\`.
- Each \`q = Math.round(v / scale + zero)\`. It lands in \`[qmin, qmax]\`; clamping it there only guards against float noise.
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
  rules: [
    { id: 'qrange', states: '`qmin = -2^(bits-1)`, `qmax = 2^(bits-1) - 1`' },
    { id: 'scale', states: '`scale = (vmax - vmin) / (qmax - qmin)`' },
    { id: 'zero', states: '`zero = qmin - Math.round(vmin / scale)`' },
    { id: 'rounding', states: 'Each `q = Math.round(v / scale + zero)`' },
    { id: 'result', states: 'Return `{ values, scale, zero }`' },
    { id: 'widen', states: 'A constant block has no range: first widen the range to include 0' },
    { id: 'all-zero', states: 'If it is still empty (all zeros), return `scale = 0`, `zero = 0` and all-zero `values`' },
    { id: 'dequantize', states: '`dequantizeAsymmetric({ values, scale, zero })` returns `scale × (q - zero)`' },
  ],
  generate(rng, i) {
    if (i < EDGES.length) return EDGES[i]!;
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
