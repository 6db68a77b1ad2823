/**
 * A small reader for the YAML front matter of lessons. The project declares no YAML library
 * (js-yaml is only a transitive dependency of Astro, so importing it could break on any
 * upgrade), and lesson front matter needs only a flat subset of YAML: `key: value` with plain,
 * quoted or block (`>`, `|`) strings, numbers, booleans, and lists written `[a, b]` or as
 * `- item` lines. Anything beyond that is reported with its line number rather than misread.
 */

/** A front matter line this reader cannot parse; `line` is 1-based within the file. */
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
  return { data: parseYamlSubset(lines.slice(1, end), 2), body: lines.slice(end + 1).join('\n'), bodyLine: end + 2 };
}

/** Parse front matter lines (without the --- fences); `firstLine` is the file line of lines[0]. */
export function parseYamlSubset(lines: string[], firstLine = 1): Record<string, unknown> {
  const data: Record<string, unknown> = {};
  let i = 0;
  let at = 0; // the line being read, for error messages
  const fail = (message: string): never => { throw new FrontMatterError(firstLine + at, message); };
  const indented = (l: string | undefined) => l !== undefined && /^\s+\S/.test(l);
  while (i < lines.length) {
    const line = lines[i]!;
    at = i;
    if (/^\s*(#.*)?$/.test(line)) { i++; continue; }
    if (/^\s/.test(line)) fail(`unexpected indentation: "${line.trim()}" (only top-level "key: value" fields are read)`);
    const m = /^([A-Za-z_][\w-]*)\s*:(?:\s+(.*?))?\s*$/.exec(line);
    if (!m) fail(`expected "key: value", got "${line}"`);
    const key = m![1]!;
    const raw = m![2] ?? '';
    if (key in data) fail(`the field "${key}" appears twice`);
    i++;
    if (raw === '' || raw.startsWith('#')) {
      // A block list (`- item` lines), or nothing (null).
      const items: unknown[] = [];
      while (i < lines.length && (/^\s*(#.*)?$/.test(lines[i]!) || /^\s*-(\s|$)/.test(lines[i]!))) {
        at = i;
        const item = /^\s*-\s*(.*?)\s*$/.exec(lines[i]!);
        if (item) items.push(scalar(item[1]!, fail));
        i++;
      }
      at = i;
      if (indented(lines[i])) fail(`nested fields under "${key}" are not supported: write a list as "- item" lines or [a, b]`);
      data[key] = items.length ? items : null;
    } else if (/^[>|][+-]?$/.test(raw)) {
      // A block string: `>` folds lines into one, `|` keeps the line breaks.
      const block: string[] = [];
      while (i < lines.length && (indented(lines[i]) || lines[i]!.trim() === '')) block.push(lines[i++]!.trim());
      while (block.length && block[block.length - 1] === '') block.pop();
      // Folding joins the lines of a paragraph with spaces; an empty line becomes a line break.
      const text = raw[0] === '>' ? block.join('\n').split(/\n{2,}|\n(?=\n)/).map((p) => p.replace(/\n/g, ' ')).join('\n') : block.join('\n');
      data[key] = raw.endsWith('-') ? text : `${text}\n`;
    } else {
      // A one-line value, possibly continued on indented lines (a folded plain string).
      let value = raw;
      while (indented(lines[i]) && !/^\s*-\s/.test(lines[i]!)) value += ` ${lines[i++]!.trim()}`;
      data[key] = scalar(value, fail);
    }
  }
  return data;
}

/** One value: a quoted string, a [flow, list], a number, a boolean, null, or a plain string. */
function scalar(raw: string, fail: (m: string) => never): unknown {
  const s = raw.trim();
  if (s.startsWith('[')) {
    if (!s.endsWith(']')) fail(`the list ${s} is not closed with ]`);
    return splitFlow(s.slice(1, -1), fail).map((x) => scalar(x, fail));
  }
  if (s.startsWith('"')) {
    const end = closingQuote(s, '"');
    if (end < 0) fail(`the string ${s} is not closed with "`);
    try {
      return JSON.parse(s.slice(0, end + 1)) as string;
    } catch {
      return fail(`the string ${s.slice(0, end + 1)} has an escape this reader does not know`);
    }
  }
  if (s.startsWith("'")) {
    const end = closingQuote(s, "'");
    if (end < 0) fail(`the string ${s} is not closed with '`);
    return s.slice(1, end).replace(/''/g, "'");
  }
  if (/^[{&*!%@`]/.test(s)) fail(`"${s}" uses YAML this reader does not support (maps, anchors, tags): quote the string or simplify it`);
  const plain = s.replace(/\s+#.*$/, '');
  if (plain === '' || plain === '~' || plain === 'null') return null;
  if (plain === 'true') return true;
  if (plain === 'false') return false;
  if (/^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/.test(plain)) return Number(plain);
  if (/:\s/.test(plain)) fail(`"${plain}" contains ": ", which YAML reads as a nested field: put the value in quotes`);
  return plain;
}

/** Index of the quote closing a string that starts at 0 (doubled '' and \" escapes skipped). */
function closingQuote(s: string, q: '"' | "'"): number {
  for (let k = 1; k < s.length; k++) {
    if (q === '"' && s[k] === '\\') k++;
    else if (s[k] === q) {
      if (q === "'" && s[k + 1] === "'") k++;
      else return k;
    }
  }
  return -1;
}

/** Split the inside of a flow list on commas outside quotes. */
function splitFlow(inner: string, fail: (m: string) => never): string[] {
  const parts: string[] = [];
  let cur = '', quote: string | undefined;
  for (let k = 0; k < inner.length; k++) {
    const ch = inner[k]!;
    if (quote) {
      cur += ch;
      if (ch === '\\' && quote === '"') cur += inner[++k] ?? '';
      else if (ch === quote) quote = undefined;
    } else if (ch === '"' || ch === "'") { quote = ch; cur += ch; }
    else if (ch === '[' || ch === '{') fail(`nested lists or maps inside [${inner}] are not supported`);
    else if (ch === ',') { parts.push(cur); cur = ''; }
    else cur += ch;
  }
  if (quote) fail(`a string in [${inner}] is not closed with ${quote}`);
  parts.push(cur);
  const trimmed = parts.map((p) => p.trim());
  if (trimmed.length === 1 && trimmed[0] === '') return [];
  if (trimmed.some((p) => p === '')) fail(`the list [${inner}] has an empty item (a stray comma?)`);
  return trimmed;
}
