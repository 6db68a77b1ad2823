/**
 * Which positions of a text the evaluation predicts, in windows of the model's context: shared by the
 * forward pass and by the lab's page, which deals windows out to its workers without running the model.
 */

/** A window of the evaluation: inputs tokens[start .. start+length), targets one further on. */
export interface Window {
  start: number;
  length: number;
}

/**
 * Non-overlapping windows over n tokens (n − 1 predictions), as the training script's eval: inputs
 * text[s, s+context), targets text[s+1, s+context+1) for s = 0, context, 2·context, …; the last may be shorter.
 */
export function evaluationWindows(nTokens: number, context: number): Window[] {
  const predictions = nTokens - 1;
  if (predictions < 1) throw new RangeError(`need at least 2 tokens to predict anything, got ${nTokens}`);
  const out: Window[] = [];
  for (let s = 0; s < predictions; s += context) out.push({ start: s, length: Math.min(context, predictions - s) });
  return out;
}

/** The targets of the evaluation windows: token i+1 for every input position i. */
export function evaluationTargets(tokens: ArrayLike<number>): Int32Array {
  const t = new Int32Array(tokens.length - 1);
  for (let i = 0; i < t.length; i++) t[i] = tokens[i + 1]!;
  return t;
}
