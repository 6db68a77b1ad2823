/**
 * The header's search, on the real built site and its Pagefind index: "/" and Ctrl+K open it (but
 * not while the learner types in the editor), a query lists the lesson and the matching passage and
 * jumps to its heading, hints are found, model solutions are not (in the results nor anywhere in the
 * index or the pages), it works under a sub-path, and the open dialog passes axe in both themes.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, ROOT_BUILD, SUBPATH_BUILD } from '../../tools/site-harness/build.ts';
import { startSite, type Site } from '../../tools/site-harness/site.ts';
import { axeViolations } from './axe.ts';
import { openEditor } from './workbench.ts';

const dialog = (page: Page) => page.locator('[data-role="search-dialog"]');
const results = (page: Page) => page.locator('[data-role="search-result"]');

/** Type a query into the open dialog and wait until its answer (results or "nothing matches") is shown. */
async function search(page: Page, term: string): Promise<void> {
  const status = page.locator('[data-role="search-status"]');
  await page.locator('[data-role="search-input"]').fill(term);
  await expect.poll(async () => (await status.innerText()).includes(term) || (await results(page).count()) > 0).toBe(true);
}

/** The href of every result shown. */
function hrefs(page: Page): Promise<string[]> {
  return results(page).evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''));
}

describe('search at the root', () => {
  let site: Site;
  beforeAll(async () => {
    site = await startSite(ROOT_BUILD);
  });
  afterAll(async () => {
    await site?.stop();
  });

  it('opens with "/", finds a passage and jumps to its heading', async () => {
    const { page, problems } = await site.open('lessons/why-models-are-big/');
    await expect(dialog(page).isVisible()).resolves.toBe(false);
    await page.locator('body').press('/');
    await dialog(page).waitFor({ state: 'visible' });
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-role'))).toBe('search-input');
    await search(page, 'wombatquill');
    expect(await hrefs(page)).toContain('/lessons/fixture-prose/#a-section-the-search-tests-find');
    const first = results(page).and(page.locator('[href="/lessons/fixture-prose/#a-section-the-search-tests-find"]'));
    expect(await first.locator('.result-where').innerText()).toBe('A section the search tests find');
    const lessonTitle = /<h1[^>]*>([^<]+)</.exec(readFileSync(path.join(ROOT_BUILD.dir, 'lessons/fixture-prose/index.html'), 'utf8'))?.[1];
    expect(await first.locator('.result-lesson').innerText()).toBe(lessonTitle);
    expect(await first.locator('.result-excerpt mark').first().innerText()).toBe('wombatquill');
    await first.click();
    await page.waitForURL(/\/lessons\/fixture-prose\/#a-section-the-search-tests-find$/);
    await expect.poll(() => page.locator('#a-section-the-search-tests-find').evaluate((h) => {
      const r = h.getBoundingClientRect();
      return r.top >= 0 && r.top < innerHeight;
    })).toBe(true);
    await expect(dialog(page).isVisible()).resolves.toBe(false);
    expect(problems()).toEqual([]);
    await page.context().close();
  });

  it('opens with Ctrl+K, closes with Escape, and keeps out of the editor and fields', async () => {
    const { page, problems } = await site.open('lessons/fixture-workbench/');
    await page.keyboard.press('Control+K');
    await dialog(page).waitFor({ state: 'visible' });
    await page.keyboard.press('Escape');
    await dialog(page).waitFor({ state: 'hidden' });
    // Inside Monaco, "/" is a character and Ctrl+K starts the editor's own chords: search stays shut.
    const section = await openEditor(page, 'model-bytes');
    await section.locator('.monaco-editor .view-lines').click();
    await expect.poll(() => page.evaluate(() => document.activeElement?.closest('.monaco-editor') != null)).toBe(true);
    await page.keyboard.press('/');
    await page.keyboard.press('Control+K');
    await page.keyboard.press('Escape');
    expect(await dialog(page).isVisible()).toBe(false);
    expect(await section.locator('.view-lines').innerText()).toContain('/');
    expect(problems()).toEqual([]);
    await page.context().close();
  });

  it('finds an exercise hint and links to the exercise', async () => {
    const { page, problems } = await site.open('');
    await page.locator('[data-role="search-open"]').click();
    await search(page, 'bit operators');
    const hint = results(page).filter({ hasText: 'Hints for the exercise' }).first();
    expect(await hint.getAttribute('href')).toBe('/lessons/integers-as-bits/#exercise-int-bits');
    expect(await hint.locator('.result-excerpt').innerText()).toMatch(/Hint \d/);
    expect(await hint.locator('mark').allInnerTexts()).toContainEqual(expect.stringMatching(/^bits?$/i));
    await hint.click();
    await page.waitForURL(/\/lessons\/integers-as-bits\/#exercise-int-bits$/);
    await expect.poll(() => page.locator('#exercise-int-bits').evaluate((s) => s.getBoundingClientRect().top < innerHeight)).toBe(true);
    expect(problems()).toEqual([]);
    await page.context().close();
  });

  it('finds exercise statements but never a model solution', async () => {
    const { page, problems } = await site.open('');
    await page.locator('[data-role="search-open"]').click();
    // A sentence of the int-bits statement (rendered in the page) is found at its exercise.
    await search(page, 'two\'s complement');
    expect((await hrefs(page)).some((h) => h.startsWith('/lessons/integers-as-bits/'))).toBe(true);
    // Names that only model solutions use (solutions/fp8-range-precision.ts, solutions/mxfp4-block.ts).
    // Pagefind splits them into words that lessons do use, so results may come back: none may show the name.
    for (const term of ['roundMagnitude', 'nearestCode']) {
      expect(solutionFiles().some((f) => readFileSync(f, 'utf8').includes(term))).toBe(true);
      await search(page, term);
      const shown = await results(page).allInnerTexts();
      expect(shown.filter((t) => t.includes(term))).toEqual([]);
    }
    expect(problems()).toEqual([]);
    await page.context().close();
  });

  it('a solution line appears in no page and nowhere in the index', () => {
    const texts = [...indexTexts(ROOT_BUILD.dir), ...pageTexts(ROOT_BUILD.dir)];
    expect(texts.length).toBeGreaterThan(20);
    const lines = solutionOnlyLines();
    expect(lines.length).toBeGreaterThan(20);
    const leaks = lines.filter((line) => texts.some((t) => t.includes(line)));
    expect(leaks).toEqual([]);
  });

  it('the open dialog with results passes axe, in light and dark', async () => {
    for (const colorScheme of ['light', 'dark'] as const) {
      const context = await site.newContext({ colorScheme });
      const { page, problems } = await site.open('lessons/floats/', { context });
      await page.locator('[data-role="search-open"]').click();
      await search(page, 'exponent');
      expect(await results(page).count()).toBeGreaterThan(1);
      expect(await axeViolations(page)).toEqual([]);
      expect(problems()).toEqual([]);
      await context.close();
    }
  });
});

describe('search under a sub-path', () => {
  let site: Site;
  beforeAll(async () => {
    site = await startSite(SUBPATH_BUILD);
  });
  afterAll(async () => {
    await site?.stop();
  });

  it('loads the index from under the base and links there', async () => {
    const { page, requests, problems } = await site.open('');
    await page.locator('body').press('/');
    await search(page, 'wombatquill');
    const all = await hrefs(page);
    expect(all.length).toBeGreaterThan(0);
    for (const h of all) expect(h.startsWith(SUBPATH_BUILD.base)).toBe(true);
    expect(requests.some((u) => new URL(u).pathname === `${SUBPATH_BUILD.base}pagefind/pagefind.js`)).toBe(true);
    await results(page).and(page.locator(`[href="${SUBPATH_BUILD.base}lessons/fixture-prose/#a-section-the-search-tests-find"]`)).click();
    await page.waitForURL(/\/courses\/quant\/lessons\/fixture-prose\/#a-section-the-search-tests-find$/);
    expect(problems()).toEqual([]);
    await page.context().close();
  });
});

/** The text of every record in the built Pagefind index (its fragments are gzipped JSON). */
function indexTexts(dir: string): string[] {
  const fragments = path.join(dir, 'pagefind', 'fragment');
  return readdirSync(fragments).map((f) => normalise(gunzipSync(readFileSync(path.join(fragments, f))).toString('utf8')));
}

/** The text of every built HTML page. */
function pageTexts(dir: string): string[] {
  const found: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) walk(path.join(d, e.name));
      else if (e.name.endsWith('.html')) found.push(normalise(readFileSync(path.join(d, e.name), 'utf8')));
    }
  };
  walk(dir);
  return found;
}

/** Lines of the model solutions (25+ characters) that are not in their starter, exercise spec or any lesson. */
function solutionOnlyLines(): string[] {
  const elsewhere = [
    ...readdirSync(path.join(ROOT, 'lessons')).filter((f) => f.endsWith('.mdx')).map((f) => readFileSync(path.join(ROOT, 'lessons', f), 'utf8')),
    ...readdirSync(path.join(ROOT, 'exercises'), { withFileTypes: true }).filter((d) => d.isDirectory()).flatMap((d) =>
      readdirSync(path.join(ROOT, 'exercises', d.name)).map((f) => readFileSync(path.join(ROOT, 'exercises', d.name, f), 'utf8'))),
  ].map(normalise).join('\n');
  return solutionFiles()
    .flatMap((f) => readFileSync(f, 'utf8').split('\n'))
    .map(normalise)
    .filter((l) => l.length >= 25 && !l.startsWith('/') && !l.startsWith('*') && !elsewhere.includes(l));
}

/** The model solutions: solutions/<exercise-id>.ts. */
function solutionFiles(): string[] {
  const dir = path.join(ROOT, 'solutions');
  return readdirSync(dir, { withFileTypes: true }).filter((d) => d.isFile() && d.name.endsWith('.ts')).map((d) => path.join(dir, d.name));
}

/** Whitespace folded, so text compares the same in source, HTML and index. */
function normalise(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}
