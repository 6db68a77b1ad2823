import { blockFormatBitsPerWeight, modelBytes } from '../../src/core/index.ts';
import { defineExercise } from '../../src/grading/exercise.ts';

export default defineExercise({
  id: 'model-bytes',
  title: 'How big is a model?',
  statement: `Implement \`modelBytes(params, bitsPerWeight)\` and \`blockFormatBitsPerWeight(bitsPerValue, blockSize, overheadBits)\`.

- \`modelBytes\`: the bytes needed to store \`params\` parameters at \`bitsPerWeight\` bits each (8 bits to a byte).
- \`blockFormatBitsPerWeight\`: a block format stores \`blockSize\` values of \`bitsPerValue\` bits plus \`overheadBits\` of per-block data (a 16-bit scale, say). Return the average bits per value, overhead included. Q8_0 (8-bit values, blocks of 32, one 16-bit scale) gives 8.5.

Compared with a relative tolerance of 1e-12.`,
  functions: ['modelBytes', 'blockFormatBitsPerWeight'],
  reference: {
    modelBytes: (params: number, bits: number) => modelBytes(params, bits),
    blockFormatBitsPerWeight: (bitsPerValue: number, blockSize: number, overheadBits: number) => blockFormatBitsPerWeight(bitsPerValue, blockSize, overheadBits),
  },
  examples: [
    { fn: 'modelBytes', args: [80e9, 16], kind: 'an 80B model in 16-bit' },
    { fn: 'modelBytes', args: [1e12, 16], kind: 'a 1T model in 16-bit' },
    { fn: 'blockFormatBitsPerWeight', args: [8, 32, 16], kind: 'Q8_0' },
    { fn: 'blockFormatBitsPerWeight', args: [4, 32, 32], kind: 'Q4_1 (a scale and a minimum)' },
  ],
  rules: [
    { id: 'bytes', states: 'the bytes needed to store `params` parameters at `bitsPerWeight` bits each (8 bits to a byte)' },
    { id: 'per-block-overhead', states: 'plus `overheadBits` of per-block data' },
    { id: 'average', states: 'Return the average bits per value, overhead included.' },
  ],
  generate(rng, i) {
    // The first two cases of every run: a bit width that is not a whole number of bytes, and a block
    // format with per-block data (overhead forgotten or added per value differs only when it is not 0).
    if (i === 0) {
      const params = rng.int(1, 400) * 1e8;
      return { fn: 'modelBytes', args: [params, 4.5], kind: `${params / 1e9}B parameters at 4.5 bits` };
    }
    if (i === 1) {
      const bitsPerValue = rng.int(2, 8), blockSize = rng.pick([16, 32, 64]), overhead = rng.pick([16, 32]);
      return { fn: 'blockFormatBitsPerWeight', args: [bitsPerValue, blockSize, overhead], kind: `${bitsPerValue}-bit values in blocks of ${blockSize} with ${overhead} bits of overhead` };
    }
    if (i % 2 === 0) {
      const params = Math.round(rng.uniform(1, 1000)) * rng.pick([1e6, 1e9]);
      const bits = rng.pick([32, 16, 8.5, 8, 5, 4.5, 4, 2.625, 2]);
      return { fn: 'modelBytes', args: [params, bits], kind: `${params / 1e9}B parameters at ${bits} bits` };
    }
    const bitsPerValue = rng.int(1, 16), blockSize = rng.pick([8, 16, 32, 64, 128, 256]), overhead = rng.pick([0, 8, 16, 32, 48]);
    return { fn: 'blockFormatBitsPerWeight', args: [bitsPerValue, blockSize, overhead], kind: `${bitsPerValue}-bit values in blocks of ${blockSize} with ${overhead} bits of overhead` };
  },
  tolerance: { '*': { rel: 1e-12, abs: 0 } },
  hints: [
    'Bytes are bits divided by 8: `params * bitsPerWeight / 8`.',
    'A block holds `blockSize * bitsPerValue + overheadBits` bits; divide by the number of values in it.',
  ],
});
