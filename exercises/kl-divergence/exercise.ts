import { klDivergence, meanKl, sameTopShare } from '../../src/core/index.ts';
import { defineExercise } from '../../src/grading/exercise.ts';
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

export default defineExercise({
  id: 'kl-divergence',
  title: 'KL divergence',
  lesson: 'kl-divergence',
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
    { fn: 'meanKl', args: [[[2, 1, 0], [0, 0, 3]], [[2, 1, 0.5], [0, 1, 3]]], kind: 'two positions' },
    { fn: 'sameTopShare', args: [[[2, 1, 0], [0, 0, 3], [1, 1, 0]], [[1, 2, 0], [0, 0, 3], [1, 1, 0]]], kind: 'one top token changed, one tie' },
  ],
  generate(rng, i) {
    const v = rng.int(2, 24);
    if (i % 3 === 0) {
      const zeros = rng.next() < 0.4;
      return { fn: 'klDivergence', args: [distribution(rng, v, zeros), distribution(rng, v, false)], kind: zeros ? 'P with some zero entries' : `two distributions over ${v} tokens` };
    }
    const n = rng.int(1, 16);
    const offset = rng.pick([0, 0, 1000, -1000]);
    const [base, quant] = logitPair(rng, n, v, rng.pick([0.01, 0.3, 2]), offset);
    const fn = i % 3 === 1 ? 'meanKl' : 'sameTopShare';
    return { fn, args: [base, quant], kind: offset ? `logits offset by ${offset > 0 ? '+' : ''}${offset}` : `${n} positions, vocabulary of ${v}` };
  },
  tolerance: { '*': { rel: 1e-9, abs: 1e-12 } },
  hints: [
    'Skip terms with p = 0 before dividing: `if (p[i] > 0) sum += p[i] * Math.log(p[i] / q[i])`.',
    'For meanKl, compute log-probabilities of both rows with a stable log-softmax and use Σ p_base·(ln p_base − ln p_quant).',
    'argmax with "first index wins": update the best index only on a strictly larger value.',
  ],
});
