/**
 * Offline and installable, on the real built site in real Chromium: after one visit (and the
 * service worker's precache), with the network cut, a visited and an unvisited lesson load, the
 * editor opens, a solution runs and passes, search answers, the lab runs the model and an unknown
 * address gets the site's 404 page. A new build
 * (a changed sw.js) installs beside the old one, waits, switches over only when the learner reloads
 * from the notice, deletes the old cache and keeps the learner's code. The manifest is valid and
 * Chromium finds the site installable, at the root and under a sub-path.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STORAGE_KEY } from '../../src/progress/store.ts';
import { ROOT, ROOT_BUILD, SUBPATH_BUILD, type SiteBuild } from '../../tools/site-harness/build.ts';
import { HANG_MS, startSite, type Site } from '../../tools/site-harness/site.ts';
import { openEditor, replaceCode, run } from './workbench.ts';

const solution = readFileSync(path.join(ROOT, 'solutions', 'model-bytes.ts'), 'utf8');

/** Wait until the service worker controls the page and its cache holds the whole build; returns that cache's name and size. */
async function waitForPrecache(page: Page): Promise<{ cache: string; entries: number; listed: number }> {
  // Polled from here: page.waitForFunction would take the pending promise itself as a true answer.
  const complete = () =>
    page.evaluate(async () => {
      const reg = await navigator.serviceWorker.getRegistration();
      if (!reg?.active || !navigator.serviceWorker.controller) return false;
      for (const name of await caches.keys()) {
        if (name.startsWith('quantcourse-') && (await (await caches.open(name)).match(new URL('__precache-list__', reg.scope).href))) return true;
      }
      return false;
    });
  await expect.poll(complete, { timeout: HANG_MS * 4, interval: 500 }).toBe(true);
  return page.evaluate(async () => {
    const reg = (await navigator.serviceWorker.getRegistration())!;
    const names = (await caches.keys()).filter((n) => n.startsWith('quantcourse-'));
    const cache = await caches.open(names[0]!);
    const listed = ((await (await cache.match(new URL('__precache-list__', reg.scope).href))!.json()) as unknown[]).length;
    return { cache: names.join(' '), entries: (await cache.keys()).length, listed };
  });
}

describe('offline after one visit', () => {
  let site: Site;
  let context: BrowserContext;
  beforeAll(async () => {
    site = await startSite(ROOT_BUILD);
    context = await site.newContext({ serviceWorkers: 'allow', viewport: { width: 1200, height: 900 } });
  });
  afterAll(async () => {
    await context?.close();
    await site?.stop();
  });

  it('precaches the whole build, then works with the network cut', async () => {
    const { page, problems } = await site.open('lessons/fixture-workbench/', { context });
    const precache = await waitForPrecache(page);
    // Every listed file is in the cache, plus the list itself.
    expect(precache.entries).toBe(precache.listed + 1);
    expect(precache.listed).toBeGreaterThan(100);
    await context.setOffline(true);
    expect(await page.evaluate(() => navigator.onLine)).toBe(false);

    // The lesson visited, reloaded.
    await page.reload({ waitUntil: 'load' });
    expect(await page.locator('h1').innerText()).toMatch(/Fixture/);
    // A lesson never visited: editor (Monaco and its workers), compiler (esbuild.wasm) and sandbox all from the cache.
    await page.goto(site.url('lessons/why-models-are-big/'), { waitUntil: 'load' });
    await openEditor(page, 'model-bytes');
    await replaceCode(page, 'model-bytes', solution);
    expect((await run(page, 'model-bytes')).status).toBe('passed');
    const saved = await page.evaluate((key) => localStorage.getItem(key), STORAGE_KEY);
    expect(saved).toContain('model-bytes');

    // Search: the index is precached too.
    await page.locator('[data-role="search-open"]').click();
    await page.locator('[data-role="search-input"]').fill('wombatquill');
    await page.locator('[data-role="search-result"][href="/lessons/fixture-prose/#a-section-the-search-tests-find"]').waitFor();
    await page.keyboard.press('Escape');

    // The lab: the course model (public/model) loads and the float model runs.
    await page.goto(site.url('lessons/lab/'), { waitUntil: 'load' });
    const fig = page.locator('figure[data-widget="model-lab"]');
    await fig.scrollIntoViewIfNeeded();
    await page.waitForSelector('figure[data-widget="model-lab"] [data-ready]', { timeout: HANG_MS });
    expect(await fig.locator('.widget-root').getAttribute('data-ready')).toBe('true');

    expect(problems()).toEqual([]);

    // An address the build does not have, offline: the site's own 404 page from the cache, not the
    // browser's error page. (A page of its own: its 404 response is the point, not a problem.)
    const lost = await context.newPage();
    const offline404 = await lost.goto(site.url('lessons/no-such-lesson/'), { waitUntil: 'load' });
    expect(offline404?.status()).toBe(404);
    expect(await lost.locator('h1').innerText()).toBe('This page does not exist');
    // Its styles and links come from the cache too: the link back leads to the course's first page.
    await Promise.all([lost.waitForURL(site.url('')), lost.locator('.not-found a').click()]);
    expect(await lost.locator('h1').count()).toBeGreaterThan(0);
    await context.setOffline(false);
    // Online, the server answers an unknown address with its own 404, as without a service worker.
    const online404 = await lost.goto(site.url('lessons/another-missing-page/'), { waitUntil: 'load' });
    expect(online404?.status()).toBe(404);
    expect(await lost.locator('h1').innerText()).toBe('This page does not exist');
    await lost.close();
  });
});

describe('a new build', () => {
  const overrides = new Map<string, string>();
  let site: Site;
  beforeAll(async () => {
    site = await startSite(ROOT_BUILD, { overrides });
  });
  afterAll(async () => {
    await site?.stop();
  });

  it('installs beside the old one, switches only on reload, drops the old cache and keeps the code', async () => {
    const context = await site.newContext({ serviceWorkers: 'allow' });
    const { page, problems } = await site.open('lessons/fixture-workbench/', { context });
    const first = await waitForPrecache(page);
    const state = { version: 1, exercises: { 'model-bytes': { code: '// my own attempt\n', updatedAt: '2026-01-01T00:00:00.000Z' } } };
    await page.evaluate(([key, value]) => localStorage.setItem(key!, value!), [STORAGE_KEY, JSON.stringify(state)]);

    // Deploy: a sw.js of another version (one file's revision changed, so it is downloaded again).
    const sw = readFileSync(path.join(ROOT_BUILD.dir, 'sw.js'), 'utf8');
    const version = /"version":"([0-9a-f]+)"/.exec(sw)![1]!;
    overrides.set('sw.js', sw.replace(`"version":"${version}"`, `"version":"${version}next"`).replace(/("\.\/","[0-9a-f]+)"/, '$1x"'));
    await page.reload({ waitUntil: 'load' });
    const notice = page.locator('[data-role="update-notice"]');
    await notice.waitFor({ state: 'visible', timeout: HANG_MS * 4 });
    // Both versions are cached while the old one still serves this page.
    const during = await page.evaluate(async () => (await caches.keys()).filter((n) => n.startsWith('quantcourse-')).sort());
    expect(during).toEqual([first.cache, `${first.cache}next`].sort());

    await Promise.all([page.waitForEvent('load', { timeout: HANG_MS }), notice.locator('[data-action="update-reload"]').click()]);
    await expect.poll(() => page.evaluate(async () => (await caches.keys()).filter((n) => n.startsWith('quantcourse-')))).toEqual([`${first.cache}next`]);
    expect(JSON.parse((await page.evaluate((key) => localStorage.getItem(key), STORAGE_KEY))!)).toMatchObject(state);
    expect(await notice.isVisible()).toBe(false);
    expect(problems()).toEqual([]);
    await context.close();
  });
});

for (const build of [ROOT_BUILD, SUBPATH_BUILD] satisfies SiteBuild[]) {
  describe(`installable at ${build.base}`, () => {
    let site: Site;
    beforeAll(async () => {
      site = await startSite(build);
    });
    afterAll(async () => {
      await site?.stop();
    });

    it('serves a valid manifest whose icons exist, and Chromium finds no installability error', async () => {
      const context = await site.newContext({ serviceWorkers: 'allow' });
      const { page, problems } = await site.open('', { context });
      const link = await page.locator('link[rel="manifest"]').getAttribute('href');
      expect(link).toBe(`${build.base}manifest.webmanifest`);
      const response = await page.request.get(site.server.origin + link);
      expect(response.headers()['content-type']).toBe('application/manifest+json');
      const manifest = (await response.json()) as { name: string; start_url: string; scope: string; display: string; theme_color: string; icons: { src: string; sizes: string; purpose: string }[] };
      expect(manifest).toMatchObject({ start_url: build.base, scope: build.base, display: 'standalone' });
      expect(manifest.theme_color).toMatch(/^#[0-9a-f]{6}$/);
      expect(manifest.icons.map((i) => i.purpose).sort()).toEqual(['any', 'any', 'maskable']);
      for (const icon of manifest.icons) {
        const png = await (await page.request.get(site.server.origin + icon.src)).body();
        // A PNG's IHDR gives its width and height: they must be what the manifest says.
        expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
        expect(`${png.readUInt32BE(16)}x${png.readUInt32BE(20)}`).toBe(icon.sizes);
      }
      // Chromium's own reading of the manifest and its install checks.
      const cdp = await context.newCDPSession(page);
      const parsed = (await cdp.send('Page.getAppManifest')) as { errors: { message: string }[]; url: string };
      expect(parsed.errors).toEqual([]);
      expect(parsed.url).toBe(site.server.origin + link);
      // Playwright's contexts are incognito profiles, where Chromium never offers to install: that one error aside, none.
      const installErrors = async () => ((await cdp.send('Page.getInstallabilityErrors')) as { installabilityErrors: { errorId: string }[] }).installabilityErrors.map((e) => e.errorId).filter((id) => id !== 'in-incognito');
      await expect.poll(installErrors, { timeout: HANG_MS }).toEqual([]);
      expect(problems()).toEqual([]);
      await context.close();
    });
  });
}
