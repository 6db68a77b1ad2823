/**
 * The sliding window's data: the course model's real probability of each next character of a short
 * line of Moby-Dick when it may see only the last few characters (lessons/data/next-chars.json,
 * measured by `npm run figures`), for every window length the widget offers.
 */
import { NEXT_CHARS } from '../shared/next-chars.ts';

/** The line's characters, one token each (the model reads characters). */
export const TOKENS: readonly string[] = [...NEXT_CHARS.text];

/** The window lengths measured, shortest first. */
export const WINDOW_LENGTHS: readonly number[] = NEXT_CHARS.windows.map((w) => w.length);

/** p(TOKENS[i + 1]) when the model sees only the last `length` characters up to TOKENS[i]. */
export function windowProbabilities(length: number): readonly number[] {
  const w = NEXT_CHARS.windows.find((x) => x.length === length);
  if (!w) throw new RangeError(`no measurements for a window of ${length} characters; measured: ${WINDOW_LENGTHS.join(', ')}`);
  return w.p;
}
