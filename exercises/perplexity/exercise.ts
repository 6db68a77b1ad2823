import { perplexity, perplexityFromLogits } from '../../src/core/index.ts';
import { defineExercise } from '../../src/grading/exercise.ts';
import type { Rng } from '../../src/core/rng.ts';

/** A random logits matrix: `n` positions over a vocabulary of `v`, shifted by `offset`. */
function logitsMatrix(rng: Rng, n: number, v: number, spread: number, offset: number): number[][] {
  return Array.from({ length: n }, () => Array.from({ length: v }, () => offset + rng.normal(0, spread)));
}

export default defineExercise({
  id: 'perplexity',
  title: 'Perplexity',
  lesson: 'perplexity',
  statement: `Implement \`perplexity(probs)\` and \`perplexityFromLogits(logits, targets)\`.

- \`perplexity(probs)\`: \`probs[i]\` is the probability the model gave the correct token at position \`i\`. Return \`exp(mean(-ln p))\`.
- \`perplexityFromLogits(logits, targets)\`: \`logits[i]\` is the model's raw score for every token of the vocabulary at position \`i\`, and \`targets[i]\` the index of the correct token. Turn each row into log-probabilities with a numerically stable log-softmax (subtract the row's maximum before \`exp\`), then do the same as above.

Answers are compared with a relative tolerance of 1e-9. Logits may be offset by ±1000: a naive softmax overflows there.`,
  functions: ['perplexity', 'perplexityFromLogits'],
  reference: {
    perplexity: (probs: number[]) => perplexity(probs),
    perplexityFromLogits: (logits: number[][], targets: number[]) => perplexityFromLogits(logits, targets),
  },
  examples: [
    { fn: 'perplexity', args: [[0.9229]], kind: 'one confident prediction' },
    { fn: 'perplexity', args: [[0.03]], kind: 'one poor prediction' },
    { fn: 'perplexity', args: [[0.25, 0.25, 0.25, 0.25]], kind: 'uniform over 4 tokens' },
    { fn: 'perplexityFromLogits', args: [[[2, 1, 0.1], [0.5, 2.5, -1]], [0, 1]], kind: 'two positions, three tokens' },
    { fn: 'perplexityFromLogits', args: [[[1002, 1001, 1000.1]], [2]], kind: 'logits offset by +1000' },
  ],
  generate(rng, i) {
    if (i % 2 === 0) {
      const n = rng.int(1, 50);
      const probs = Array.from({ length: n }, () => Math.max(1e-9, rng.next() ** rng.pick([0.2, 1, 3])));
      return { fn: 'perplexity', args: [probs], kind: `${n} probabilities` };
    }
    const n = rng.int(1, 20), v = rng.int(2, 30);
    const offset = rng.pick([0, 0, 1000, -1000]);
    const logits = logitsMatrix(rng, n, v, rng.pick([0.5, 2, 8]), offset);
    const targets = Array.from({ length: n }, () => rng.int(0, v - 1));
    return { fn: 'perplexityFromLogits', args: [logits, targets], kind: offset ? `logits offset by ${offset > 0 ? '+' : ''}${offset}` : `${n} positions, vocabulary of ${v}` };
  },
  tolerance: { '*': { rel: 1e-9, abs: 0 } },
  hints: [
    'The mean of -ln p over positions, then exp: `Math.exp(-sum / n)`.',
    'Stable log-softmax: `m = max(row)`, then `logp[j] = row[j] - m - Math.log(sum over k of Math.exp(row[k] - m))`.',
    'You only need the log-probability of the target token at each position.',
  ],
});
