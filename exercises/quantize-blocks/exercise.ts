import { dequantizeBlocks, quantizeBlocks } from '../../src/core/index.ts';
import { defineExercise } from '../../src/grading/exercise.ts';
import { weights } from '../generators.ts';

type Block = { values: number[]; scale: number; zero: number };
type Scheme = 'symmetric' | 'asymmetric';

const learnerBlocks = (values: number[], bits: number, blockSize: number, scheme: Scheme): Block[] =>
  quantizeBlocks(values, bits, blockSize, scheme).map((b) => ({ values: b.values, scale: b.scale, zero: b.zero }));

export default defineExercise({
  id: 'quantize-blocks',
  title: 'Block-wise quantization',
  lesson: 'outliers-and-blocks',
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
  generate(rng, i) {
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
