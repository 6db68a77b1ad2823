/**
 * What the course model really predicts next, for the perplexity and KL lessons' widgets: per
 * character of a short text, the float32 model's top candidates and the probability of the character
 * that came next (also with the model allowed to see only the last few characters), and, after a few
 * prompts, the whole next-character distribution under float32 and three quantizations with each
 * one's KL divergence from float32. Everything comes from the core's forward pass and quantizers, and
 * characters are found by their text (encode/decode), never by a token id, so a retrained model with
 * another vocabulary regenerates the same shape of file (scripts/lab-figures.ts).
 */
import { argmax, klDivergence, softmax } from '../core/index.ts';
import {
  createWorkspace, decode, encode, forwardWindow, labScheme, quantizeModel, textLogits, type Model,
} from '../core/model/index.ts';

/** The text the next-token table and the sliding window walk along (a line the model has read often). */
export const NEXT_CHAR_TEXT = 'Captain Ahab stood on the quarter-deck.';
/** The prompts whose next character the KL widget compares across formats: one near-certain (the book's first line), one open (the essay's own prompt). */
export const KL_PROMPTS = ['Call me Ish', 'And then I'] as const;
/** The variants the KL widget compares with float32, by lab scheme id: 8-bit, 4-bit and naive 2-bit blocks. */
export const KL_VARIANTS = ['q8_0', 'q4_0', 'int2-asym'] as const;
/** Candidates shown per position in the table, and per variant after a prompt. */
export const TOP_CANDIDATES = 4;
/** The window lengths (characters the model may see) the sliding-window widget offers. */
export const WINDOW_LENGTHS = [1, 2, 3, 4, 5, 6, 7, 8] as const;

/** A character and the probability the model gave it. */
export interface Candidate {
  text: string;
  p: number;
}

/** One prediction along the text: the character that came next, its probability, and the top candidates. */
export interface TablePosition {
  correct: string;
  p: number;
  candidates: Candidate[];
}

/** One format's next-character distribution after a prompt, as the widget shows it. */
export interface PromptVariant {
  /** "float32" or a lab scheme id. */
  id: string;
  label: string;
  /** Probability of each of the prompt's `shown` characters, in that order. */
  p: number[];
  /** The most likely character. */
  top: string;
  /** KL(float32 ‖ this) over the whole vocabulary, by the core's klDivergence (0 for float32). */
  kl: number;
}

/** A prompt, the characters shown for it (every variant's top candidates), and each format's distribution. */
export interface PromptFigures {
  prompt: string;
  shown: string[];
  variants: PromptVariant[];
}

/** Everything the perplexity and KL widgets show of the course model. */
export interface NextCharFigures {
  text: string;
  /** Prediction i is of text[i + 1] from text[0..i]. */
  table: TablePosition[];
  /** p(text[i + 1]) when the model sees only the last `length` characters up to text[i], per window length. */
  windows: { length: number; p: number[] }[];
  prompts: PromptFigures[];
}

/** The text of a token id, via the model's own decoder. */
const textOf = (model: Model, id: number): string => decode(model.manifest, [id]);

/** The ids of the `k` largest probabilities, largest first (the lower id first on a tie). */
function topIds(probs: ArrayLike<number>, k: number): number[] {
  return Array.from(probs, (p, i) => [p, i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]).slice(0, k).map(([, i]) => i);
}

/** The float model's predictions along `text`, with its full prefix in view. */
export function nextCharTable(model: Model, text: string, k = TOP_CANDIDATES): TablePosition[] {
  const ids = encode(model.manifest, text);
  if (ids.length > model.config.context + 1) throw new RangeError(`the table's text has ${ids.length} characters; the model sees at most ${model.config.context} before a prediction`);
  const V = model.config.vocabSize;
  const logits = textLogits(model, ids);
  const out: TablePosition[] = [];
  for (let i = 0; i + 1 < ids.length; i++) {
    const probs = softmax(logits.subarray(i * V, (i + 1) * V));
    out.push({ correct: textOf(model, ids[i + 1]!), p: probs[ids[i + 1]!]!, candidates: topIds(probs, k).map((id) => ({ text: textOf(model, id), p: probs[id]! })) });
  }
  return out;
}

/** p(text[i + 1]) for every i when the model sees only the last `length` characters (or fewer, at the start). */
export function windowedProbabilities(model: Model, text: string, length: number): number[] {
  if (!(Number.isInteger(length) && length >= 1 && length <= model.config.context)) throw new RangeError(`a window holds 1..${model.config.context} characters, got ${length}`);
  const ids = encode(model.manifest, text);
  const ws = createWorkspace(model.config);
  const row = new Float32Array(model.config.vocabSize);
  const out: number[] = [];
  for (let i = 0; i + 1 < ids.length; i++) {
    const start = Math.max(0, i + 1 - length);
    const n = i + 1 - start;
    forwardWindow(model, ids, start, n, ws, row, 0, n - 1); // only the window's last row: the prediction after text[i]
    out.push(softmax(row)[ids[i + 1]!]!);
  }
  return out;
}

/** The next-character distribution after `prompt` (its last row of logits). */
function distributionAfter(model: Model, prompt: string): Float64Array {
  const ids = encode(model.manifest, prompt);
  if (ids.length > model.config.context) throw new RangeError(`the prompt "${prompt}" is longer than the model's context of ${model.config.context}`);
  const row = new Float32Array(model.config.vocabSize);
  forwardWindow(model, ids, 0, ids.length, createWorkspace(model.config), row, 0, ids.length - 1);
  return softmax(row);
}

/** After `prompt`: float32 and each variant's distribution over the characters any of them ranks in its top k. */
export function promptFigures(model: Model, prompt: string, variants: readonly string[] = KL_VARIANTS, k = TOP_CANDIDATES): PromptFigures {
  const dists = [
    { id: 'float32', label: 'float32 (the original)', probs: distributionAfter(model, prompt) },
    ...variants.map((id) => {
      const s = labScheme(id);
      return { id, label: s.label, probs: distributionAfter(quantizeModel(model, { scheme: s.scheme }).model, prompt) };
    }),
  ];
  const shownIds = [...new Set(dists.flatMap((d) => topIds(d.probs, k)))].sort((a, b) => dists[0]!.probs[b]! - dists[0]!.probs[a]! || a - b);
  return {
    prompt,
    shown: shownIds.map((id) => textOf(model, id)),
    variants: dists.map((d) => ({
      id: d.id, label: d.label, p: shownIds.map((id) => d.probs[id]!), top: textOf(model, argmax(d.probs)), kl: klDivergence(dists[0]!.probs, d.probs),
    })),
  };
}

/** Every figure of the perplexity and KL widgets, measured on `model`. */
export function nextCharFigures(model: Model): NextCharFigures {
  return {
    text: NEXT_CHAR_TEXT,
    table: nextCharTable(model, NEXT_CHAR_TEXT),
    windows: WINDOW_LENGTHS.map((length) => ({ length, p: windowedProbabilities(model, NEXT_CHAR_TEXT, length) })),
    prompts: KL_PROMPTS.map((p) => promptFigures(model, p)),
  };
}
