/**
 * The widgets on the real built lesson pages (the fixture pages in widgets-*.test.ts test each widget's
 * behaviour; this file tests how the site places them):
 * - every widget the course has is placed by some lesson;
 * - a widget's code is not requested until its figure nears the viewport (the loader starts 600 px
 *   early), and scrolling to it requests it;
 * - every widget on every lesson mounts without console errors and leaves a non-empty text alternative.
 * Also the speed lesson's table of bits per weight, which the lesson computes with the core at build time.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { widgetNames } from '../../src/content/course-files.ts';
import { ggmlBitsPerWeight, modelBytes, tokensPerSecond, type GgmlType } from '../../src/core/index.ts';
import { ROOT, ROOT_BUILD } from '../../tools/site-harness/build.ts';
import { HANG_MS, startSite, type Site } from '../../tools/site-harness/site.ts';

/** The course's widgets: the folders of src/widgets with an index.ts, which the loader finds. */
const WIDGET_NAMES = widgetNames(path.join(ROOT, 'src/widgets'));

/** The real lessons (not the test fixtures) and the widgets each places, in page order. */
const LESSONS = readdirSync(path.join(ROOT, 'lessons'))
  .filter((f) => f.endsWith('.mdx'))
  .map((f) => ({ slug: f.replace(/\.mdx$/, ''), widgets: [...readFileSync(path.join(ROOT, 'lessons', f), 'utf8').matchAll(/<Widget\s+name="([a-z0-9-]+)"/g)].map((m) => m[1]!) }));
const WITH_WIDGETS = LESSONS.filter((l) => l.widgets.length > 0).map((l) => l.slug);

/**
 * Each widget's own chunk, read from the built loader: Vite compiles its import.meta.glob into
 * `"./<name>/index.ts":()=>…import(`./<file>.js`)…`, so the test knows which request is whose.
 */
function widgetChunks(): Map<string, string> {
  const dir = path.join(ROOT_BUILD.dir, '_astro');
  const chunks = new Map<string, string>();
  for (const f of readdirSync(dir).filter((n) => n.endsWith('.js'))) {
    const js = readFileSync(path.join(dir, f), 'utf8');
    if (!js.includes('/index.ts"')) continue;
    for (const m of js.matchAll(/"\.\/([a-z0-9-]+)\/index\.ts":\(\)=>[^"`']*?import\(["'`]\.\/([^"'`]+\.js)["'`]\)/g)) chunks.set(m[1]!, m[2]!);
  }
  return chunks;
}

/** The loader's head start: a figure closer than this below the viewport may already be loading. */
const ROOT_MARGIN = 600;

let site: Site;
let chunks: Map<string, string>;
beforeAll(async () => {
  site = await startSite();
  chunks = widgetChunks();
});
afterAll(async () => {
  await site?.stop();
});

describe('the course\'s widgets', () => {
  it('are each placed by some lesson, and each has its own chunk in the build', () => {
    const placed = new Set(LESSONS.flatMap((l) => l.widgets));
    expect(WIDGET_NAMES.filter((w) => !placed.has(w))).toEqual([]);
    expect([...placed].filter((w) => !(WIDGET_NAMES as readonly string[]).includes(w))).toEqual([]);
    const modules = readdirSync(path.join(ROOT, 'src/widgets'), { withFileTypes: true }).filter((d) => d.isDirectory() && d.name !== 'shared').map((d) => d.name);
    expect(modules.sort()).toEqual([...WIDGET_NAMES].sort());
    expect([...chunks.keys()].sort()).toEqual([...WIDGET_NAMES].sort());
  });
});

/** The figures of a page: widget name, distance of the figure's top below the viewport's bottom, and state. */
function figures(page: Page) {
  return page.locator('figure[data-widget]').evaluateAll((fs) => fs.map((f) => ({
    name: (f as HTMLElement).dataset.widget!,
    below: f.getBoundingClientRect().top - window.innerHeight,
    state: (f.querySelector('.widget-root') as HTMLElement).dataset.state!,
  })));
}

/** Figures found well below the viewport when their lesson loaded, over all lessons (checked at the end). */
let farAtLoad = 0;

describe.each(WITH_WIDGETS)('lessons/%s/', (slug) => {
  it('loads each widget only as it nears the viewport; each mounts without errors and describes itself', async () => {
    const { page, requests, problems, context } = await site.open(`lessons/${slug}/`, { viewport: { width: 1100, height: 800 } });
    await page.waitForLoadState('networkidle');
    const requested = (name: string) => requests.some((u) => new URL(u).pathname.endsWith(`/_astro/${chunks.get(name)}`));
    const expected = LESSONS.find((l) => l.slug === slug)!.widgets;
    const count = await page.locator('figure[data-widget]').count();
    const atLoad = await figures(page);
    expect(atLoad.map((f) => f.name)).toEqual(expected);

    // At load, a figure well outside the loader's margin is not mounted and its code is not fetched,
    // unless a figure of the same widget near the top already needed it.
    const nearNames = new Set(atLoad.filter((f) => f.below <= ROOT_MARGIN + 100).map((f) => f.name));
    for (const [i, f] of atLoad.entries()) {
      if (f.below <= ROOT_MARGIN + 100) continue;
      farAtLoad++;
      expect(f.state, `${f.name} (figure ${i + 1}) mounted ${Math.round(f.below)} px below the viewport`).toBe('waiting');
      if (!nearNames.has(f.name)) expect(requested(f.name), `${f.name}'s chunk requested while ${Math.round(f.below)} px below the viewport`).toBe(false);
    }

    // Then scroll to each in turn: it mounts, and its code has been requested. Before each scroll, once the
    // network is quiet (no import in flight), a figure still waiting must not have had its code fetched.
    // (Distances are judged only at load: a figure that started loading while near may since have been
    // pushed far down by the figures above it growing as they mounted.)
    const mounted = new Set<string>();
    for (let i = 0; i < count; i++) {
      await page.waitForLoadState('networkidle');
      await page.waitForTimeout(100);
      const now = await figures(page);
      for (const f of now) if (f.state !== 'waiting') mounted.add(f.name);
      for (const [j, f] of now.entries()) {
        if (f.state === 'waiting' && !mounted.has(f.name) && !nearNames.has(f.name)) expect(requested(f.name), `${f.name} (figure ${j + 1}) still waiting, yet its chunk was requested`).toBe(false);
      }
      const name = expected[i]!;
      const figure = page.locator('figure[data-widget]').nth(i);
      await figure.scrollIntoViewIfNeeded();
      const root = figure.locator('.widget-root');
      await page.waitForFunction((el) => el!.dataset.state !== 'waiting', await root.elementHandle(), { timeout: HANG_MS });
      expect(await root.getAttribute('data-state'), `${name}: ${await root.innerText()}`).toBe('ready');
      expect(requested(name), `${name}'s chunk after scrolling to it`).toBe(true);
      await expect.poll(async () => (await figure.locator('[data-role="alt"]').first().textContent())?.trim().length ?? 0, { message: `${name}'s text alternative`, timeout: HANG_MS }).toBeGreaterThan(20);
      expect(await figure.locator('.fw-error').count(), `${name} shows an error`).toBe(0);
    }
    await page.waitForLoadState('networkidle');
    expect(problems()).toEqual([]);
    await context.close();
  });
});

describe('the checks above', () => {
  it('saw figures far below the viewport at load (so the lazy-loading check was exercised)', () => {
    expect(farAtLoad).toBeGreaterThanOrEqual(10);
  });
});

describe('param-histogram on lessons/smaller-floats/', () => {
  it('plots the course model\'s weights, not the stand-in', async () => {
    const { page, problems, context } = await site.open('lessons/smaller-floats/');
    const figure = page.locator('figure[data-widget="param-histogram"]');
    await figure.scrollIntoViewIfNeeded();
    await figure.locator('[data-role="source"]:not([data-loading])').waitFor({ timeout: HANG_MS });
    expect(await figure.locator('[data-role="source"]').innerText()).toMatch(/^The course model, the 2-layer, width-64 character-level transformer .*: all 174,784 of its parameters\.$/);
    expect(await figure.locator('[data-role="alt"]').innerText()).toMatch(/^Histogram of the course model's weights/);
    expect(problems()).toEqual([]);
    await context.close();
  });
});

describe('the bits-per-weight table on lessons/speed/', () => {
  it('lists every format of the course with the core\'s bits per weight, size and bound', async () => {
    const { page, problems, context } = await site.open('lessons/speed/');
    const table = page.locator('article table', { has: page.locator('th', { hasText: 'bound: 400 GB/s' }) });
    const rows = await table.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent!.trim())));
    const types: [string, GgmlType | null][] = [['bfloat16', null], ['Q8_0', 'q8_0'], ['Q4_1', 'q4_1'], ['Q4_0', 'q4_0'], ['Q4_K', 'q4_K'], ['NVFP4', 'nvfp4'], ['MXFP4', 'mxfp4'], ['Q2_K', 'q2_K']];
    expect(rows.map((r) => r[0])).toEqual(types.map(([label]) => label));
    for (const [i, [label, type]] of types.entries()) {
      const bits = type ? ggmlBitsPerWeight(type) : 16;
      const gb = modelBytes(9e9, bits) / 1e9;
      expect(rows[i], label).toEqual([label, String(bits), `${Number.isInteger(gb) ? gb : gb.toFixed(1)} GB`, `${tokensPerSecond(9e9, bits, 400).toFixed(1)} tokens/s`]);
    }
    expect(rows.find((r) => r[0] === 'Q2_K')![1]).toBe('2.625');
    expect(rows.find((r) => r[0] === 'MXFP4')![1]).toBe('4.25');
    // The page fits a phone: wide tables scroll inside their own box.
    await page.setViewportSize({ width: 360, height: 800 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    expect(problems()).toEqual([]);
    await context.close();
  });

  it.each(['k-quants', 'microscaling'])('lessons/%s/ fits a 360 px phone (its tables scroll in their own box)', async (slug) => {
    const { page, problems, context } = await site.open(`lessons/${slug}/`, { viewport: { width: 360, height: 800 } });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    expect(problems()).toEqual([]);
    await context.close();
  });
});
