import { dequantizeBlocks, quantizeBlocks } from '../../src/core/index.ts';
import { defineExercise, type CaseInput } from '../../src/grading/exercise.ts';
import { weights } from '../generators.ts';

type Block = { values: number[]; scale: number; zero: number };
type Scheme = 'symmetric' | 'asymmetric';

const learnerBlocks = (values: number[], bits: number, blockSize: number, scheme: Scheme): Block[] =>
  quantizeBlocks(values, bits, blockSize, scheme).map((b) => ({ values: b.values, scale: b.scale, zero: b.zero }));

// The first hidden cases are the edges every run must hold, whatever the seed: a short last block
// in each scheme, constant blocks on both sides of 0 and all-zero blocks in each scheme, blocks
// whose ranges differ (one scale for all would show), and dequantizations with zero points.
const EDGES: CaseInput[] = [
  { fn: 'quantizeBlocks', args: [[0.42, -0.17, 0.88, -0.63, 0.05, 0.31, -0.94], 4, 3, 'symmetric'], kind: 'a last block of one, symmetric' },
  { fn: 'quantizeBlocks', args: [[0.42, -0.17, 0.88, -0.63, 0.05, 0.31, -0.94, 0.26, 0.71, -0.38], 4, 4, 'asymmetric'], kind: 'a last block of two, asymmetric' },
  { fn: 'quantizeBlocks', args: [[0.3, 0.3, 0.3, 0.3, -0.2, -0.2, -0.2, -0.2, 0, 0, 0], 4, 4, 'asymmetric'], kind: 'constant blocks and an all-zero block, asymmetric' },
  { fn: 'quantizeBlocks', args: [[0, 0, 0, 0.51, -0.27, 0.12, 0, 0], 3, 3, 'symmetric'], kind: 'all-zero blocks, symmetric' },
  { fn: 'quantizeBlocks', args: [[0.02, -0.05, 0.03, 0.01, -6.3, 0.4, -0.9, 1.7], 8, 4, 'symmetric'], kind: 'an outlier in the second block only, symmetric' },
  { fn: 'quantizeBlocks', args: [[-0.71, -0.33, -0.52, 0.18, 0.46, 0.93], 2, 3, 'asymmetric'], kind: 'a negative block and a positive block, asymmetric' },
  { fn: 'dequantizeBlocks', args: [learnerBlocks([0.42, -0.17, 0.88, -0.63, 0.05, 0.31, -0.94, 0.26, 0.71, -0.38], 4, 4, 'asymmetric')], kind: 'dequantize asymmetric blocks with a short last one' },
  { fn: 'dequantizeBlocks', args: [learnerBlocks([-0.71, -0.33, -0.52, 0.18, 0.46, 0.93], 3, 3, 'asymmetric')], kind: 'dequantize a negative block and a positive block' },
];

export default defineExercise({
  id: 'quantize-blocks',
  title: 'Block-wise quantization',
  statement: `Implement \`quantizeBlocks(values, bits, blockSize, scheme)\` and \`dequantizeBlocks(blocks)\`.

- Split \`values\` into consecutive blocks of \`blockSize\` (the last block may be shorter).
- Quantize each block on its own with the scheme's rules from the two previous lessons
  (\`'symmetric'\`: \`scale = max|v| / qmax\`, \`zero = 0\`; \`'asymmetric'\`: scale and zero point from the block's min and max, including the constant-block rule).
- Return one \`{ values, scale, zero }\` per block, in order.
- \`dequantizeBlocks(blocks)\` returns every block's \`scale × (q - zero)\`, concatenated.

Rounding: \`Math.round\`. No case sits on a half.`,
  functions: ['quantizeBlocks', 'dequantizeBlocks'],
  reference: {
    quantizeBlocks: learnerBlocks,
    dequantizeBlocks: (blocks: Block[]) => dequantizeBlocks(blocks.map((b) => ({ ...b, scheme: 'asymmetric' as const }))),
  },
  examples: [
    { fn: 'quantizeBlocks', args: [[-0.89, 0.16, 0.08, -0.13, 0.16, -0.54, 10, 0.2], 4, 4, 'asymmetric'], kind: 'the outlier lands in the second block only' },
    { fn: 'quantizeBlocks', args: [[0.5, -0.2, 1, 0.7, -1], 4, 2, 'symmetric'], kind: 'a short last block' },
    { fn: 'dequantizeBlocks', args: [[{ values: [7, -7], scale: 0.1, zero: 0 }, { values: [-8, 7], scale: 0.2, zero: -1 }]], kind: 'dequantize two blocks' },
  ],
  rules: [
    { id: 'split', states: 'Split `values` into consecutive blocks of `blockSize` (the last block may be shorter)' },
    { id: 'per-block', states: 'Quantize each block on its own' },
    { id: 'scheme', states: "with the scheme's rules from the two previous lessons" },
    { id: 'symmetric', states: "`'symmetric'`: `scale = max|v| / qmax`, `zero = 0`" },
    { id: 'asymmetric', states: "`'asymmetric'`: scale and zero point from the block's min and max, including the constant-block rule" },
    { id: 'order', states: 'Return one `{ values, scale, zero }` per block, in order.' },
    { id: 'dequantize', states: "`dequantizeBlocks(blocks)` returns every block's `scale × (q - zero)`, concatenated." },
    { id: 'rounding', states: 'Rounding: `Math.round`.' },
  ],
  generate(rng, i) {
    if (i < EDGES.length) return EDGES[i]!;
    const bits = rng.pick([2, 3, 4, 8]);
    const blockSize = rng.pick([1, 2, 4, 8, 16, 32]);
    const scheme: Scheme = i % 2 === 0 ? 'symmetric' : 'asymmetric';
    const kind = rng.pick(['normal', 'outlier', 'negative', 'constant'] as const);
    const labels = { normal: 'normal-looking weights', outlier: 'a block containing one large outlier', negative: 'negative-only values', constant: 'constant blocks' };
    const values = weights(rng, rng.int(1, 100), kind);
    if (i % 6 === 5) {
      return { fn: 'dequantizeBlocks', args: [learnerBlocks(values, bits, blockSize, scheme)], kind: `dequantize ${scheme} blocks of ${blockSize}` };
    }
    return { fn: 'quantizeBlocks', args: [values, bits, blockSize, scheme], kind: `${labels[kind]}, ${scheme}, ${bits} bits, blocks of ${blockSize}` };
  },
  // Scales and integers sit side by side in each block; a tight relative tolerance is exact for
  // the integers (they differ by at least 1) and forgiving of last-bit noise in the scales.
  tolerance: { '*': { rel: 1e-12, abs: 1e-15 } },
  // The integers must not move when an input moves by one ulp; the scales may.
  tieProbe: (out, input) => (input.fn === 'quantizeBlocks' ? (out as Block[]).map((b) => [b.values, b.zero]) : []),
  hints: [
    'Loop `for (let i = 0; i < values.length; i += blockSize)` and quantize `values.slice(i, i + blockSize)`.',
    'Write the per-block quantizers as two small functions first (your code from the last two lessons), then pick one by `scheme`.',
    'For symmetric blocks return `zero: 0`, so one dequantization formula `scale * (q - zero)` serves both schemes.',
  ],
});
