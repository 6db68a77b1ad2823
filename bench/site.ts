/**
 * The site's weight and speed in headless Chromium, medians over fresh page loads (empty cache):
 * JS a lesson page loads before the editor is requested (its widgets included), editor requested
 * → ready, first Run (esbuild-wasm start included) and warm Run. Uses the browser tests' build.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import { ensureSite, ROOT, ROOT_BUILD } from '../tests/e2e/build.ts';
import { startSite, type Site } from '../tests/e2e/site.ts';
import { median, printTable } from './table.ts';

const LOADS = Number(process.env.BENCH_SITE_LOADS ?? 5);
const WARM_RUNS = 5;
const EXERCISE = 'model-bytes';
const WORKBENCH_LESSON = 'lessons/fixture-workbench/';

/** Gzipped size of a built file, by URL path. */
function gzipBytes(urlPath: string): number {
  const rel = decodeURIComponent(urlPath.slice(ROOT_BUILD.base.length));
  return gzipSync(readFileSync(path.join(ROOT_BUILD.dir, rel)), { level: 9 }).length;
}

/**
 * JS (gzip) one lesson page loads while the reader scrolls through all of it, editor excluded:
 * the workbench chunk is refused, so only what loads before the editor is requested counts.
 */
async function lessonJsBytes(site: Site, slug: string): Promise<number> {
  const context = await site.newContext();
  await context.route(/\/panel\.[\w-]+\.js$/, (route) => route.abort());
  const { page, requests } = await site.open(`lessons/${slug}/`, { context });
  const height = await page.evaluate(() => document.body.scrollHeight);
  for (let y = 0; y <= height; y += 500) {
    await page.evaluate((top) => window.scrollTo(0, top), y);
    await page.waitForTimeout(50);
  }
  await page.waitForLoadState('networkidle');
  const js = new Set(requests.map((u) => new URL(u).pathname).filter((p) => p.endsWith('.js')));
  await context.close();
  return [...js].reduce((sum, p) => sum + gzipBytes(p), 0);
}

/** Paste code into the workbench's editor (focused), as the clipboard would. */
async function pasteCode(page: Page, code: string): Promise<void> {
  await page.locator(`section.exercise[data-exercise-id="${EXERCISE}"] .monaco-editor .view-lines`).click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.evaluate((t) => {
    const data = new DataTransfer();
    data.setData('text/plain', t);
    document.activeElement?.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  }, code);
}

/** Milliseconds from clicking a control of the exercise to `until` holding, measured in the page. */
function timeInPage(page: Page, action: string, until: 'ready' | 'ran'): Promise<number> {
  return page.evaluate(
    ([sel, act, what]) =>
      new Promise<number>((resolve) => {
        const section = document.querySelector<HTMLElement>(sel!)!;
        const runs = Number(section.dataset.runs ?? 0);
        const done = () => (what === 'ready' ? section.dataset.ready === 'true' : Number(section.dataset.runs ?? 0) > runs);
        const t0 = performance.now();
        const observer = new MutationObserver(() => {
          if (!done()) return;
          observer.disconnect();
          resolve(performance.now() - t0);
        });
        observer.observe(section, { attributes: true });
        section.querySelector<HTMLButtonElement>(`[data-action="${act}"]`)!.click();
      }),
    [`section.exercise[data-exercise-id="${EXERCISE}"]`, action, until] as const,
  );
}

/** One fresh load of the workbench lesson: editor ready, first Run, then warm Runs. */
async function workbenchTimings(site: Site, solution: string): Promise<{ ready: number; first: number; warm: number[] }> {
  // A short window keeps the exercise out of reach, so the editor loads only when asked.
  const { page, context } = await site.open(WORKBENCH_LESSON, { viewport: { width: 1200, height: 300 } });
  await page.waitForLoadState('networkidle');
  await page.locator(`section.exercise[data-exercise-id="${EXERCISE}"] [data-action="open"]`).scrollIntoViewIfNeeded();
  const ready = await timeInPage(page, 'open', 'ready');
  await pasteCode(page, solution);
  const first = await timeInPage(page, 'run', 'ran');
  const warm: number[] = [];
  for (let i = 0; i < WARM_RUNS; i++) {
    await page.waitForTimeout(150); // let the spare sandbox finish starting, as between a learner's runs
    warm.push(await timeInPage(page, 'run', 'ran'));
  }
  const status = await page.locator(`section.exercise[data-exercise-id="${EXERCISE}"] [data-role="results"] [data-status]`).first().getAttribute('data-status');
  if (status !== 'passed') throw new Error(`bench: the model solution did not pass in the browser (status ${status})`);
  await context.close();
  return { ready, first, warm };
}

/** Run the site benchmark and print its table. */
export async function benchSite(): Promise<void> {
  ensureSite(ROOT_BUILD);
  const site = await startSite(ROOT_BUILD);
  try {
    const slugs = readdirSync(path.join(ROOT_BUILD.dir, 'lessons')).filter((s) => !s.startsWith('fixture-'));
    const perLesson: [string, number][] = [];
    for (const slug of slugs) {
      const sizes: number[] = [];
      for (let i = 0; i < Math.min(LOADS, 3); i++) sizes.push(await lessonJsBytes(site, slug));
      perLesson.push([slug, median(sizes)]);
    }
    const solution = readFileSync(path.join(ROOT, 'solutions', `${EXERCISE}.ts`), 'utf8');
    const runs = [];
    for (let i = 0; i < LOADS; i++) runs.push(await workbenchTimings(site, solution));

    const kb = (b: number) => `${(b / 1024).toFixed(1)} KB`;
    const ms = (x: number) => `${x.toFixed(0)} ms`;
    const heaviest = perLesson.reduce((a, b) => (b[1] > a[1] ? b : a), ['(no lessons)', 0] as [string, number]);
    printTable(`site: headless Chromium, medians over ${LOADS} fresh page loads (127.0.0.1, no cache)`, ['measure', 'result', 'target'], [
      [`lesson JS before the editor, gzip (heaviest: ${heaviest[0]})`, kb(heaviest[1]), '≤ 50 KB'],
      ['editor requested → ready', ms(median(runs.map((r) => r.ready))), '≤ 500 ms'],
      ['first Run (esbuild-wasm start included)', ms(median(runs.map((r) => r.first))), '≤ 400 ms'],
      ['warm Run', ms(median(runs.flatMap((r) => r.warm))), '≤ 25 ms'],
    ]);
    printTable('site: JS per lesson page before the editor is requested (gzip, widgets included)', ['lesson', 'JS'], perLesson.map(([s, b]) => [s, kb(b)]));
  } finally {
    await site.stop();
  }
}
