/**
 * What a lesson shows, read from its MDX body: the <Exercise id="…"> and <Widget name="…"> it
 * places, with their lines. The body is the only place this is written.
 */

/** A component placed in a lesson body, with the file line it is on. */
export interface Placement {
  value: string;
  line: number;
}

/** A tag the reader cannot use (its id or name is not written out), with its line. */
export interface PlacementProblem {
  line: number;
  message: string;
  fix: string;
}

/** The exercises and widgets a body places, in page order. */
export interface Placements {
  exercises: Placement[];
  widgets: Placement[];
  problems: PlacementProblem[];
}

/** Read the placements of a body that starts on file line `firstLine`; code and comments are skipped. */
export function readPlacements(body: string, firstLine = 1): Placements {
  const blank = blankOutCode(body);
  const problems: PlacementProblem[] = [];
  return {
    exercises: tags(blank, 'Exercise', 'id', firstLine, problems),
    widgets: tags(blank, 'Widget', 'name', firstLine, problems),
    problems: problems.sort((a, b) => a.line - b.line),
  };
}

/** Every <Tag attr="value"> in a body, with its line; a tag without a literal value is a problem. */
function tags(body: string, tag: string, attr: string, firstLine: number, problems: PlacementProblem[]): Placement[] {
  const out: Placement[] = [];
  for (const m of body.matchAll(new RegExp(`<${tag}\\b([^>]*)>`, 'g'))) {
    const line = firstLine + body.slice(0, m.index).split('\n').length - 1;
    const v = new RegExp(`\\b${attr}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|\\{\\s*["'\`]([^"'\`]*)["'\`]\\s*\\})`).exec(m[1]!);
    if (v) out.push({ value: (v[1] ?? v[2] ?? v[3])!, line });
    else problems.push({ line, message: `<${tag}> without a literal ${attr}="…" (the check and the site need the ${attr} written out)`, fix: `Write it as <${tag} ${attr}="…" />.` });
  }
  return out;
}

/** The body with fenced code, inline code and comments blanked (line breaks kept), so examples in code are not counted. */
export function blankOutCode(body: string): string {
  const blank = (s: string) => s.replace(/[^\n]/g, ' ');
  return body
    .replace(/^[ \t]*(`{3,}|~{3,})[^\n]*\n[\s\S]*?(?:^[ \t]*\1[ \t]*$|(?![\s\S]))/gm, blank)
    .replace(/\{\/\*[\s\S]*?\*\/\}/g, blank)
    .replace(/<!--[\s\S]*?-->/g, blank)
    .replace(/`[^`\n]*`/g, blank);
}
