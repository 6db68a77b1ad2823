/**
 * The next-token table's data: the course model's real predictions (float32) along a short line of
 * Moby-Dick, one character at a time, from lessons/data/next-chars.json. Nothing here is made up:
 * regenerate the file with `npm run figures` after the model changes.
 */
import { NEXT_CHARS } from '../shared/next-chars.ts';
import type { TablePosition } from '../../lab/index.ts';

/** The text's first character, which nothing predicts. */
export const FIRST = NEXT_CHARS.text[0]!;

/** What the model predicted after each prefix: the character that came next, its probability, the top candidates. */
export const PREDICTIONS: readonly TablePosition[] = NEXT_CHARS.table;

/** The probability the model gave the correct character at position i. */
export const correctP = (i: number): number => PREDICTIONS[i]!.p;
