/**
 * An illustrative next-token table (made up for teaching, not a real model's output): for each
 * position of a short text, the model's top candidates and their probabilities. Two positions carry
 * the lesson's numbers: p = 0.9229 (perplexity ≈ 1.08) and p = 0.03 (≈ 33.33).
 */

/** One prediction: the text so far, the token that really comes next, and the top candidates. */
export interface Prediction {
  correct: string;
  candidates: { token: string; p: number }[];
}

/** The text's first token, which nothing predicts. */
export const FIRST = 'The';

/** What the model predicts after each prefix; the correct token is among the candidates. */
export const PREDICTIONS: readonly Prediction[] = [
  { correct: ' quick', candidates: [{ token: ' first', p: 0.08 }, { token: ' best', p: 0.05 }, { token: ' new', p: 0.04 }, { token: ' quick', p: 0.03 }] },
  { correct: ' brown', candidates: [{ token: ' brown', p: 0.9229 }, { token: ' and', p: 0.021 }, { token: ' red', p: 0.012 }, { token: ' fix', p: 0.008 }] },
  { correct: ' fox', candidates: [{ token: ' fox', p: 0.962 }, { token: ' dog', p: 0.011 }, { token: ' bear', p: 0.006 }, { token: ' hare', p: 0.004 }] },
  { correct: ' jumps', candidates: [{ token: ' jumps', p: 0.61 }, { token: ' jumped', p: 0.27 }, { token: ' is', p: 0.03 }, { token: ' ran', p: 0.02 }] },
  { correct: ' over', candidates: [{ token: ' over', p: 0.94 }, { token: ' into', p: 0.02 }, { token: ' on', p: 0.01 }, { token: ' up', p: 0.008 }] },
  { correct: ' the', candidates: [{ token: ' the', p: 0.91 }, { token: ' a', p: 0.05 }, { token: ' my', p: 0.01 }, { token: ' two', p: 0.005 }] },
  { correct: ' lazy', candidates: [{ token: ' lazy', p: 0.87 }, { token: ' sleeping', p: 0.03 }, { token: ' fence', p: 0.02 }, { token: ' big', p: 0.01 }] },
  { correct: ' dog', candidates: [{ token: ' dog', p: 0.93 }, { token: ' cat', p: 0.02 }, { token: ' fox', p: 0.01 }, { token: ' brown', p: 0.005 }] },
];

/** The probability the model gave the correct token at position i. */
export const correctP = (i: number): number => PREDICTIONS[i]!.candidates.find((c) => c.token === PREDICTIONS[i]!.correct)!.p;
