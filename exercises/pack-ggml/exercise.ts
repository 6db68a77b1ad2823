import { quantizeGgml } from '../../src/core/index.ts';
import { defineExercise, type CaseInput } from '../../src/grading/exercise.ts';
import { weights32 } from '../generators.ts';
import { q40DoubleTelling, q41DoubleTelling, q8DoubleTelling, q8ProductTelling } from './telling-blocks.ts';

type Packer = 'packQ8_0' | 'packQ4_0' | 'packQ4_1';
const TYPES = { packQ8_0: 'q8_0', packQ4_0: 'q4_0', packQ4_1: 'q4_1' } as const;
// Bytes per block and how many of them (at the front) hold the fp16 scale (and minimum).
const LAYOUT = { packQ8_0: [34, 2], packQ4_0: [18, 2], packQ4_1: [20, 4] } as const;

/** Weight-like values in (−limit, limit), fixed (no rng); `quantcourse check` proves the edges built from them sit on no tie. */
const wavy = (n: number, limit: number, phase = 0) => Array.from({ length: n }, (_, j) => limit * 0.93 * Math.sin(1.7 * j + phase + 0.3));
const block = (xs: number[]) => Float32Array.from(xs);
/** A block of `wavy` values with some elements set. */
const withAt = (limit: number, set: Record<number, number>, phase = 0) => block(wavy(32, limit, phase).map((v, j) => set[j] ?? v));
const SUBNORMAL = 2 ** -149;

// The first cases are the edges every run must hold, whatever the seed.
const EDGES: CaseInput[] = [
  // d = 2 exactly, so x × id is an exact half for every odd x: halves of both signs, away from zero.
  { fn: 'packQ8_0', args: [block(Array.from({ length: 32 }, (_, j) => (j === 0 ? -254 : (j % 2 ? -1 : 1) * (2 * j - 1))))], kind: 'Q8_0, a block whose scaled values are exact halves' },
  // Equal magnitudes of opposite sign (whole numbers, which stay exact): the first one sets the sign of d.
  { fn: 'packQ4_0', args: [withAt(8, { 3: 8, 20: -8 })], kind: 'Q4_0, equal largest magnitudes of opposite sign (+ first)' },
  { fn: 'packQ4_0', args: [withAt(2, { 5: -2, 30: 2 }, 1)], kind: 'Q4_0, equal largest magnitudes of opposite sign (- first)' },
  // Blocks whose scale is 0: all zeros, and subnormals so small that amax / 127 or (max − min) / 15 rounds to 0.
  { fn: 'packQ4_0', args: [block([...wavy(32, 0.5), ...new Array<number>(32).fill(0)])], kind: 'Q4_0, a block of weights then an all-zero block' },
  { fn: 'packQ8_0', args: [block(Array.from({ length: 32 }, (_, j) => (j % 3 ? 1 : -1) * (j + 1) * SUBNORMAL))], kind: 'Q8_0, a block of subnormals whose scale rounds to 0' },
  { fn: 'packQ4_1', args: [block(Array.from({ length: 32 }, (_, j) => (j % 7) * SUBNORMAL))], kind: 'Q4_1, a block of subnormals whose scale rounds to 0' },
  // Blocks of very different sizes, and one-signed blocks.
  { fn: 'packQ8_0', args: [block([...wavy(32, 0.1), ...wavy(32, 10, 2)])], kind: 'Q8_0, 2 blocks of very different sizes' },
  { fn: 'packQ8_0', args: [block(wavy(32, 3).map((v) => -Math.abs(v) - 0.01))], kind: 'Q8_0, negative-only values' },
  { fn: 'packQ4_1', args: [block([...wavy(32, 1).map((v) => Math.abs(v) + 0.5), ...wavy(32, 1, 1).map((v) => -Math.abs(v) - 0.5)])], kind: 'Q4_1, a positive-only block then a negative-only block' },
];

/** Searched blocks where float32 and double readings differ (see telling-blocks.ts): at least one per packer. */
const TELLING = [
  { fn: 'packQ8_0', search: q8DoubleTelling, kind: 'Q8_0, whole numbers where x × id lands within float32 noise of a half' },
  { fn: 'packQ8_0', search: q8ProductTelling, kind: 'Q8_0, whole numbers where x × id rounds to a half in float32' },
  { fn: 'packQ4_0', search: q40DoubleTelling, kind: 'Q4_0, an element where x × id + 8.5 lands within float32 noise of 9' },
  { fn: 'packQ4_1', search: q41DoubleTelling, kind: 'Q4_1, an element where (x − min) × id lands within float32 noise of a step' },
] as const;

export default defineExercise({
  id: 'pack-ggml',
  title: "llama.cpp's Q8_0, Q4_0 and Q4_1 blocks, byte for byte",
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
    { fn: 'packQ4_0', args: [Float32Array.from({ length: 32 }, (_, j) => (j === 2 ? 1 : j === 9 ? -1 : (j - 16) / 20))], kind: 'equal magnitudes of opposite sign: the first (+1) wins' },
  ],
  rules: [
    { id: 'little-endian', states: 'little-endian' },
    { id: 'blocks', states: 'blocks of 32 one after another' },
    { id: 'float32-steps', states: 'Do every step in float32: wrap each operation in `Math.fround`.' },
    { id: 'float32-scale', states: 'Quantize with the float32 scale' },
    { id: 'fp16-nearest-even', states: 'store the scale as float16 (round to nearest even' },
    { id: 'q8-amax', states: '`amax = max|x|`' },
    { id: 'q8-scale', states: '`d = amax / 127`, `id = d ? 1/d : 0`' },
    { id: 'q8-round-away', states: 'halves rounded **away from zero**' },
    { id: 'q8-bytes', states: 'bytes: fp16(d), then 32 int8' },
    { id: 'q40-max', states: '`max` = the element with the largest magnitude, sign kept' },
    { id: 'q40-first-wins', states: 'first one wins on equal magnitudes' },
    { id: 'q40-scale', states: '`d = max / -8`, `id = d ? 1/d : 0`' },
    { id: 'q40-nibble', states: '`nibble = min(15, trunc(x × id + 8.5))`' },
    { id: 'nibble-order', states: 'byte j holds element j in its low nibble and element j+16 in its high nibble' },
    { id: 'q41-min-max', states: '`min`, `max` of the block' },
    { id: 'q41-scale', states: '`d = (max - min) / 15`, `id = d ? 1/d : 0`' },
    { id: 'q41-nibble', states: '`nibble = min(15, trunc((x - min) × id + 0.5))`' },
    { id: 'q41-bytes', states: 'bytes: fp16(d), fp16(min), then the nibbles as in Q4_0' },
  ],
  generate(rng, i): CaseInput {
    if (i < EDGES.length) return EDGES[i]!;
    const telling = TELLING[i - EDGES.length];
    const found = telling?.search(rng);
    if (telling && found) return { fn: telling.fn, args: [found], kind: telling.kind };
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
