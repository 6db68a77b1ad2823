/**
 * The site as a whole: it works under a sub-path base, the home page says where the learner
 * left off, and the theme follows the system until the learner picks one, which then persists.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, SUBPATH_BUILD } from '../../tools/site-harness/build.ts';
import { startSite, type Site } from '../../tools/site-harness/site.ts';
import { openEditor, replaceCode, run } from './workbench.ts';

const solution = readFileSync(path.join(ROOT, 'solutions', 'model-bytes.ts'), 'utf8');

describe('under a sub-path base', () => {
  let site: Site;
  beforeAll(async () => {
    site = await startSite(SUBPATH_BUILD);
  });
  afterAll(async () => {
    await site?.stop();
  });

  it('links, assets, workers and esbuild.wasm all stay under the base', async () => {
    const { page, requests, problems } = await site.open('');
    expect(site.url()).toMatch(/\/courses\/quant\/$/);
    const hrefs = await page.locator('a[href^="/"]').evaluateAll((as) => as.map((a) => a.getAttribute('href')!));
    expect(hrefs.length).toBeGreaterThan(2);
    for (const h of hrefs) expect(h.startsWith(SUBPATH_BUILD.base)).toBe(true);

    await page.locator('.lesson-list a[href$="/lessons/fixture-workbench/"]').click();
    await page.waitForURL(/\/courses\/quant\/lessons\/fixture-workbench\/$/);
    await openEditor(page, 'model-bytes');
    await replaceCode(page, 'model-bytes', solution);
    expect((await run(page, 'model-bytes')).status).toBe('passed');
    for (const u of requests) expect(new URL(u).pathname.startsWith(SUBPATH_BUILD.base) || !/^https?:/.test(u)).toBe(true);
    expect(requests.some((u) => u.endsWith('.wasm'))).toBe(true);
    expect(problems()).toEqual([]);
    await page.context().close();
  });
});

describe('the home page and the theme', () => {
  let site: Site;
  beforeAll(async () => {
    site = await startSite();
  });
  afterAll(async () => {
    await site?.stop();
  });

  it('offers to continue with the lesson last opened', async () => {
    const { page, context, problems } = await site.open('');
    const cont = page.locator('[data-role="continue-link"]');
    expect(await cont.innerText()).toMatch(/^Start with lesson 1/);
    await page.goto(site.url('lessons/fixture-prose/'));
    await page.goto(site.url(''));
    expect(await cont.innerText()).toBe('Continue where you left off: Fixture: prose only');
    expect(await cont.getAttribute('href')).toMatch(/\/lessons\/fixture-prose\/$/);
    // Reading a lesson without exercises finishes it.
    await expect(page.locator('.lesson-list li[data-lesson="fixture-prose"]').getAttribute('data-finished')).resolves.toBe('');
    expect(problems()).toEqual([]);
    await context.close();
  });

  it('follows the system colour scheme until the toggle is used, then remembers the choice', async () => {
    const context = await site.browser.newContext({ colorScheme: 'dark' });
    const { page, problems } = await site.open('lessons/fixture-prose/', { context });
    const bg = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    const darkBg = await bg();
    await page.click('[data-role="theme-toggle"]');
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('light');
    const lightBg = await bg();
    expect(lightBg).not.toBe(darkBg);
    await page.reload({ waitUntil: 'load' });
    expect(await bg()).toBe(lightBg);
    expect(problems()).toEqual([]);
    await context.close();
  });

  it('fits a phone screen: no sideways scrolling, lessons behind a button', async () => {
    const { page, context, problems } = await site.open('lessons/fixture-workbench/', { viewport: { width: 375, height: 740 } });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    const toggle = page.locator('[data-action="toggle-sidebar"]');
    expect(await toggle.isVisible()).toBe(true);
    expect(await page.locator('#sidebar-list').isVisible()).toBe(false);
    await toggle.click();
    expect(await page.locator('#sidebar-list').isVisible()).toBe(true);
    expect(problems()).toEqual([]);
    await context.close();
  });
});
