/**
 * The slug rule, the one place it is written: lesson file names, exercise folder names and rule
 * ids are kebab-case, because they become URLs, folder names and `// breaks: <id>` lines.
 */
import { z } from 'zod';

/** Lowercase letters, digits and single hyphens, starting with a letter. */
export const SLUG_PATTERN = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

/** The rule in words, for messages. */
export const SLUG_RULE = 'kebab-case: lowercase letters, digits and single hyphens, starting with a letter';

/** Whether a name follows the slug rule. */
export function isSlug(name: string): boolean {
  return SLUG_PATTERN.test(name);
}

/** A zod string that must follow the slug rule. */
export const slugSchema = z.string().regex(SLUG_PATTERN, 'must be a kebab-case slug such as "quantize-blocks"');
