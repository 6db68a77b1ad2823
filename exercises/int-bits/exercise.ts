import { fromBits, toBits } from '../../src/core/index.ts';
import { defineExercise, type CaseInput } from '../../src/grading/exercise.ts';

const ones = (width: number) => new Array<number>(width).fill(1);
const EDGES: CaseInput[] = [
  { fn: 'fromBits', args: [ones(32), false], kind: '32 bits read as unsigned, top bit set' },
  { fn: 'fromBits', args: [toBits(2 ** 31 + 5, 32), false], kind: '32 bits read as unsigned, top bit set' },
  { fn: 'fromBits', args: [toBits(-(2 ** 31), 32), true], kind: 'the most negative int32' },
  { fn: 'toBits', args: [2 ** 32 - 1, 32], kind: 'the largest uint32' },
  { fn: 'toBits', args: [-(2 ** 31), 32], kind: 'the most negative int32' },
  { fn: 'toBits', args: [-6, 4], kind: 'a negative integer in 4 bits' },
  { fn: 'fromBits', args: [[1, 0, 1, 1], true], kind: '4 bits read as signed' },
  { fn: 'fromBits', args: [[1, 0, 1, 1], false], kind: '4 bits read as unsigned' },
  { fn: 'toBits', args: [-1, 1], kind: 'a negative integer in 1 bit' },
];

export default defineExercise({
  id: 'int-bits',
  title: 'Integers as bits',
  statement: `Implement \`toBits(n, width)\` and \`fromBits(bits, signed)\`.

- \`toBits(n, width)\` returns the \`width\` bits of the integer \`n\`, most significant first, as an array of 0s and 1s. A negative \`n\` is written in two's complement (so \`toBits(-1, 8)\` is eight 1s).
- \`fromBits(bits, signed)\` reads such an array back. When \`signed\` is true, the first bit has weight \`-2^(width-1)\` (two's complement); otherwise every bit has its usual positive weight.

Widths run from 1 to 32. Compared exactly.`,
  functions: ['toBits', 'fromBits'],
  reference: {
    toBits: (n: number, width: number) => toBits(n, width),
    fromBits: (bits: number[], signed: boolean) => fromBits(bits, signed),
  },
  examples: [
    { fn: 'toBits', args: [5, 8], kind: 'a small unsigned number' },
    { fn: 'toBits', args: [-1, 8], kind: 'minus one in two\'s complement' },
    { fn: 'fromBits', args: [[1, 0, 0, 0, 0, 0, 0, 0], true], kind: 'the most negative int8' },
    { fn: 'fromBits', args: [[1, 1, 1, 1, 1, 1, 1, 1], false], kind: '255 as uint8' },
  ],
  rules: [
    { id: 'msb-first', states: 'most significant first' },
    { id: 'twos-complement', states: "A negative `n` is written in two's complement" },
    { id: 'signed-weight', states: 'When `signed` is true, the first bit has weight `-2^(width-1)`' },
    { id: 'unsigned-weight', states: 'otherwise every bit has its usual positive weight' },
    { id: 'width-32', states: 'Widths run from 1 to 32' },
  ],
  generate(rng, i) {
    // The first cases are the edges every run must hold, whatever the seed: 32-bit patterns with the
    // top bit set (where 32-bit bit operators go wrong), the extremes, and one bit alone.
    if (i < EDGES.length) return EDGES[i]!;
    const width = rng.pick([1, 2, 4, 8, 8, 16, 31, 32]);
    const signed = rng.next() < 0.5;
    const lo = signed ? -(2 ** (width - 1)) : 0;
    const hi = signed ? 2 ** (width - 1) - 1 : 2 ** width - 1;
    const n = rng.pick([lo, hi, rng.int(lo, hi), rng.int(lo, hi)]);
    if (i % 2 === 0) return { fn: 'toBits', args: [n, width], kind: `${signed && n < 0 ? 'a negative' : 'an'} integer in ${width} bits` };
    return { fn: 'fromBits', args: [toBits(n, width), signed], kind: `${width} bits read as ${signed ? 'signed' : 'unsigned'}` };
  },
  tolerance: { '*': 'exact' },
  hints: [
    'For a non-negative n, bit i from the right is `Math.floor(n / 2 ** i) % 2`.',
    'Two\'s complement: a negative n in `width` bits is stored as the unsigned number `n + 2 ** width`.',
    'Avoid `<<` and `>>` for width 32: JavaScript\'s bit operators work on 32-bit signed integers.',
  ],
});
