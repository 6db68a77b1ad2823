import { quantizeGgml } from '../../src/core/index.ts';
import { defineExercise, type CaseInput } from '../../src/grading/exercise.ts';
import { weights32 } from '../generators.ts';

type Packer = 'packQ8_0' | 'packQ4_0' | 'packQ4_1';
const TYPES = { packQ8_0: 'q8_0', packQ4_0: 'q4_0', packQ4_1: 'q4_1' } as const;
// Bytes per block and how many of them (at the front) hold the fp16 scale (and minimum).
const LAYOUT = { packQ8_0: [34, 2], packQ4_0: [18, 2], packQ4_1: [20, 4] } as const;

export default defineExercise({
  id: 'pack-ggml',
  title: "llama.cpp's Q8_0, Q4_0 and Q4_1 blocks, byte for byte",
  lesson: 'real-formats',
  statement: `Implement \`packQ8_0\`, \`packQ4_0\` and \`packQ4_1\`: each takes a \`Float32Array\` whose length is a multiple of 32 and returns the bytes llama.cpp would write, blocks of 32 one after another, little-endian.

Do every step in float32: wrap each operation in \`Math.fround\`. Quantize with the float32 scale; store the scale as float16 (round to nearest even: \`Math.f16round\` gives the value, a \`Float16Array\` or your own \`encodeFloat\` the bits).

- **Q8_0** (34 bytes): \`amax = max|x|\`, \`d = amax / 127\`, \`id = d ? 1/d : 0\`, \`q = roundf(x × id)\` with halves rounded **away from zero**; bytes: fp16(d), then 32 int8.
- **Q4_0** (18 bytes): \`max\` = the element with the largest magnitude, sign kept (first one wins on equal magnitudes); \`d = max / -8\`, \`id = d ? 1/d : 0\`; \`nibble = min(15, trunc(x × id + 8.5))\`; bytes: fp16(d), then 16 bytes where byte j holds element j in its low nibble and element j+16 in its high nibble.
- **Q4_1** (20 bytes): \`min\`, \`max\` of the block; \`d = (max - min) / 15\`, \`id = d ? 1/d : 0\`; \`nibble = min(15, trunc((x - min) × id + 0.5))\`; bytes: fp16(d), fp16(min), then the nibbles as in Q4_0.

Compared byte for byte.`,
  functions: ['packQ8_0', 'packQ4_0', 'packQ4_1'],
  reference: {
    packQ8_0: (x: Float32Array) => quantizeGgml('q8_0', x),
    packQ4_0: (x: Float32Array) => quantizeGgml('q4_0', x),
    packQ4_1: (x: Float32Array) => quantizeGgml('q4_1', x),
  },
  examples: [
    { fn: 'packQ8_0', args: [Float32Array.from({ length: 32 }, (_, i) => (i - 16) / 8)], kind: 'a ramp from -2 to 1.875' },
    { fn: 'packQ4_0', args: [Float32Array.from({ length: 32 }, (_, i) => (i % 2 ? 1 : -1) * (i + 1.3) / 32)], kind: 'alternating signs, largest magnitude last' },
    { fn: 'packQ4_1', args: [Float32Array.from({ length: 32 }, (_, i) => 0.5 + i / 64)], kind: 'positive-only values' },
    { fn: 'packQ4_0', args: [new Float32Array(32)], kind: 'an all-zero block' },
  ],
  generate(rng, i): CaseInput {
    const fn = (['packQ8_0', 'packQ4_0', 'packQ4_1'] as const)[i % 3]!;
    const kind = rng.pick(['normal', 'outlier', 'negative', 'positive', 'constant', 'uniform'] as const);
    const labels = { normal: 'normal-looking weights', outlier: 'a block containing one large outlier', negative: 'negative-only values', positive: 'positive-only values', constant: 'a constant block', uniform: 'uniform values' };
    const blocks = rng.pick([1, 1, 2, 4]);
    return { fn, args: [weights32(rng, 32 * blocks, kind)], kind: `${TYPES[fn].toUpperCase()}, ${blocks} block(s) of ${labels[kind]}` };
  },
  // The stored scales move with any nudge of the inputs; only the quantized integers must not.
  tieProbe(output, input) {
    const [size, scaleBytes] = LAYOUT[input.fn as Packer];
    const bytes = output as Uint8Array;
    return Array.from(bytes).filter((_, k) => k % size >= scaleBytes);
  },
  tolerance: { '*': 'exact' },
  hints: [
    'Write a helper `fp16Bits(x: number): number` first: `new Uint16Array(new Float16Array([x]).buffer)[0]`, and store it little-endian (low byte first).',
    'roundf (halves away from zero) is `Math.sign(v) * Math.floor(Math.abs(v) + 0.5)` — but `Math.abs(v) + 0.5` must not be rounded to float32 first: compute it in float64.',
    'C converts float to int by truncating toward zero: `Math.trunc`. Int8 bytes: `q & 0xff`.',
    'Every intermediate in float32: `const d = Math.fround(amax / 127); const id = d ? Math.fround(1 / d) : 0; const v = Math.fround(x * id);`.',
  ],
});
