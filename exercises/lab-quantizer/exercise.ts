import { dequantizeBlocks, quantizeBlocks } from '../../src/core/index.ts';
import { meanSquaredError } from '../../src/core/quant/errors.ts';
import { defineExercise, type CaseInput } from '../../src/grading/exercise.ts';
import { suppliedAssessment } from '../../src/grading/supplied-assessment.ts';
import { weights } from '../generators.ts';
import { checkLearnerBlocks } from './check-blocks.ts';
import { QUANTIZER_ASSESSMENT, QUANTIZER_CHECK_SETTINGS, QUANTIZER_TOLERANCE, settingLabel } from './settings.ts';

type Block = { values: number[]; scale: number; zero: number };
type Scheme = 'symmetric' | 'asymmetric';

/** How much more squared error than the course's quantizer a hidden row may have. */
const MSE_SLACK = 0.1;
const tol = QUANTIZER_TOLERANCE;
const settings = QUANTIZER_CHECK_SETTINGS.map(settingLabel).join('; ');
const COUNT_WORDS = ['no', 'one', 'two', 'three', 'four'];

const courseBlocks = (values: number[], bits: number, blockSize: number, scheme: Scheme): Block[] =>
  quantizeBlocks(values, bits, blockSize, scheme).map((b) => ({ values: b.values, scale: b.scale, zero: b.zero }));

/** A deterministic row of `n` weight-like numbers (no rng: the edges are the same in every run). */
const wave = (n: number, amp: number, shift = 0) => Array.from({ length: n }, (_, j) => shift + amp * Math.sin(1.7 * j + 0.3) * Math.cos(0.37 * j));

// The first hidden cases are the edges every run must hold, whatever the seed: constant rows on
// both sides of 0 (a finite scale and zero point), a short last block, and 2-bit rows where each
// scheme's grid matters (a positive-only row for the asymmetric one). No all-zero row: the starter
// (every code 0) would pass it, and the model has no all-zero block.
const EDGES: CaseInput[] = [
  { fn: 'quantizeBlocks', args: [new Array<number>(64).fill(0.37), 4, 16, 'asymmetric'], kind: 'a constant row (64 weights), 4-bit asymmetric, blocks of 16' },
  { fn: 'quantizeBlocks', args: [new Array<number>(64).fill(-0.21), 3, 32, 'asymmetric'], kind: 'a negative constant row (64 weights), 3-bit asymmetric, blocks of 32' },
  { fn: 'quantizeBlocks', args: [wave(69, 0.3), 4, 16, 'symmetric'], kind: 'a row of 69 weights (a short last block), 4-bit symmetric, blocks of 16' },
  { fn: 'quantizeBlocks', args: [wave(64, 0.2, 0.25), 2, 16, 'asymmetric'], kind: 'a positive-only row (64 weights), 2-bit asymmetric, blocks of 16' },
  { fn: 'quantizeBlocks', args: [wave(64, 0.5), 2, 8, 'symmetric'], kind: 'a row of 64 weights, 2-bit symmetric, blocks of 8' },
];

export default defineExercise({
  id: 'lab-quantizer',
  title: 'Your quantizer on the real model',
  statement: `Export \`quantizeBlocks(values, bits, blockSize, scheme)\`, the function the lab plugs in: it receives a weight matrix as one array (rows one after another) and returns one \`{ values, scale, zero }\` per block of \`blockSize\` weights (the last may be shorter), with integer codes so that each weight is about \`scale × (q − zero)\`.

Your blocks must be what the bits pay for: one block per \`blockSize\` weights, integer codes that fit in \`bits\` bits (at most \`2 ** bits\` consecutive values per block; the zero point places them), a finite scale and zero point. \`scheme\` is \`'symmetric'\` or \`'asymmetric'\`, as in *Outliers and blocks*.

The grade does not ask for the course's exact codes. It asks for a quantizer at least as good:

- **Every case** (rows of weight-like numbers): the blocks are valid, and the mean squared error of your dequantized row is at most ${MSE_SLACK * 100}% above the course quantizer's.
- **The real model**: the grader quantizes the fifteen linear matrices of the lab's model with your function at ${QUANTIZER_CHECK_SETTINGS.length} settings (${settings}), runs the model over the lab's held-out text and passes each setting when its **perplexity ≤ the course's × ${1 + tol.perplexityRel}** and its **mean KL ≤ the course's × ${1 + tol.klRel} + ${tol.klAbs}**. Those are ${COUNT_WORDS[QUANTIZER_CHECK_SETTINGS.length] ?? QUANTIZER_CHECK_SETTINGS.length} more results, one per setting, after the cases.

Doing better than the course's quantizer passes too: the bits are fixed, so a better grid is simply better.`,
  functions: ['quantizeBlocks'],
  reference: { quantizeBlocks: courseBlocks },
  examples: [
    { fn: 'quantizeBlocks', args: [[0.12, -0.05, 0.31, -0.27, 0.02, 0.4, -0.11, 0.08], 4, 4, 'asymmetric'], kind: 'two blocks of four, 4-bit asymmetric' },
    { fn: 'quantizeBlocks', args: [[0.5, -0.2, 1, 0.7, -1], 3, 2, 'symmetric'], kind: 'a short last block, 3-bit symmetric' },
  ],
  rules: [
    { id: 'blocks', states: 'one `{ values, scale, zero }` per block of `blockSize` weights (the last may be shorter)' },
    { id: 'integer-codes', states: 'integer codes so that each weight is about `scale × (q − zero)`' },
    { id: 'code-count', states: 'at most `2 ** bits` consecutive values per block' },
    { id: 'finite', states: 'a finite scale and zero point' },
    { id: 'scheme', states: "`scheme` is `'symmetric'` or `'asymmetric'`, as in *Outliers and blocks*" },
    { id: 'mse', states: 'the mean squared error of your dequantized row is at most' },
    { id: 'model', states: "runs the model over the lab's held-out text and passes each setting when its" },
  ],
  generate(rng, i) {
    if (i < EDGES.length) return EDGES[i]!;
    const bits = rng.pick([2, 3, 4, 8]);
    const blockSize = rng.pick([8, 16, 32, 64]);
    const scheme: Scheme = rng.pick(['symmetric', 'asymmetric'] as const);
    const kind = rng.pick(['normal', 'normal', 'outlier', 'uniform', 'constant'] as const);
    const labels = { normal: 'a row of normal-looking weights', outlier: 'a row with one large outlier', uniform: 'a row of uniform weights', constant: 'a constant row' };
    // Rows like the model's (64 or 256 weights), sometimes with a short last block.
    const n = rng.pick([64, 256]) + (rng.next() < 0.3 ? rng.int(1, blockSize - 1) : 0);
    return { fn: 'quantizeBlocks', args: [weights(rng, n, kind), bits, blockSize, scheme], kind: `${labels[kind]} (${n} weights), ${bits}-bit ${scheme}, blocks of ${blockSize}` };
  },
  hiddenCount: 40,
  // Two passes over all 153k weights of the model's matrices: ~0.5 s in a desktop browser, so 2 s would stop
  // honest code on a slow phone. An endless loop still stops, later.
  timeoutMs: 8000,
  check(got, expected, input) {
    const [values, bits, blockSize] = input.args as [number[], number, number, Scheme];
    checkLearnerBlocks(got, values.length, bits, blockSize, 'your result');
    const yours = meanSquaredError(values, dequantizeBlocks(got as Block[]));
    const course = meanSquaredError(values, dequantizeBlocks(expected as Block[]));
    const peak = Math.max(0, ...values.map(Math.abs));
    // The small absolute term forgives float noise where the course's error is (nearly) zero.
    if (!(yours <= course * (1 + MSE_SLACK) + (1e-9 * peak) ** 2)) {
      const ratio = course > 0 ? `${((yours / course - 1) * 100).toFixed(0)}% above the course quantizer's` : 'where the course quantizer is exact';
      return `the blocks are valid, but their mean squared error is ${yours.toPrecision(3)}, ${ratio} (at most ${MSE_SLACK * 100}% above is allowed)`;
    }
    return null;
  },
  // The integers must not move when an input moves by one ulp; the scales may.
  tieProbe: (out) => (out as Block[]).map((b) => [b.values, b.zero]),
  // Made by the course's grader, which has the model: read from disk in Node, fetched by the page.
  assessment: suppliedAssessment(QUANTIZER_ASSESSMENT, { settings: QUANTIZER_CHECK_SETTINGS, tolerance: QUANTIZER_TOLERANCE }),
  hints: [
    'Your function from *Outliers and blocks* already has this shape: paste it in and run it.',
    'Symmetric: `scale = max|v| / (2^(bits-1) - 1)`, codes `Math.round(v / scale)`, `zero = 0`. Asymmetric: the scale spans the block\'s min to max (stretched to include 0 for a constant block) over `2^bits - 1` steps, `zero = qmin - Math.round(min / scale)`, codes clamped to `[qmin, qmax]`.',
    'If a setting fails on the real model, look at the first failing hidden case: a mean squared error far above the course\'s usually means rounding down (`Math.floor`) instead of to nearest, a grid one bit coarser than allowed, or the `scheme` argument ignored.',
  ],
});
