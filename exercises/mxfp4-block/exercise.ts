import { quantizeGgml } from '../../src/core/index.ts';
import { defineExercise, type CaseInput } from '../../src/grading/exercise.ts';
import type { Rng } from '../../src/core/rng.ts';
import { weights32 } from '../generators.ts';

const E2M1 = [0, 0.5, 1, 1.5, 2, 3, 4, 6];

/**
 * Whole numbers with amax 30, so X = 4 and every midpoint of the grid (1, 3, 5, 7, 10, 14, 20) is a
 * whole number too: exact ties, both signs, that the tie probe leaves alone (it nudges only
 * non-integers). Also 0 and −0, and ±26, ±30 past 6·X = 24.
 */
const TIES = [30, -30, 0, -0, 1, -1, 3, -3, 5, -5, 7, -7, 10, -10, 14, -14, 20, -20, 26, -26, 2, -2, 4, 6, 8, 12, 16, 24, -24, 11, 13, 9];

/**
 * A block whose amax is a few float32 steps below 2^m: log2(amax) is just below m in double but rounds
 * to m in float32, so E differs between the two readings. |m| ≥ 8 keeps float32's spacing of L wide
 * enough (2^-20) that the probe's one-ulp nudges of amax round to m as well.
 */
function justBelowPowerOfTwo(rng: Rng): Float32Array {
  const m = rng.next() < 0.5 ? rng.int(-16, -8) : rng.int(9, 15);
  const amax = 2 ** m * (1 - rng.int(2, 4) * 2 ** -24);
  const x = Float32Array.from({ length: 32 }, () => rng.uniform(-0.9, 0.9) * amax);
  x[rng.int(0, 31)] = rng.next() < 0.5 ? -amax : amax;
  return x;
}

export default defineExercise({
  id: 'mxfp4-block',
  title: 'One MXFP4 block: a shared exponent and 32 four-bit floats',
  statement: `Implement \`quantizeMxfp4(values)\`: \`values\` is a \`Float32Array\` of exactly 32 numbers; return the 17 bytes llama.cpp's reference quantizer writes for them.

1. **Largest magnitude.** \`amax\` starts at 0 and becomes \`|x|\` whenever \`amax < |x|\`.
2. **Shared exponent.** If \`amax > 0\`: \`E = floor(L)\` where \`L\` is \`log2(amax)\` **rounded to float32** (\`Math.fround(Math.log2(amax))\`), and the stored byte is \`e = E − 2 + 127\`. If \`amax\` is 0, \`e = 0\`. The block's scale is \`X = 2^(e − 127) = 2^(E − 2)\`, so the largest element lands between 4·X and 8·X, near the top of E2M1's range (6 is its largest value).
3. **Elements.** Each element gets the 4-bit E2M1 code whose value times \`X\` is nearest to it. The codes 0..7 stand for 0, 0.5, 1, 1.5, 2, 3, 4, 6 and codes 8..15 for their negatives (bit 3 is the sign). Try the codes in order 0, 1, …, 15, compute each error \`|value·X − x|\` (in float32 as llama.cpp does, or in double: they choose alike) and switch only when an error is **strictly** smaller: ties go to the smaller magnitude, zero (and −0) gets code 0, and anything past 6·X saturates to 6·X.
4. **Bytes.** Byte 0 is \`e\`. Bytes 1..16: byte \`1 + j\` holds element \`j\` in its **low** nibble and element \`j + 16\` in its **high** nibble.

Compared byte for byte. Inputs are finite, and never so small that \`e\` would fall below 0.`,
  functions: ['quantizeMxfp4'],
  reference: { quantizeMxfp4: (x: Float32Array) => quantizeGgml('mxfp4', x) },
  examples: [
    { fn: 'quantizeMxfp4', args: [Float32Array.from({ length: 32 }, (_, i) => (i % 2 ? -1 : 1) * E2M1[i % 8]!)] , kind: 'the E2M1 values themselves (scale 1)' },
    { fn: 'quantizeMxfp4', args: [Float32Array.from({ length: 32 }, (_, i) => (i === 5 ? 0.9 : 0.01 * ((i % 7) - 3)))], kind: 'one large value: the small ones flush to zero' },
    { fn: 'quantizeMxfp4', args: [new Float32Array(32)], kind: 'an all-zero block' },
  ],
  rules: [
    { id: 'amax', states: '`amax` starts at 0 and becomes `|x|` whenever `amax < |x|`' },
    { id: 'log2-float32', states: '`L` is `log2(amax)` **rounded to float32** (`Math.fround(Math.log2(amax))`)' },
    { id: 'e-byte', states: 'the stored byte is `e = E − 2 + 127`' },
    { id: 'zero-e', states: 'If `amax` is 0, `e = 0`' },
    { id: 'scale', states: "The block's scale is `X = 2^(e − 127) = 2^(E − 2)`" },
    { id: 'nearest', states: 'Each element gets the 4-bit E2M1 code whose value times `X` is nearest to it' },
    { id: 'codes', states: 'The codes 0..7 stand for 0, 0.5, 1, 1.5, 2, 3, 4, 6 and codes 8..15 for their negatives (bit 3 is the sign)' },
    { id: 'ties', states: 'switch only when an error is **strictly** smaller: ties go to the smaller magnitude' },
    { id: 'zero-code', states: 'zero (and −0) gets code 0' },
    { id: 'saturate', states: 'anything past 6·X saturates to 6·X' },
    { id: 'byte-0', states: 'Byte 0 is `e`' },
    { id: 'nibble-order', states: 'byte `1 + j` holds element `j` in its **low** nibble and element `j + 16` in its **high** nibble' },
  ],
  generate(rng, i): CaseInput {
    // The first cases are the edges every run must hold, whatever the seed.
    if (i === 0) return { fn: 'quantizeMxfp4', args: [Float32Array.from(TIES)], kind: 'whole numbers on exact midpoints of the grid (X = 4), with 0, −0 and values past 6·X' };
    if (i <= 2) return { fn: 'quantizeMxfp4', args: [justBelowPowerOfTwo(rng)], kind: 'amax a hair below a power of two' };
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
