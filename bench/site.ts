/**
 * The site's weight and speed in headless Chromium, medians over fresh page loads (empty cache):
 * per lesson, the JS it loads at the top of the page and with all its widgets loaded (the editor
 * excluded: what a page costs before the editor is requested); editor requested → ready, first
 * Run (esbuild-wasm start included), warm Run and where their time goes; and Lighthouse (mobile)
 * performance and accessibility of lesson pages. Uses the browser tests' build
 * (QUANTCOURSE_E2E_OUT keeps it apart from other checkouts' builds).
 * The editor and Run figures are taken, in the same run and interleaved, on a stock page too
 * (bench/stock-page: monaco-editor's plain ESM editor and esbuild-wasm, no course code), and each
 * is printed beside it as a ratio: on a shared machine the ratio moves less than the figure.
 *   BENCH_SITE_LOADS=5          fresh loads per timing (default 5)
 *   BENCH_LIGHTHOUSE=0          skip Lighthouse; BENCH_LIGHTHOUSE=all audits every lesson
 *   BENCH_SITE_PARTS=editor     only the editor and Run timings (or =weights: only the JS bytes; =inspector: only
 *                               the GGUF inspector's decode of a 100 M-weight tensor per type)
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import os from 'node:os';
import { gzipSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import { ensureSite, ROOT, ROOT_BUILD } from '../tools/site-harness/build.ts';
import { serveSite, type SiteServer } from '../tools/site-harness/server.ts';
import { startSite, type Site } from '../tools/site-harness/site.ts';
import { ensureStockPage } from './stock-page/build.ts';
import { inspectorThroughput, INSPECTOR_VALUES } from './inspector.ts';
import { lighthouseLessons, lighthousePages } from './lighthouse.ts';
import { median, printTable } from './table.ts';

const LOADS = Number(process.env.BENCH_SITE_LOADS ?? 5);
const PARTS = (process.env.BENCH_SITE_PARTS ?? 'weights,editor,inspector').split(',');
const WARM_RUNS = 5;
/** A short window keeps the exercise out of reach, so the editor loads only when asked. */
const VIEWPORT = { width: 1200, height: 300 };
const EXERCISE = 'model-bytes';
const WORKBENCH_LESSON = 'lessons/fixture-workbench/';
/** The course's workbench section for EXERCISE, and the stock page's section with the same buttons and data attributes. */
const COURSE = `section.exercise[data-exercise-id="${EXERCISE}"]`;
const STOCK = 'section#stock';
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

/** Focus the editor in section `sel` and select all its code. */
async function selectCode(page: Page, sel: string): Promise<void> {
  // Near the top left of the editor's visible text area: .view-lines is wider than the editor, and a
  // click at its centre fell on the editor's right edge, which on a loaded machine sometimes left
  // the editor scrolled sideways and the focus on the page instead.
  await page.locator(`${sel} .monaco-editor .editor-scrollable`).click({ position: { x: 20, y: 10 } });
  await page.waitForFunction((s) => document.activeElement?.closest(`${s} .monaco-editor`) != null, sel);
  await page.keyboard.press('ControlOrMeta+A');
}

/** Replace the code of the editor in section `sel` by a paste, as the clipboard would, and wait until it shows. */
async function pasteCode(page: Page, sel: string, code: string): Promise<void> {
  await selectCode(page, sel);
  await page.evaluate((t) => {
    const data = new DataTransfer();
    data.setData('text/plain', t);
    document.activeElement?.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  }, code);
  const last = code.trimEnd().split('\n').at(-1)!.trim();
  await page.waitForFunction(([s, l]) => [...document.querySelectorAll(`${s} .view-line`)].some((v) => (v.textContent ?? '').replace(/\u00a0/g, ' ').trim() === l), [sel, last] as const);
}

/**
 * Milliseconds from a paste of `code` into the editor of section `sel` (its code selected) to the editor
 * showing the pasted code's last line, measured in the page.
 */
async function timePaste(page: Page, sel: string, code: string): Promise<number> {
  await selectCode(page, sel);
  const last = code.trimEnd().split('\n').at(-1)!.trim();
  return page.evaluate(
    ([sel, text, line]) =>
      new Promise<number>((resolve) => {
        const section = document.querySelector<HTMLElement>(sel!)!;
        const shown = () => [...section.querySelectorAll('.view-line')].some((v) => (v.textContent ?? '').replace(/\u00a0/g, ' ').trim() === line);
        const t0 = performance.now();
        const observer = new MutationObserver(() => {
          if (!shown()) return;
          observer.disconnect();
          resolve(performance.now() - t0);
        });
        observer.observe(section, { childList: true, subtree: true, characterData: true });
        const data = new DataTransfer();
        data.setData('text/plain', text!);
        document.activeElement?.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
      }),
    [sel, code, last] as const,
  );
}

/**
 * Milliseconds from clicking a control of section `sel` to `until` holding, measured in the page.
 * For "open" the button is scrolled into view and clicked in one step, so the click (not the
 * exercise nearing the viewport a moment earlier) is what requests the editor. With `pasteFirst`,
 * that text is pasted into the focused editor (its code selected) in the same instant as the click.
 */
function timeInPage(page: Page, sel: string, action: string, until: 'ready' | 'ran', pasteFirst = ''): Promise<number> {
  return page.evaluate(
    ([sel, act, what, paste]) =>
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
        if (paste) {
          const data = new DataTransfer();
          data.setData('text/plain', paste);
          document.activeElement?.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
        }
        button.click();
      }),
    [sel, action, until, pasteFirst] as const,
  );
}

/**
 * Milliseconds from a keystroke to the results of a Run pressed the moment its character arrives:
 * a learner who types and presses Ctrl+Enter at once, in the limit. As with a paste, the compile is
 * part of the Run; unlike a paste, the editor redraws one line. The editor must have focus, with
 * its caret where an "x" is harmless (the end of a comment).
 */
async function timeRunWithKeystroke(page: Page, sel: string): Promise<number> {
  const kind = await page.evaluate((s) => {
    const section = document.querySelector<HTMLElement>(s)!;
    const runs = Number(section.dataset.runs ?? 0);
    const input = document.activeElement as HTMLElement & { editContext?: EventTarget };
    (window as unknown as { benchKeyRun: Promise<number> }).benchKeyRun = new Promise((resolve) => {
      let t0 = 0;
      document.addEventListener('keydown', () => (t0 = performance.now()), { capture: true, once: true });
      // Monaco reads typed text from an EditContext (or a textarea's input event). Its listener was
      // added when the editor was made, before this one: the character is in the model when Run is pressed.
      const run = () => section.querySelector<HTMLButtonElement>('[data-action="run"]')!.click();
      if (input.editContext) input.editContext.addEventListener('textupdate', run, { once: true });
      else input.addEventListener('input', run, { once: true });
      const observer = new MutationObserver(() => {
        if (Number(section.dataset.runs ?? 0) <= runs) return;
        observer.disconnect();
        resolve(performance.now() - t0);
      });
      observer.observe(section, { attributes: true });
    });
    return input.closest('.monaco-editor') ? 'editor' : null;
  }, sel);
  if (kind !== 'editor') throw new Error(`bench: the editor of ${sel} does not have focus for the keystroke`);
  await page.keyboard.press('x');
  return page.evaluate(() => (window as unknown as { benchKeyRun: Promise<number> }).benchKeyRun);
}

/** The editor and Run figures of one fresh page load, the course's or the stock page's. */
interface EditorRuns {
  ready: number;
  first: number;
  /** Runs pressed a learner's pause after an edit (the course compiled the code as it was typed). */
  warm: number[];
  /** Runs pressed together with a paste of the whole file: compiling is part of the Run. */
  warmWithPaste: number[];
  /** Runs pressed together with a keystroke: compiling is part of the Run. */
  warmWithKey: number[];
  /** Pastes of the whole file, from the paste to the editor showing its last line. */
  pasteShown: number[];
  /** Where each Run's time went (the course runner's RunTimings), for each kind of warm Run. */
  warmTimings: Record<string, number>[];
  warmWithPasteTimings: Record<string, number>[];
  warmWithKeyTimings: Record<string, number>[];
}

/** What one fresh load of the workbench lesson measured. */
interface WorkbenchRun extends EditorRuns {
  /** A Run of an infinite loop, from pressing Run to the verdict. */
  loopStopped: number;
  /** The loop guard's limit, as the verdict names it (ms). */
  loopLimit: number;
  /** Milliseconds after the editor was requested at which each quantcourse:* mark fell. */
  marks: Record<string, number>;
}

/** Pause between a learner's last keystroke and pressing Run, and between Runs (the spare sandbox boots). */
const PAUSE_MS = 150;

/**
 * On a freshly loaded page: editor ready, first Run, then warm Runs, in section `sel`. Every warm
 * Run runs an edited source (a comment that changes each time), so nothing compiled before is
 * reused. `timings` reads where the last Run's time went, where the page says.
 */
async function editorRuns(page: Page, sel: string, solution: string, timings?: () => Promise<Record<string, number>>): Promise<EditorRuns> {
  const ready = await timeInPage(page, sel, 'open', 'ready');
  await pasteCode(page, sel, solution);
  const first = await timeInPage(page, sel, 'run', 'ran');
  const run: EditorRuns = { ready, first, warm: [], warmWithPaste: [], warmWithKey: [], pasteShown: [], warmTimings: [], warmWithPasteTimings: [], warmWithKeyTimings: [] };
  const read = timings ?? (async () => ({}));
  for (let i = 0; i < WARM_RUNS; i++) {
    await page.waitForTimeout(PAUSE_MS);
    run.pasteShown.push(await timePaste(page, sel, `${solution}\n// edit ${i}a\n`));
    await page.waitForTimeout(PAUSE_MS);
    run.warm.push(await timeInPage(page, sel, 'run', 'ran'));
    run.warmTimings.push(await read());
    await page.waitForTimeout(PAUSE_MS);
    await selectCode(page, sel);
    run.warmWithPaste.push(await timeInPage(page, sel, 'run', 'ran', `${solution}\n// edit ${i}b\n`));
    run.warmWithPasteTimings.push(await read());
    await page.waitForTimeout(PAUSE_MS);
    await pasteCode(page, sel, `${solution}\n// edit ${i}c\n`);
    // The caret goes to the end of that comment, where the typed "x" changes nothing but the source.
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('End');
    await page.waitForTimeout(PAUSE_MS);
    run.warmWithKey.push(await timeRunWithKeystroke(page, sel));
    run.warmWithKeyTimings.push(await read());
    await page.waitForFunction(
      ([s, line]) => [...document.querySelectorAll(`${s} .view-line`)].some((v) => (v.textContent ?? '').replace(/\u00a0/g, ' ').trim() === line),
      [sel, `// edit ${i}cx`] as const,
      { timeout: 5000 },
    );
  }
  return run;
}

/** One fresh load of the workbench lesson: editorRuns, then the loop guard and the page's marks. */
async function workbenchTimings(site: Site, solution: string): Promise<WorkbenchRun> {
  const { page, context } = await site.open(WORKBENCH_LESSON, { viewport: VIEWPORT });
  await page.waitForLoadState('networkidle');
  const section = page.locator(COURSE);
  const timings = async () => JSON.parse((await section.getAttribute('data-timings')) ?? '{}') as Record<string, number>;
  const run: WorkbenchRun = { ...(await editorRuns(page, COURSE, solution, timings)), loopStopped: NaN, loopLimit: NaN, marks: {} };
  const status = await section.locator('[data-role="results"] [data-status]').first().getAttribute('data-status');
  if (status !== 'passed') throw new Error(`bench: the model solution did not pass in the browser (status ${status})`);
  // The loop guard: how soon after its limit an infinite loop is stopped and reported (the browser
  // test asserts only that it is stopped by that limit: a busy machine must not fail it).
  await page.waitForTimeout(PAUSE_MS);
  await pasteCode(page, COURSE, solution.replace('return (params * bitsPerWeight) / 8;', 'while (true) {}'));
  await page.waitForTimeout(PAUSE_MS);
  run.loopStopped = await timeInPage(page, COURSE, 'run', 'ran');
  const stopped = (await section.locator('[data-role="results"]').innerText()).trim();
  const limit = /more than (\d+) ms/.exec(stopped);
  if (!limit) throw new Error(`bench: the infinite loop was not stopped by the time limit: ${stopped}`);
  run.loopLimit = Number(limit[1]);
  run.marks = await page.evaluate(() => {
    const all = performance.getEntriesByType('mark').filter((m) => m.name.startsWith('quantcourse:'));
    const t0 = all.find((m) => m.name === 'quantcourse:editor-requested')?.startTime ?? 0;
    const out: Record<string, number> = {};
    for (const m of all) out[m.name.slice('quantcourse:'.length)] ??= m.startTime - t0;
    return out;
  });
  await context.close();
  return run;
}

/** One fresh load of the stock page, in the course's browser and window size: editorRuns on it. */
async function stockTimings(site: Site, stock: SiteServer, solution: string): Promise<EditorRuns> {
  const context = await site.newContext({ viewport: VIEWPORT });
  const page = await context.newPage();
  await page.goto(stock.url, { waitUntil: 'load' });
  await page.waitForLoadState('networkidle');
  const run = await editorRuns(page, STOCK, solution);
  const status = await page.locator(`${STOCK} [data-role="results"]`).getAttribute('data-status');
  if (status !== 'ran') throw new Error(`bench: the stock page's Run failed: ${await page.locator(`${STOCK} [data-role="results"]`).innerText()}`);
  await context.close();
  return run;
}

/** Run the site benchmark and print its tables. */
export async function benchSite(): Promise<void> {
  ensureSite(ROOT_BUILD);
  const editor = PARTS.includes('editor');
  const stockBuild = editor ? await ensureStockPage() : undefined;
  const site = await startSite(ROOT_BUILD);
  const stock = stockBuild ? await serveSite(stockBuild.dir, stockBuild.base) : undefined;
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
    const stockRuns: EditorRuns[] = [];
    // Interleaved, so that what else the machine is doing weighs on both alike.
    for (let i = 0; stock && i < LOADS; i++) {
      runs.push(await workbenchTimings(site, solution));
      stockRuns.push(await stockTimings(site, stock, solution));
    }

    const rows: string[][] = [];
    if (perLesson.length > 0) {
      const heaviest = (key: 'load' | 'widgets') => perLesson.reduce((a, b) => (b[key] > a[key] ? b : a));
      const atLoad = heaviest('load');
      const withWidgets = heaviest('widgets');
      rows.push(
        [`lesson JS at load, before the editor, gzip (heaviest: ${atLoad.slug})`, kb(atLoad.load), '', '', '≤ 50 KB'],
        [`lesson JS with all widgets loaded, before the editor, gzip (heaviest: ${withWidgets.slug})`, kb(withWidgets.widgets), '', '', '≤ 50 KB'],
      );
    }
    if (runs.length > 0) {
      /** A course figure, the stock page's, and their ratio: the medians of `pick` over every load. */
      const beside = (pick: (r: EditorRuns) => number[]) => {
        const course = median(runs.flatMap(pick));
        const reference = median(stockRuns.flatMap(pick));
        return [ms(course), ms(reference), `${(course / reference).toFixed(2)}×`];
      };
      rows.push(
        ['editor requested → ready', ...beside((r) => [r.ready]), '≤ 500 ms'],
        ['first Run (esbuild-wasm start included)', ...beside((r) => [r.first]), '≤ 400 ms'],
        [`warm Run, pressed ${PAUSE_MS} ms after an edit (compiled as typed)`, ...beside((r) => r.warm), '≤ 25 ms'],
        ['warm Run pressed with a keystroke (compile + all cases in the Run)', ...beside((r) => r.warmWithKey), '≤ 25 ms'],
        ['warm Run pressed with a paste of the whole file (compile + all cases; the editor redraws every line)', ...beside((r) => r.warmWithPaste), '≤ 25 ms'],
        // 100 ms: the longest a response to input may take and still feel immediate.
        ['paste of the whole file → shown in the editor', ...beside((r) => r.pasteShown), '≤ 100 ms'],
        [`infinite loop: Run → stopped and reported (limit ${runs[0]!.loopLimit} ms)`, ms(median(runs.map((r) => r.loopStopped))), '—', '', `≤ ${runs[0]!.loopLimit + 100} ms`],
      );
    }
    if (rows.length > 0) printTable(`site: headless Chromium, medians over ${LOADS} fresh page loads (127.0.0.1, no cache; 2 shared cores: noisy); stock page = monaco-editor's plain ESM editor + esbuild-wasm, loaded in turn with the course`, ['measure', 'course', 'stock page', 'course / stock', 'target'], rows);
    const ok = (b: number) => (b <= JS_BUDGET ? 'ok' : 'OVER');
    if (perLesson.length > 0) printTable('site: JS per lesson page before the editor is requested (gzip; at load = top of a fresh page, widgets = scrolled to the bottom)', ['lesson', 'at load', '', 'all widgets', ''], perLesson.map((l) => [l.slug, kb(l.load), ok(l.load), kb(l.widgets), ok(l.widgets)]));
    const markNames = ['editor-loaded', 'editor-created', 'editor-ready', 'compiler-ready', 'compiler-warm', 'language-worker'];
    if (runs.length > 0) printTable('site: where the editor\'s time goes (ms after the editor is requested, medians; performance.mark quantcourse:*)', ['mark', 'at'], markNames.map((m) => {
      const at = runs.map((r) => r.marks[m]).filter((x): x is number => x !== undefined);
      return [m, at.length ? ms(median(at)) : '—'];
    }));
    const phases = ['prepareMs', 'compileMs', 'esbuildMs', 'runMs', 'sandboxMs', 'judgeMs', 'totalMs'];
    const label: Record<string, string> = { esbuildMs: '  of which esbuild, in its worker', runMs: 'run (from the compile reaching the page to the report)', sandboxMs: '  the sandbox\'s own work (may start before the page has the compile)' };
    const phase = (all: Record<string, number>[], p: string) => {
      const xs = all.map((t) => t[p]).filter((x): x is number => typeof x === 'number');
      return xs.length ? `${median(xs).toFixed(1)} ms` : '—';
    };
    const kinds = [runs.flatMap((r) => r.warmTimings), runs.flatMap((r) => r.warmWithKeyTimings), runs.flatMap((r) => r.warmWithPasteTimings)];
    const ahead = (all: Record<string, number>[]) => `${all.filter((t) => t.compiledAhead).length}/${all.length}`;
    if (runs.length > 0) {
      printTable('site: where a warm Run\'s time goes (medians; the runner\'s RunTimings, from the Run to the verdict: the edit before it and the rendering after it excluded)', ['phase', 'pressed after a pause', 'with a keystroke', 'with a paste'], [
        ...phases.map((p) => [label[p] ?? p.replace(/Ms$/, ''), ...kinds.map((k) => phase(k, p))]),
        ['Runs that found their compile done or under way', ...kinds.map(ahead)],
      ]);
    }
    if (PARTS.includes('inspector')) {
      const decode = await inspectorThroughput(site, Math.min(LOADS, 3));
      printTable(`site: the GGUF inspector (/gguf/) decoding a ${INSPECTOR_VALUES / 2 ** 20} Mi-weight tensor into its histogram, in its worker (choose → histogram shown, median of ${Math.min(LOADS, 3)} fresh pages)`,
        ['type', 'time', 'M weights/s', 'Chromium CPU time', 'target'], decode.map((d) => [d.type.toUpperCase(), ms(d.ms), (INSPECTOR_VALUES / d.ms / 1000).toFixed(0), ms(d.cpuMs), '≤ 3 s (quiet machine)']));
      console.log(`\nload average while measured: ${os.loadavg().map((l) => l.toFixed(1)).join(', ')} (2 shared cores: the wall-clock time includes waiting for a core, the CPU time does not)`);
    }
  } finally {
    await site.stop();
    await stock?.close();
  }
  if (process.env.BENCH_LIGHTHOUSE !== '0') await lighthouseLessons(ROOT_BUILD, lighthousePages());
}
