/**
 * What the course's small model really predicts next (lessons/data/next-chars.json, measured by
 * src/lab/next-chars.ts through `npm run figures`), for the perplexity and KL widgets, and how they
 * write a character: the model reads characters, and a space or a line break needs a visible sign.
 */
import figures from '../../../lessons/data/next-chars.json' with { type: 'json' };
import type { NextCharFigures } from '../../lab/index.ts';

/** The committed measurements. */
export const NEXT_CHARS: NextCharFigures = figures as NextCharFigures;

/** A character as the widgets print it: a space as ␣, a line break as ↵, anything else as itself. */
export const showChar = (c: string): string => (c === ' ' ? '␣' : c === '\n' ? '↵' : c);

/** A character in quotes, visibly: “␣”. */
export const quoted = (c: string): string => `“${showChar(c)}”`;
