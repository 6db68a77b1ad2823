/**
 * A lesson file split into its front matter (YAML between --- fences, read with js-yaml) and its
 * body, with the file line each starts on so problems can point at the right line.
 */
import yaml from 'js-yaml';

/** Front matter that cannot be read; `line` is 1-based within the file. */
export class FrontMatterError extends Error {
  readonly line: number;
  constructor(line: number, message: string) {
    super(`line ${line}: ${message}`);
    this.line = line;
  }
}

/** A parsed file: the front matter's fields, the body after it, and the file line the body starts on. */
export interface ParsedMdx {
  data: Record<string, unknown> | undefined;
  body: string;
  bodyLine: number;
}

/** Split an MDX file into its front matter (parsed) and body; `data` is undefined when there is no front matter. */
export function parseMdx(text: string): ParsedMdx {
  const lines = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n').split('\n');
  if (lines[0]?.trim() !== '---') return { data: undefined, body: lines.join('\n'), bodyLine: 1 };
  const end = lines.findIndex((l, i) => i > 0 && l.trim() === '---');
  if (end < 0) throw new FrontMatterError(1, 'the front matter opened with --- is never closed by a second --- line');
  let data: unknown;
  try {
    data = yaml.load(lines.slice(1, end).join('\n'));
  } catch (e) {
    if (e instanceof yaml.YAMLException) throw new FrontMatterError(2 + (e.mark?.line ?? 0), `${e.reason} (quote a value that holds ": " or starts with a YAML sign)`);
    throw e;
  }
  if (data !== null && data !== undefined && (typeof data !== 'object' || Array.isArray(data))) {
    throw new FrontMatterError(2, 'the front matter must be "key: value" fields');
  }
  return { data: (data ?? {}) as Record<string, unknown>, body: lines.slice(end + 1).join('\n'), bodyLine: end + 2 };
}
