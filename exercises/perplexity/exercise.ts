import { perplexity, perplexityFromLogits } from '../../src/core/index.ts';
import { defineExercise, type CaseInput } from '../../src/grading/exercise.ts';
import type { Rng } from '../../src/core/rng.ts';

/** A random logits matrix: `n` positions over a vocabulary of `v`, shifted by `offset`. */
function logitsMatrix(rng: Rng, n: number, v: number, spread: number, offset: number): number[][] {
  return Array.from({ length: n }, () => Array.from({ length: v }, () => offset + rng.normal(0, spread)));
}

// The first hidden cases are the edges every run must hold, whatever the seed: logits offset by
// +1000 and by -1000 (where a naive softmax overflows or underflows), targets that are not the
// most likely token, and probabilities where mean(p), Σ -p ln p and log2 all give other answers.
const EDGES: CaseInput[] = [
  { fn: 'perplexity', args: [[0.5, 0.125, 0.9, 0.02]], kind: '4 probabilities' },
  { fn: 'perplexity', args: [[1, 1, 1]], kind: 'certain predictions' },
  { fn: 'perplexityFromLogits', args: [[[1001.3, 998.7, 1000.2, 1002.9], [999.4, 1003.1, 1000.8, 997.5]], [2, 0]], kind: 'logits offset by +1000' },
  { fn: 'perplexityFromLogits', args: [[[-1000.6, -998.1, -1002.4], [-999.3, -1001.7, -997.9], [-1003.2, -1000.5, -999.8]], [0, 1, 2]], kind: 'logits offset by -1000' },
  { fn: 'perplexityFromLogits', args: [[[0.3, -1.2, 2.4, 0.8, -0.5], [1.9, 0.1, -0.7, -2.2, 0.6]], [3, 4]], kind: 'targets that are not the most likely token' },
];

export default defineExercise({
  id: 'perplexity',
  title: 'Perplexity',
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
  rules: [
    { id: 'probs-meaning', states: '`probs[i]` is the probability the model gave the correct token at position `i`' },
    { id: 'probs-formula', states: 'Return `exp(mean(-ln p))`' },
    { id: 'targets', states: '`targets[i]` the index of the correct token' },
    { id: 'log-softmax', states: 'Turn each row into log-probabilities' },
    { id: 'stable', states: "subtract the row's maximum before `exp`" },
    { id: 'same-as-above', states: 'then do the same as above' },
  ],
  generate(rng, i) {
    if (i < EDGES.length) return EDGES[i]!;
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
