import { klDivergence, meanKl, sameTopShare } from '../../src/core/index.ts';
import { defineExercise, type CaseInput } from '../../src/grading/exercise.ts';
import type { Rng } from '../../src/core/rng.ts';

function distribution(rng: Rng, v: number, zeros: boolean): number[] {
  const raw = Array.from({ length: v }, (): number => (zeros && rng.next() < 0.3 ? 0 : rng.next() ** 2 + 1e-6));
  if (Math.max(...raw) === 0) raw[0] = 1;
  const sum = raw.reduce((a, b) => a + b, 0);
  return raw.map((x) => x / sum);
}

/** Logits for base and a "quantized" copy with noise of size `noise`. */
function logitPair(rng: Rng, n: number, v: number, noise: number, offset: number): [number[][], number[][]] {
  const base = Array.from({ length: n }, () => Array.from({ length: v }, () => offset + rng.normal(0, 3)));
  const quant = base.map((row) => row.map((x) => x + rng.normal(0, noise)));
  return [base, quant];
}

/** Renormalize non-negative weights to sum 1. */
const normalize = (xs: number[]) => {
  const sum = xs.reduce((a, b) => a + b, 0);
  return xs.map((x) => x / sum);
};

/** Copy the row's highest logit to another index (before or after it), making a tie for the top. */
function tieTop(rng: Rng, row: number[]): void {
  const top = row.indexOf(Math.max(...row));
  const other = (top + rng.int(1, row.length - 1)) % row.length;
  row[other] = row[top]!;
}

const wide = (offset: number) => [
  [offset + 2.5, offset - 1, offset + 0.3, offset - 4],
  [offset - 0.7, offset + 1.9, offset + 1.2, offset],
];

// The first cases are the edges every run must hold, whatever the seed.
const EDGES: CaseInput[] = [
  { fn: 'klDivergence', args: [[0.25, 0.5, 0.25], [0.5, 0.5, 0]], kind: 'a zero in Q where P is not' },
  { fn: 'klDivergence', args: [[0, 0.6, 0.4], [0, 0.3, 0.7]], kind: 'a zero in both P and Q' },
  { fn: 'meanKl', args: [wide(1000), wide(1000).map((r) => r.map((x, j) => x + 0.4 * j))], kind: 'logits offset by +1000' },
  { fn: 'meanKl', args: [wide(-1000), wide(-1000).map((r) => r.map((x, j) => x - 0.3 * j))], kind: 'logits offset by -1000' },
  // Ties for the top where the rows differ, so "first index wins" and "last index wins" disagree.
  { fn: 'sameTopShare', args: [[[0.2, 1.5, 1.5, -0.3], [2, 0.5, 2.5, 0], [1, 0, 0]], [[0.1, 1.2, 1.7, 0], [3, 1, 3, 0.2], [0.5, 0, 0.5]]], kind: 'equal top logits in the base or the quantized row' },
];

export default defineExercise({
  id: 'kl-divergence',
  title: 'KL divergence',
  statement: `Implement \`klDivergence(p, q)\`, \`meanKl(baseLogits, quantLogits)\` and \`sameTopShare(baseLogits, quantLogits)\`.

- \`klDivergence(p, q)\` = Σ p·ln(p / q) over the entries, natural log. Terms with \`p = 0\` contribute 0; a term with \`p > 0\` and \`q = 0\` makes the result \`Infinity\`.
- \`meanKl\`: each row of logits is one position. Turn both rows into probabilities with a stable softmax (subtract the row maximum), take KL(base ‖ quant) per position, and return the mean over positions.
- \`sameTopShare\`: the fraction of positions where the highest logit of the quantized row is at the same index as in the base row (on equal logits the first index wins).

Floats are compared with a relative tolerance of 1e-9 (absolute 1e-12). Logits may be offset by ±1000.`,
  functions: ['klDivergence', 'meanKl', 'sameTopShare'],
  reference: {
    klDivergence: (p: number[], q: number[]) => klDivergence(p, q),
    meanKl: (base: number[][], quant: number[][]) => meanKl(base, quant),
    sameTopShare: (base: number[][], quant: number[][]) => sameTopShare(base, quant),
  },
  examples: [
    { fn: 'klDivergence', args: [[0.5, 0.5], [0.5, 0.5]], kind: 'identical distributions' },
    { fn: 'klDivergence', args: [[0.9, 0.1], [0.5, 0.5]], kind: 'a confident P against a uniform Q' },
    { fn: 'klDivergence', args: [[0, 1], [0.5, 0.5]], kind: 'a zero in P' },
    { fn: 'klDivergence', args: [[0.5, 0.5], [1, 0]], kind: 'a zero in Q where P is not' },
    { fn: 'meanKl', args: [[[2, 1, 0], [0, 0, 3]], [[2, 1, 0.5], [0, 1, 3]]], kind: 'two positions' },
    { fn: 'sameTopShare', args: [[[2, 1, 0], [0, 0, 3], [1, 1, 0]], [[1, 2, 0], [0, 0, 3], [1, 1, 0]]], kind: 'one top token changed, one tie' },
    { fn: 'sameTopShare', args: [[[1, 3, 3]], [[1, 2, 3]]], kind: 'a tie in the base row: its first index (1) is its top' },
  ],
  rules: [
    { id: 'kl-formula', states: '`klDivergence(p, q)` = Σ p·ln(p / q) over the entries' },
    { id: 'natural-log', states: 'natural log' },
    { id: 'p-zero', states: 'Terms with `p = 0` contribute 0' },
    { id: 'q-zero', states: 'a term with `p > 0` and `q = 0` makes the result `Infinity`' },
    { id: 'stable-softmax', states: 'Turn both rows into probabilities with a stable softmax (subtract the row maximum)' },
    { id: 'kl-direction', states: 'take KL(base ‖ quant) per position' },
    { id: 'mean', states: 'return the mean over positions' },
    { id: 'same-top', states: 'the fraction of positions where the highest logit of the quantized row is at the same index as in the base row' },
    { id: 'first-wins', states: 'on equal logits the first index wins' },
  ],
  generate(rng, i): CaseInput {
    if (i < EDGES.length) return EDGES[i]!;
    const v = rng.int(2, 24);
    if (i % 3 === 0) {
      const zerosInQ = rng.pick(['none', 'none', 'shared', 'infinite'] as const);
      const zeros = zerosInQ === 'shared' || rng.next() < 0.4;
      const p = distribution(rng, v, zeros);
      let q = distribution(rng, v, false);
      if (zerosInQ === 'shared') q = normalize(q.map((x, j) => (p[j] === 0 ? 0 : x)));
      if (zerosInQ === 'infinite') {
        const j = rng.int(0, v - 1);
        if (p[j] === 0) p[j] = rng.next() + 1e-3;
        p.splice(0, v, ...normalize(p));
        q = normalize(q.map((x, k) => (k === j ? 0 : x)));
      }
      const kinds = { none: zeros ? 'P with some zero entries' : `two distributions over ${v} tokens`, shared: 'P and Q with zeros in the same places', infinite: 'a zero in Q where P is not' };
      return { fn: 'klDivergence', args: [p, q], kind: kinds[zerosInQ] };
    }
    const n = rng.int(1, 16);
    const offset = rng.pick([0, 0, 1000, -1000]);
    const [base, quant] = logitPair(rng, n, v, rng.pick([0.01, 0.3, 2]), offset);
    const fn = i % 3 === 1 ? 'meanKl' : 'sameTopShare';
    // Equal top logits in some rows, so that which index wins a tie matters.
    const ties = fn === 'sameTopShare' && rng.next() < 0.5;
    if (ties) for (let r = 0; r < n; r++) if (rng.next() < 0.5) tieTop(rng, rng.next() < 0.5 ? base[r]! : quant[r]!);
    const what = offset ? `logits offset by ${offset > 0 ? '+' : ''}${offset}` : `${n} positions, vocabulary of ${v}`;
    return { fn, args: [base, quant], kind: ties ? `${what}, some equal top logits` : what };
  },
  tolerance: { '*': { rel: 1e-9, abs: 1e-12 } },
  hints: [
    'Skip terms with p = 0 before dividing: `if (p[i] > 0) sum += p[i] * Math.log(p[i] / q[i])`.',
    'For meanKl, compute log-probabilities of both rows with a stable log-softmax and use Σ p_base·(ln p_base − ln p_quant).',
    'argmax with "first index wins": update the best index only on a strictly larger value.',
  ],
});
