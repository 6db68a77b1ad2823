import { quantizeGgml } from '../../src/core/index.ts';
import { defineExercise, type CaseInput } from '../../src/grading/exercise.ts';
import { weights32 } from '../generators.ts';

const E2M1 = [0, 0.5, 1, 1.5, 2, 3, 4, 6];

export default defineExercise({
  id: 'mxfp4-block',
  title: 'One MXFP4 block: a shared exponent and 32 four-bit floats',
  lesson: 'microscaling',
  statement: `Implement \`quantizeMxfp4(values)\`: \`values\` is a \`Float32Array\` of exactly 32 numbers; return the 17 bytes llama.cpp's reference quantizer writes for them.

1. **Largest magnitude.** \`amax\` starts at 0 and becomes \`|x|\` whenever \`amax < |x|\`.
2. **Shared exponent.** If \`amax > 0\`: \`E = floor(L)\` where \`L\` is \`log2(amax)\` **rounded to float32** (\`Math.fround(Math.log2(amax))\`), and the stored byte is \`e = E − 2 + 127\`. If \`amax\` is 0, \`e = 0\`. The block's scale is \`X = 2^(e − 127) = 2^(E − 2)\`, so the largest element lands between 4·X and 8·X, near the top of E2M1's range (6 is its largest value).
3. **Elements.** Each element gets the 4-bit E2M1 code whose value times \`X\` is nearest to it. The codes 0..7 stand for 0, 0.5, 1, 1.5, 2, 3, 4, 6 and codes 8..15 for their negatives (bit 3 is the sign). Try the codes in order 0, 1, …, 15, compute each error \`|Math.fround(Math.fround(value·X) − x)|\` and switch only when an error is **strictly** smaller: ties go to the smaller magnitude, zero (and −0) gets code 0, and anything past 6·X saturates to 6·X.
4. **Bytes.** Byte 0 is \`e\`. Bytes 1..16: byte \`1 + j\` holds element \`j\` in its **low** nibble and element \`j + 16\` in its **high** nibble.

Compared byte for byte. Inputs are finite, and never so small that \`e\` would fall below 0.`,
  functions: ['quantizeMxfp4'],
  reference: { quantizeMxfp4: (x: Float32Array) => quantizeGgml('mxfp4', x) },
  examples: [
    { fn: 'quantizeMxfp4', args: [Float32Array.from({ length: 32 }, (_, i) => (i % 2 ? -1 : 1) * E2M1[i % 8]!)] , kind: 'the E2M1 values themselves (scale 1)' },
    { fn: 'quantizeMxfp4', args: [Float32Array.from({ length: 32 }, (_, i) => (i === 5 ? 0.9 : 0.01 * ((i % 7) - 3)))], kind: 'one large value: the small ones flush to zero' },
    { fn: 'quantizeMxfp4', args: [new Float32Array(32)], kind: 'an all-zero block' },
  ],
  generate(rng, i): CaseInput {
    if (i % 6 === 5) {
      // Values near the E2M1 grid at a random power-of-two scale, nudged off the exact grid points.
      const k = rng.int(-12, 6);
      const x = Float32Array.from({ length: 32 }, () => (rng.next() < 0.5 ? -1 : 1) * (rng.pick(E2M1) + rng.uniform(-0.2, 0.2)) * 2 ** k);
      return { fn: 'quantizeMxfp4', args: [x], kind: 'values close to the grid of a power-of-two scale' };
    }
    const kind = rng.pick(['normal', 'normal', 'outlier', 'negative', 'positive', 'uniform', 'constant', 'tiny'] as const);
    const labels = { normal: 'normal-looking weights', outlier: 'a block with one large outlier', negative: 'negative-only values', positive: 'positive-only values', uniform: 'uniform values', constant: 'a constant block', tiny: 'values around 1e-6' };
    return { fn: 'quantizeMxfp4', args: [weights32(rng, 32, kind)], kind: labels[kind] };
  },
  tolerance: { '*': 'exact' },
  hints: [
    'The scale is a power of two, so `X = 2 ** (e - 127)` is exact. A `const GRID = [0, 0.5, 1, 1.5, 2, 3, 4, 6, -0, -0.5, -1, -1.5, -2, -3, -4, -6]` indexed by code gives each code\'s value.',
    'Why float32 for the logarithm: an amax a hair below 8 (say 7.9999995) has log2 just below 3 in double but exactly 3 in float32, and llama.cpp uses the float32 one.',
    'Pack with `out[1 + j] = code(x[j]) | (code(x[j + 16]) << 4)` for j = 0..15.',
  ],
});
