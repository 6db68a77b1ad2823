/**
 * The lesson half of `quantcourse check`: every lessons/<slug>.mdx has valid front matter
 * (lessonSchema, the same schema the site's content collection uses), every <Exercise id> and
 * <Widget name> in its body exists and matches the front matter lists, and no two lessons share
 * an `order`. Lessons are often half-written, so every finding is a problem to report, never a crash.
 */
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { lessonSchema, WIDGET_NAMES } from '../content/lesson-schema.ts';
import { FrontMatterError, parseMdx } from './frontmatter.ts';
import { LESSONS_DIR, readText, ROOT, WIDGETS_DIR } from './content.ts';

/** One thing wrong with the content: where, what, and what to do about it. */
export interface Problem {
  file: string;
  message: string;
  fix: string;
}

/** A component placed in a lesson body, with the line it is on. */
export interface Placement {
  value: string;
  line: number;
}

/** What the lesson check learned, for the exercise checks that follow. */
export interface LessonScan {
  /** Lesson slugs (file names without .mdx). */
  slugs: Set<string>;
  /** For each exercise id, the lessons that place it. */
  placedIn: Map<string, string[]>;
  count: number;
}

const rel = (f: string) => path.relative(ROOT, f) || f;
const SLUG = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

/** Check every lesson file; problems fail the check, warnings are printed as notes. */
export function checkLessons(knownExercises: Set<string>, problems: Problem[], warnings: Problem[]): LessonScan {
  const scan: LessonScan = { slugs: new Set(), placedIn: new Map(), count: 0 };
  let files: string[];
  try {
    files = readdirSync(LESSONS_DIR).filter((f) => /\.mdx?$/.test(f)).sort();
  } catch {
    return scan;
  }
  const orders = new Map<number, string>();
  for (const name of files) {
    const file = path.join(LESSONS_DIR, name);
    const at = (line?: number) => (line ? `${rel(file)}:${line}` : rel(file));
    const slug = name.replace(/\.mdx?$/, '');
    scan.slugs.add(slug);
    scan.count++;
    if (name.endsWith('.md')) {
      problems.push({ file: at(), message: 'is a .md file; the site only loads lessons/*.mdx', fix: `Rename it to lessons/${slug}.mdx.` });
    }
    if (!SLUG.test(slug)) {
      problems.push({ file: at(), message: `"${slug}" is not a valid lesson slug (the page URL and exercises' \`lesson\` field use it)`, fix: 'Rename the file in kebab-case: lowercase letters, digits and single hyphens, starting with a letter.' });
    }
    let parsed;
    try {
      parsed = parseMdx(readText(file) ?? '');
    } catch (e) {
      const line = e instanceof FrontMatterError ? e.line : undefined;
      problems.push({ file: at(line), message: `front matter cannot be read: ${(e as Error).message}`, fix: 'Write the front matter as simple "key: value" lines between --- fences (see `npx quantcourse new lesson`).' });
      continue;
    }
    if (!parsed.data) {
      problems.push({ file: at(1), message: 'has no front matter', fix: 'Start the file with --- fences holding title, order and summary (see `npx quantcourse new lesson <slug>` for a template).' });
      continue;
    }
    const result = lessonSchema.safeParse(parsed.data);
    if (!result.success) {
      for (const issue of result.error.issues) {
        const field = String(issue.path[0] ?? '');
        const description = (lessonSchema.shape as Record<string, { description?: string }>)[field]?.description;
        problems.push({
          file: at(),
          message: `front matter ${field ? `field "${issue.path.join('.')}"` : ''}: ${issue.message}`,
          fix: field === 'widgets' ? `Use one of the widget names: ${WIDGET_NAMES.join(', ')}.` : description ? `${field}: ${description}` : 'Fix the front matter (fields: title, order, summary, exercises, widgets, draft).',
        });
      }
    }
    const data = parsed.data;
    if (typeof data.order === 'number') {
      const other = orders.get(data.order);
      if (other) problems.push({ file: at(), message: `order ${data.order} is also used by ${other}, so their place in the sidebar is arbitrary`, fix: `Give one of them an unused order (taken: ${[...orders.keys()].sort((a, b) => a - b).join(', ')}).` });
      else orders.set(data.order, rel(file));
    }

    const body = blankOutCode(parsed.body);
    const exercises = placements(body, 'Exercise', 'id', parsed.bodyLine, at, problems);
    const widgets = placements(body, 'Widget', 'name', parsed.bodyLine, at, problems);
    for (const p of exercises) scan.placedIn.set(p.value, [...(scan.placedIn.get(p.value) ?? []), slug]);

    const listedExercises = stringList(data.exercises);
    for (const p of exercises) {
      if (!knownExercises.has(p.value)) problems.push({ file: at(p.line), message: `places <Exercise id="${p.value}" />, but exercises/${p.value}/exercise.ts does not exist`, fix: `Create it with \`npx quantcourse new exercise ${p.value} --lesson ${slug}\`, or fix the id (see \`npx quantcourse list\`).` });
      if (!listedExercises.includes(p.value)) problems.push({ file: at(p.line), message: `places exercise "${p.value}" but its front matter \`exercises\` does not list it`, fix: `Add ${p.value} to \`exercises:\` in the front matter.` });
    }
    for (const id of listedExercises) {
      if (!knownExercises.has(id) && !exercises.some((p) => p.value === id)) problems.push({ file: at(), message: `front matter lists exercise "${id}", which does not exist`, fix: `Create it with \`npx quantcourse new exercise ${id} --lesson ${slug}\`, or fix the id (see \`npx quantcourse list\`).` });
      if (!exercises.some((p) => p.value === id)) problems.push({ file: at(), message: `front matter lists exercise "${id}" but the page never places <Exercise id="${id}" />`, fix: `Place <Exercise id="${id}" /> where the learner should try it, or remove it from \`exercises:\`.` });
    }

    const listedWidgets = stringList(data.widgets);
    const knownWidget = (n: string) => (WIDGET_NAMES as readonly string[]).includes(n);
    for (const p of widgets) {
      if (!knownWidget(p.value)) problems.push({ file: at(p.line), message: `places <Widget name="${p.value}" />, which is not a known widget`, fix: `Use one of: ${WIDGET_NAMES.join(', ')} (a new widget is added to WIDGET_NAMES in src/content/lesson-schema.ts).` });
      else if (!listedWidgets.includes(p.value)) problems.push({ file: at(p.line), message: `places widget "${p.value}" but its front matter \`widgets\` does not list it`, fix: `Add ${p.value} to \`widgets:\` in the front matter.` });
    }
    for (const n of listedWidgets) {
      if (knownWidget(n) && !widgets.some((p) => p.value === n)) problems.push({ file: at(), message: `front matter lists widget "${n}" but the page never places <Widget name="${n}" />`, fix: `Place <Widget name="${n}" /> in the page, or remove it from \`widgets:\`.` });
    }
    for (const n of new Set(widgets.map((p) => p.value).filter(knownWidget))) {
      if (!existsSync(path.join(WIDGETS_DIR, n, 'index.ts'))) {
        const line = widgets.find((p) => p.value === n)!.line;
        warnings.push({ file: at(line), message: `widget "${n}" has no module src/widgets/${n}/index.ts yet, so the page shows a placeholder that never loads`, fix: `Write src/widgets/${n}/index.ts (default export mount(root, props)), or wait for whoever is building it.` });
      }
    }
  }
  return scan;
}

/** Every <Tag attr="value"> in an MDX body, with its line; a tag without a literal value is a problem. */
function placements(body: string, tag: string, attr: string, firstLine: number, at: (line?: number) => string, problems: Problem[]): Placement[] {
  const out: Placement[] = [];
  for (const m of body.matchAll(new RegExp(`<${tag}\\b([^>]*)>`, 'g'))) {
    const line = firstLine + body.slice(0, m.index).split('\n').length - 1;
    const v = new RegExp(`\\b${attr}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|\\{\\s*["'\`]([^"'\`]*)["'\`]\\s*\\})`).exec(m[1]!);
    if (v) out.push({ value: (v[1] ?? v[2] ?? v[3])!, line });
    else problems.push({ file: at(line), message: `<${tag}> without a literal ${attr}="…" (the check and the site need the ${attr} written out)`, fix: `Write it as <${tag} ${attr}="…" />.` });
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

/** The strings of a front matter list (other entries are left to the schema to report). */
function stringList(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}
