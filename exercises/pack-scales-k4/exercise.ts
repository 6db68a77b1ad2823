import { packScalesK4, quantizeGgml, unpackScalesK4 } from '../../src/core/index.ts';
import type { Rng } from '../../src/core/rng.ts';
import { defineExercise, type CaseInput } from '../../src/grading/exercise.ts';
import { weights32 } from '../generators.ts';

const codes = (rng: Rng, lo: number, hi: number) => Array.from({ length: 8 }, () => rng.int(lo, hi));

/** The twelve scale bytes (4..15) of a real Q4_K block quantized from weight-like values. */
function realScaleBytes(rng: Rng): Uint8Array {
  const kind = rng.pick(['normal', 'outlier', 'negative', 'uniform'] as const);
  return quantizeGgml('q4_K', weights32(rng, 256, kind)).slice(4, 16);
}

// The first cases are the edges every run must hold, whatever the seed: every field distinct, and
// the top bits of sub-blocks 4-7 all in use and different between S and M.
const EDGES: CaseInput[] = [
  { fn: 'packScalesK4', args: [[5, 18, 37, 60, 49, 22, 63, 35], [41, 7, 58, 26, 13, 54, 30, 44]], kind: 'distinct codes, top bits in use everywhere' },
  { fn: 'unpackScalesK4', args: [Uint8Array.from([0xc5, 0x52, 0xa5, 0xfc, 0xe9, 0x47, 0x3a, 0x9a, 0x1d, 0x6b, 0xf3, 0x84])], kind: 'twelve bytes with every field distinct and top bits set' },
];

export default defineExercise({
  id: 'pack-scales-k4',
  title: "Q4_K's twelve bytes of 6-bit scales and mins",
  statement: `A Q4_K super-block has 8 sub-blocks, each with a 6-bit **scale code** \`S\` and a 6-bit **min code** \`M\` (integers 0..63). That is 16 × 6 = 96 bits, packed into exactly 12 bytes \`K[0..11]\`:

- sub-blocks **j = 0..3**: the low 6 bits of \`K[j]\` hold \`S[j]\`, the low 6 bits of \`K[j + 4]\` hold \`M[j]\`;
- sub-blocks **j = 4..7**: \`K[j + 4]\` holds the low 4 bits of \`S[j]\` in its low nibble and the low 4 bits of \`M[j]\` in its high nibble; the top 2 bits of \`S[j]\` go to bits 6–7 of \`K[j − 4]\`, the top 2 bits of \`M[j]\` to bits 6–7 of \`K[j]\`.

Implement

- \`packScalesK4(scales, mins)\`: two arrays of 8 codes → a \`Uint8Array\` of 12 bytes;
- \`unpackScalesK4(bytes)\`: 12 bytes → \`{ scales, mins }\`, two arrays of 8 codes.

Every combination of 12 bytes unpacks to valid codes, and packing them again gives the same bytes back. Compared exactly.`,
  functions: ['packScalesK4', 'unpackScalesK4'],
  reference: {
    packScalesK4: (scales: number[], mins: number[]) => packScalesK4(scales, mins),
    unpackScalesK4: (bytes: Uint8Array) => unpackScalesK4(bytes),
  },
  examples: [
    { fn: 'packScalesK4', args: [[1, 2, 3, 4, 5, 6, 7, 8], [0, 0, 0, 0, 0, 0, 0, 0]], kind: 'small scale codes, no mins' },
    { fn: 'packScalesK4', args: [[0, 0, 0, 0, 63, 16, 32, 48], [0, 0, 0, 0, 0, 0, 0, 63]], kind: 'only the upper sub-blocks, whose top bits borrow bytes 0-7' },
    { fn: 'unpackScalesK4', args: [Uint8Array.from([0xc1, 0x42, 0x83, 0x04, 0x05, 0x06, 0x07, 0xc8, 0x21, 0x43, 0x65, 0x87])], kind: 'twelve bytes with every field in use' },
  ],
  rules: [
    { id: 'low-subblocks', states: 'sub-blocks **j = 0..3**: the low 6 bits of `K[j]` hold `S[j]`, the low 6 bits of `K[j + 4]` hold `M[j]`' },
    { id: 'upper-nibbles', states: '`K[j + 4]` holds the low 4 bits of `S[j]` in its low nibble and the low 4 bits of `M[j]` in its high nibble' },
    { id: 'upper-top-bits', states: 'the top 2 bits of `S[j]` go to bits 6–7 of `K[j − 4]`, the top 2 bits of `M[j]` to bits 6–7 of `K[j]`' },
    { id: 'pack-args', states: '`packScalesK4(scales, mins)`: two arrays of 8 codes → a `Uint8Array` of 12 bytes' },
    { id: 'unpack-result', states: '`unpackScalesK4(bytes)`: 12 bytes → `{ scales, mins }`, two arrays of 8 codes' },
    { id: 'round-trip', states: 'Every combination of 12 bytes unpacks to valid codes' },
  ],
  generate(rng, i): CaseInput {
    if (i < EDGES.length) return EDGES[i]!;
    if (i % 2 === 0) {
      const kind = rng.pick(['random', 'large', 'upper', 'real'] as const);
      if (kind === 'real') {
        const { scales, mins } = unpackScalesK4(realScaleBytes(rng));
        return { fn: 'packScalesK4', args: [scales, mins], kind: 'the codes of a real Q4_K block' };
      }
      if (kind === 'large') return { fn: 'packScalesK4', args: [codes(rng, 32, 63), codes(rng, 32, 63)], kind: 'codes of 32 and above (both top bits in use)' };
      if (kind === 'upper') return { fn: 'packScalesK4', args: [[0, 0, 0, 0, ...codes(rng, 0, 63).slice(4)], [0, 0, 0, 0, ...codes(rng, 0, 63).slice(4)]], kind: 'codes only in sub-blocks 4-7' };
      return { fn: 'packScalesK4', args: [codes(rng, 0, 63), codes(rng, 0, 63)], kind: 'random 6-bit codes' };
    }
    if (rng.next() < 0.5) return { fn: 'unpackScalesK4', args: [realScaleBytes(rng)], kind: 'bytes 4-15 of a real Q4_K block' };
    return { fn: 'unpackScalesK4', args: [Uint8Array.from({ length: 12 }, () => rng.int(0, 255))], kind: 'twelve random bytes' };
  },
  tolerance: { '*': 'exact' },
  hints: [
    'Do sub-blocks 0-3 first (plain stores into bytes 0-7), then 4-7, which OR their top bits into bytes already written: `K[j - 4] |= (S[j] >> 4) << 6`.',
    'Unpacking j ≥ 4: `S = (K[j + 4] & 15) | ((K[j - 4] >> 6) << 4)` and `M = (K[j + 4] >> 4) | ((K[j] >> 6) << 4)`; for j < 4 mask with `& 63` so the borrowed top bits do not leak in.',
    'Unpack by calling the same rule eight times: `for (let j = 0; j < 8; j++) { … scales.push(s); mins.push(m); }`.',
  ],
});
