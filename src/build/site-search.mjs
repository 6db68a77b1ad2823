/**
 * An Astro integration that builds the site's full-text search with Pagefind once the static pages
 * are written (so `astro build`, `npm start` and the test harness all get it). Lesson bodies are
 * indexed from the built HTML (the layout marks them with data-pagefind-body); each exercise's
 * hints, which a page reveals only on request, are added as records of their own that point at
 * the exercise. Model solutions are never read here, so they cannot reach the index.
 */
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as pagefind from 'pagefind';

const EXERCISE_ID = /data-exercise-id="([a-z0-9-]+)"/g;
const TITLE = /<h1[^>]*>([\s\S]*?)<\/h1>/;

/** @returns {import('astro').AstroIntegration} */
export function siteSearch() {
  let root = process.cwd();
  return {
    name: 'quantcourse:site-search',
    hooks: {
      'astro:config:done': ({ config }) => {
        root = fileURLToPath(config.root);
      },
      'astro:build:done': async ({ dir, logger }) => {
        const out = fileURLToPath(dir);
        const started = performance.now();
        const { pages, records } = await buildSearchIndex(out, path.join(root, 'exercises'));
        logger.info(`search index: ${pages} pages and ${records} hint records in ${Math.round(performance.now() - started)} ms`);
      },
    },
  };
}

/** Index the built site in `out` into `out/pagefind/` (hints read from `exercisesDir`); returns how many pages and hint records went in. */
export async function buildSearchIndex(out, exercisesDir = path.resolve('exercises')) {
  const { index, errors } = await pagefind.createIndex({ forceLanguage: 'en' });
  if (!index) throw new Error(`Pagefind could not start: ${errors.join('; ')}`);
  try {
    const added = await index.addDirectory({ path: out });
    if (added.errors.length) throw new Error(`Pagefind could not index ${out}: ${added.errors.join('; ')}`);
    let records = 0;
    for (const lesson of lessonPages(out)) {
      for (const id of lesson.exercises) {
        const spec = await exerciseSpec(exercisesDir, id);
        if (!spec || spec.hints.length === 0) continue;
        const res = await index.addCustomRecord({
          url: `/lessons/${lesson.slug}/#exercise-${id}`,
          content: spec.hints.map((h, i) => `Hint ${i + 1}: ${h.replace(/`/g, "")}`).join('\n'),
          language: 'en',
          meta: { title: lesson.title, section: `Hints for the exercise “${spec.title}”` },
        });
        if (res.errors.length) throw new Error(`Pagefind could not add the hints of ${id}: ${res.errors.join('; ')}`);
        records++;
      }
    }
    const written = await index.writeFiles({ outputPath: path.join(out, 'pagefind') });
    if (written.errors.length) throw new Error(`Pagefind could not write its index: ${written.errors.join('; ')}`);
    return { pages: added.page_count, records };
  } finally {
    await pagefind.close();
  }
}

/** Each built lesson page: its slug, its title and the exercises it places, in page order. */
function lessonPages(out) {
  const lessonsDir = path.join(out, 'lessons');
  if (!existsSync(lessonsDir)) return [];
  return readdirSync(lessonsDir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(path.join(lessonsDir, d.name, 'index.html')))
    .map((d) => {
      const html = readFileSync(path.join(lessonsDir, d.name, 'index.html'), 'utf8');
      const title = plainText(TITLE.exec(html)?.[1] ?? d.name);
      const exercises = [...new Set([...html.matchAll(EXERCISE_ID)].map((m) => m[1]))];
      return { slug: d.name, title, exercises };
    });
}

/** An exercise's title and hints from exercises/<id>/exercise.ts (Node strips its types), or undefined. */
async function exerciseSpec(exercisesDir, id) {
  const file = path.join(exercisesDir, id, 'exercise.ts');
  if (!existsSync(file)) return undefined;
  const mod = await import(pathToFileURL(file).href);
  const ex = mod.default;
  if (!ex || typeof ex.title !== 'string' || !Array.isArray(ex.hints)) {
    throw new Error(`exercises/${id}/exercise.ts has no default export with a title and hints: cannot index its hints.`);
  }
  return { title: ex.title, hints: ex.hints.map(String) };
}

/** Text of an HTML fragment: tags dropped, the few entities Astro writes decoded. */
function plainText(html) {
  return html
    .replace(/<[^>]+>/g, '')
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&#x27;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .trim();
}
