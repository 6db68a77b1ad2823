/**
 * The site's weight and speed in headless Chromium, medians over fresh page loads (empty cache):
 * per lesson, the JS it loads at the top of the page and with all its widgets loaded (the editor
 * excluded: what a page costs before the editor is requested); editor requested → ready, first
 * Run (esbuild-wasm start included), warm Run and where their time goes; and Lighthouse (mobile)
 * performance and accessibility of lesson pages. Uses the browser tests' build
 * (QUANTCOURSE_E2E_OUT keeps it apart from other checkouts' builds).
 *   BENCH_SITE_LOADS=5          fresh loads per timing (default 5)
 *   BENCH_LIGHTHOUSE=0          skip Lighthouse; BENCH_LIGHTHOUSE=all audits every lesson
 *   BENCH_SITE_PARTS=editor     only the editor and Run timings (or =weights: only the JS bytes)
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import { ensureSite, ROOT, ROOT_BUILD } from '../tests/e2e/build.ts';
import { startSite, type Site } from '../tests/e2e/site.ts';
import { lighthouseLessons, lighthousePages } from './lighthouse.ts';
import { median, printTable } from './table.ts';

const LOADS = Number(process.env.BENCH_SITE_LOADS ?? 5);
const PARTS = (process.env.BENCH_SITE_PARTS ?? 'weights,editor').split(',');
const WARM_RUNS = 5;
const EXERCISE = 'model-bytes';
const WORKBENCH_LESSON = 'lessons/fixture-workbench/';
/** Budget for a lesson's JS before the editor is requested, gzip. */
const JS_BUDGET = 50 * 1024;

/** Gzipped size of a built file, by URL path. */
function gzipBytes(urlPath: string): number {
  const rel = decodeURIComponent(urlPath.slice(ROOT_BUILD.base.length));
  return gzipSync(readFileSync(path.join(ROOT_BUILD.dir, rel)), { level: 9 }).length;
}

/**
 * JS (gzip) one fresh load of a lesson fetches before the editor is requested: at the top of the
 * page, or after scrolling through all of it so that every widget has loaded. The editor is never
 * requested: the exercise sections lose their data-exercise-id as the page is parsed, so the
 * exercise loader (which still loads and counts) finds none to load an editor into. Only JS that
 * arrived counts.
 */
async function lessonJsBytes(site: Site, slug: string, scroll: boolean): Promise<number> {
  const context = await site.newContext();
  await context.addInitScript(() => {
    new MutationObserver((records) => {
      for (const r of records) for (const n of r.addedNodes) if (n instanceof HTMLElement && n.matches('section.exercise')) n.removeAttribute('data-exercise-id');
    }).observe(document, { childList: true, subtree: true });
  });
  const arrived = new Set<string>();
  context.on('requestfinished', (r) => {
    const p = new URL(r.url()).pathname;
    if (p.endsWith('.js')) arrived.add(p);
  });
  const { page } = await site.open(`lessons/${slug}/`, { context });
  await page.waitForLoadState('networkidle');
  if (scroll) {
    const height = await page.evaluate(() => document.body.scrollHeight);
    for (let y = 0; y <= height; y += 500) {
      await page.evaluate((top) => window.scrollTo(0, top), y);
      await page.waitForTimeout(50);
    }
    await page.waitForLoadState('networkidle');
  }
  await page.waitForTimeout(100);
  const requested = await page.evaluate(() => performance.getEntriesByName('quantcourse:editor-requested').length);
  await context.close();
  if (requested > 0) throw new Error(`bench: lessons/${slug}/ requested the editor although its exercises were hidden from the loader`);
  return [...arrived].reduce((sum, p) => sum + gzipBytes(p), 0);
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

/**
 * Milliseconds from clicking a control of the exercise to `until` holding, measured in the page.
 * For "open" the button is scrolled into view and clicked in one step, so the click (not the
 * exercise nearing the viewport a moment earlier) is what requests the editor.
 */
function timeInPage(page: Page, action: string, until: 'ready' | 'ran'): Promise<number> {
  return page.evaluate(
    ([sel, act, what]) =>
      new Promise<number>((resolve) => {
        const section = document.querySelector<HTMLElement>(sel!)!;
        const runs = Number(section.dataset.runs ?? 0);
        // Ready: the panel says so and the editor shows the code (its lines are drawn), so a ready flag
        // raised before Monaco's first frame would not shorten the measure.
        const done = () => (what === 'ready' ? section.dataset.ready === 'true' && section.querySelector('.monaco-editor .view-lines .view-line') !== null : Number(section.dataset.runs ?? 0) > runs);
        const button = section.querySelector<HTMLButtonElement>(`[data-action="${act}"]`)!;
        if (what === 'ready') button.scrollIntoView({ block: 'center' });
        const t0 = performance.now();
        const observer = new MutationObserver(() => {
          if (!done()) return;
          observer.disconnect();
          resolve(performance.now() - t0);
        });
        observer.observe(section, what === 'ready' ? { attributes: true, childList: true, subtree: true } : { attributes: true });
        button.click();
      }),
    [`section.exercise[data-exercise-id="${EXERCISE}"]`, action, until] as const,
  );
}

/** What one fresh load of the workbench lesson measured. */
interface WorkbenchRun {
  ready: number;
  first: number;
  warm: number[];
  /** Milliseconds after the editor was requested at which each quantcourse:* mark fell. */
  marks: Record<string, number>;
  /** Where each warm Run's time went (the runner's RunTimings). */
  warmTimings: Record<string, number>[];
}

/** One fresh load of the workbench lesson: editor ready, first Run, then warm Runs. */
async function workbenchTimings(site: Site, solution: string): Promise<WorkbenchRun> {
  // A short window keeps the exercise out of reach, so the editor loads only when asked.
  const { page, context } = await site.open(WORKBENCH_LESSON, { viewport: { width: 1200, height: 300 } });
  await page.waitForLoadState('networkidle');
  const ready = await timeInPage(page, 'open', 'ready');
  await pasteCode(page, solution);
  const first = await timeInPage(page, 'run', 'ran');
  const warm: number[] = [];
  const warmTimings: Record<string, number>[] = [];
  const section = page.locator(`section.exercise[data-exercise-id="${EXERCISE}"]`);
  for (let i = 0; i < WARM_RUNS; i++) {
    await page.waitForTimeout(150); // let the spare sandbox finish starting, as between a learner's runs
    warm.push(await timeInPage(page, 'run', 'ran'));
    warmTimings.push(JSON.parse((await section.getAttribute('data-timings')) ?? '{}'));
  }
  const status = await section.locator('[data-role="results"] [data-status]').first().getAttribute('data-status');
  if (status !== 'passed') throw new Error(`bench: the model solution did not pass in the browser (status ${status})`);
  const marks = await page.evaluate(() => {
    const all = performance.getEntriesByType('mark').filter((m) => m.name.startsWith('quantcourse:'));
    const t0 = all.find((m) => m.name === 'quantcourse:editor-requested')?.startTime ?? 0;
    const out: Record<string, number> = {};
    for (const m of all) out[m.name.slice('quantcourse:'.length)] ??= m.startTime - t0;
    return out;
  });
  await context.close();
  return { ready, first, warm, marks, warmTimings };
}

/** Run the site benchmark and print its tables. */
export async function benchSite(): Promise<void> {
  ensureSite(ROOT_BUILD);
  const site = await startSite(ROOT_BUILD);
  const kb = (b: number) => `${(b / 1024).toFixed(1)} KB`;
  const ms = (x: number) => `${x.toFixed(0)} ms`;
  try {
    const slugs = readdirSync(path.join(ROOT_BUILD.dir, 'lessons')).filter((s) => !s.startsWith('fixture-'));
    const perLesson: { slug: string; load: number; widgets: number }[] = [];
    for (const slug of PARTS.includes('weights') ? slugs : []) {
      const load: number[] = [];
      const widgets: number[] = [];
      for (let i = 0; i < Math.min(LOADS, 3); i++) {
        load.push(await lessonJsBytes(site, slug, false));
        widgets.push(await lessonJsBytes(site, slug, true));
      }
      perLesson.push({ slug, load: median(load), widgets: median(widgets) });
    }
    const solution = readFileSync(path.join(ROOT, 'solutions', `${EXERCISE}.ts`), 'utf8');
    const runs: WorkbenchRun[] = [];
    for (let i = 0; PARTS.includes('editor') && i < LOADS; i++) runs.push(await workbenchTimings(site, solution));

    const rows: string[][] = [];
    if (perLesson.length > 0) {
      const heaviest = (key: 'load' | 'widgets') => perLesson.reduce((a, b) => (b[key] > a[key] ? b : a));
      const atLoad = heaviest('load');
      const withWidgets = heaviest('widgets');
      rows.push(
        [`lesson JS at load, before the editor, gzip (heaviest: ${atLoad.slug})`, kb(atLoad.load), '≤ 50 KB'],
        [`lesson JS with all widgets loaded, before the editor, gzip (heaviest: ${withWidgets.slug})`, kb(withWidgets.widgets), '≤ 50 KB'],
      );
    }
    if (runs.length > 0) {
      rows.push(
        ['editor requested → ready', ms(median(runs.map((r) => r.ready))), '≤ 500 ms'],
        ['first Run (esbuild-wasm start included)', ms(median(runs.map((r) => r.first))), '≤ 400 ms'],
        ['warm Run', ms(median(runs.flatMap((r) => r.warm))), '≤ 25 ms'],
      );
    }
    printTable(`site: headless Chromium, medians over ${LOADS} fresh page loads (127.0.0.1, no cache; 2 shared cores: noisy)`, ['measure', 'result', 'target'], rows);
    const ok = (b: number) => (b <= JS_BUDGET ? 'ok' : 'OVER');
    if (perLesson.length > 0) printTable('site: JS per lesson page before the editor is requested (gzip; at load = top of a fresh page, widgets = scrolled to the bottom)', ['lesson', 'at load', '', 'all widgets', ''], perLesson.map((l) => [l.slug, kb(l.load), ok(l.load), kb(l.widgets), ok(l.widgets)]));
    const markNames = ['editor-loaded', 'editor-created', 'editor-ready', 'compiler-ready', 'compiler-warm', 'language-worker'];
    if (runs.length > 0) printTable('site: where the editor\'s time goes (ms after the editor is requested, medians; performance.mark quantcourse:*)', ['mark', 'at'], markNames.map((m) => {
      const at = runs.map((r) => r.marks[m]).filter((x): x is number => x !== undefined);
      return [m, at.length ? ms(median(at)) : '—'];
    }));
    const phases = ['prepareMs', 'compileMs', 'esbuildMs', 'runMs', 'sandboxMs', 'judgeMs', 'totalMs'];
    if (runs.length > 0) printTable('site: where a warm Run\'s time goes (medians; the runner\'s RunTimings, rendering excluded)', ['phase', 'time'], phases.map((p) => {
      const xs = runs.flatMap((r) => r.warmTimings.map((t) => t[p])).filter((x): x is number => typeof x === 'number');
      const label: Record<string, string> = { esbuildMs: '  of which esbuild, in its worker', sandboxMs: '  of which the sandbox\'s own work' };
      return [label[p] ?? p.replace(/Ms$/, ''), xs.length ? `${median(xs).toFixed(1)} ms` : '—'];
    }));
  } finally {
    await site.stop();
  }
  if (process.env.BENCH_LIGHTHOUSE !== '0') await lighthouseLessons(ROOT_BUILD, lighthousePages());
}
