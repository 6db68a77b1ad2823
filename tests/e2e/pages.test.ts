/**
 * Every page of the built site in a real browser: it renders, logs no error, requests nothing
 * outside its origin, and carries no editor or solution bytes until the editor is requested.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, ROOT_BUILD } from '../../tools/site-harness/build.ts';
import { HANG_MS, startSite, type Site } from '../../tools/site-harness/site.ts';
import { axeViolations } from './axe.ts';

// Every lesson page the build produced: the real lessons and the test fixtures.
const lessonSlugs = readdirSync(path.join(ROOT_BUILD.dir, 'lessons'));
const solutionSnippets = readdirSync(path.join(ROOT, 'solutions'))
  .filter((f) => f.endsWith('.ts'))
  .map((f) => {
    // The longest line of each solution's body is distinctive enough to find if it leaked.
    const body = readFileSync(path.join(ROOT, 'solutions', f), 'utf8').split('\n').filter((l) => !/^\s*(\/\/|\/\*|\*|export function|})/.test(l));
    return body.sort((a, b) => b.length - a.length)[0]!.trim();
  });

let site: Site;
beforeAll(async () => {
  site = await startSite();
});
afterAll(async () => {
  await site?.stop();
});

describe('every page', () => {
  it.each(['', 'progress/', 'gguf/', 'no-such-page/'])('renders /%s without errors or off-origin requests', async (p) => {
    const { page, problems } = await site.open(p);
    await expect(page.locator('h1').first().innerText()).resolves.not.toBe('');
    expect(await page.locator('.skip-link').getAttribute('href')).toBe('#main');
    // The 404 page itself is answered with status 404; nothing else may fail.
    const expected404 = (x: string) => p === 'no-such-page/' && (x.includes('no-such-page') || /^console error: Failed to load resource: .*404/.test(x));
    expect(problems().filter((x) => !expected404(x))).toEqual([]);
    if (p === 'no-such-page/') expect(problems().filter((x) => x.startsWith('HTTP 404'))).toHaveLength(1);
    await page.context().close();
  });

  it.each(lessonSlugs)('lesson %s renders with no console errors and no request outside the origin', async (slug) => {
    const { page, problems } = await site.open(`lessons/${slug}/`);
    await expect(page.locator('article h1').innerText()).resolves.not.toBe('');
    expect(await page.locator(`[data-role="sidebar"] a[aria-current="page"]`).count()).toBe(1);
    // Scroll through the whole lesson so that every widget and exercise loads.
    const height = await page.evaluate(() => document.body.scrollHeight);
    for (let y = 0; y < height; y += 600) {
      await page.evaluate((top) => window.scrollTo(0, top), y);
      await page.waitForTimeout(60);
    }
    await page.waitForLoadState('networkidle');
    expect(problems()).toEqual([]);
    // Every widget and exercise on it is now loaded: they must meet WCAG 2.1 AA as the prose does.
    expect(await axeViolations(page)).toEqual([]);

    // The same page, every widget loaded, on a small phone: nothing makes the page scroll sideways,
    // and each table that does not fit scrolls in its own labelled, focusable box instead.
    await page.setViewportSize({ width: 360, height: 740 });
    await page.waitForTimeout(100);
    const wide = await page.evaluate(() => {
      const out: string[] = [];
      const root = document.documentElement;
      if (root.scrollWidth > root.clientWidth) out.push(`page is ${root.scrollWidth} px wide`);
      for (const t of document.querySelectorAll('article table')) {
        const box = t.closest('.table-scroll, .fw-scroll, .ml-scroll');
        if (!box && t.scrollWidth > (t.parentElement?.clientWidth ?? 0)) out.push(`table "${t.textContent!.trim().replace(/\s+/g, " ").slice(0, 40)}" overflows`);
        if (box?.classList.contains('table-scroll') && (box.getAttribute('tabindex') !== '0' || !box.getAttribute('aria-label'))) out.push('a table box is not a labelled, focusable region');
      }
      return out;
    });
    expect(wide).toEqual([]);

    // Still at 360 px, now in the dark theme (as the toggle sets it): the narrow layout and the dark
    // colours get the same audit, without loading the page and its widgets a second time.
    await page.evaluate(() => { document.documentElement.dataset.theme = 'dark'; });
    // Widgets fade their colours (a 120 ms transition): audit the colours they end on, not mid-fade.
    await page.evaluate(async () => {
      await new Promise((r) => requestAnimationFrame(r));
      const finite = document.getAnimations().filter((a) => a.effect?.getTiming().iterations !== Infinity);
      await Promise.all(finite.map((a) => a.finished.catch(() => {})));
    });
    expect(await axeViolations(page)).toEqual([]);
    await page.context().close();
  });
});

describe('a lesson page before the editor is requested', () => {
  it('loads no Monaco code or CSS and no solution, and its HTML holds no solution', async () => {
    const html = readFileSync(path.join(ROOT_BUILD.dir, 'lessons/fixture-workbench/index.html'), 'utf8');
    for (const snippet of solutionSnippets) expect(html).not.toContain(snippet);
    expect(html).not.toMatch(/monaco|codicon/i);

    // A short window keeps the exercise (at the bottom of the page) far from the viewport.
    const { page, context, requests, problems } = await site.open('lessons/fixture-workbench/', { viewport: { width: 1200, height: 300 } });
    await page.waitForLoadState('networkidle');
    const loaded = requests.map((u) => new URL(u).pathname);
    expect(loaded.filter((p) => /editor\.api|monaco|ts\.worker|editor\.worker|codicon|esbuild.*\.wasm|compile\.worker|panel\./.test(p))).toEqual([]);
    expect(await page.locator('style[data-monaco]').count()).toBe(0);
    expect(problems()).toEqual([]);
    await context.close();
  });

  it('shows the model solution only after the learner confirms, fetched on demand', async () => {
    const { page, requests, problems } = await site.open('lessons/fixture-workbench/');
    const section = page.locator('section.exercise[data-exercise-id="model-bytes"]');
    await section.scrollIntoViewIfNeeded();
    await page.waitForFunction(() => document.querySelector<HTMLElement>('section.exercise')?.dataset.ready === 'true', undefined, { timeout: HANG_MS });
    const before = requests.length;
    page.once('dialog', (d) => void d.dismiss());
    await section.locator('[data-action="solution"]').click();
    await page.waitForTimeout(300);
    expect(await section.locator('[data-role="solution"]').isVisible()).toBe(false);
    page.once('dialog', (d) => void d.accept());
    await section.locator('[data-action="solution"]').click();
    await section.locator('[data-role="solution"] pre').waitFor();
    expect((await section.locator('[data-role="solution"]').innerText()).replace(/\u00a0/g, ' ')).toContain('bitsPerWeight) / 8');
    expect(requests.slice(before).some((u) => /model-bytes/.test(u))).toBe(true);
    expect(problems()).toEqual([]);
    await page.context().close();
  });

  it('gives hints one at a time and resets to the starter undoably', async () => {
    const { page, problems } = await site.open('lessons/fixture-workbench/');
    const section = page.locator('section.exercise[data-exercise-id="model-bytes"]');
    await section.scrollIntoViewIfNeeded();
    await page.waitForFunction(() => document.querySelector<HTMLElement>('section.exercise')?.dataset.ready === 'true', undefined, { timeout: HANG_MS });
    const hint = section.locator('[data-action="hint"]');
    await hint.click();
    expect(await section.locator('[data-role="hints"] li').count()).toBe(1);
    await hint.click();
    expect(await section.locator('[data-role="hints"] li').count()).toBe(2);
    expect(await hint.isDisabled()).toBe(true);

    const lines = () => section.locator('.view-line').allTextContents().then((l) => l.join('\n').replace(/\u00a0/g, ' '));
    await section.locator('.view-lines').click();
    // Type only once the editor has the focus (on a loaded machine the click's focus can land late).
    await expect.poll(() => page.evaluate(() => document.activeElement?.closest('.monaco-editor') != null)).toBe(true);
    await page.keyboard.press('ControlOrMeta+End');
    await page.keyboard.type('\n// scratch note');
    await expect.poll(lines).toContain('// scratch note');
    await section.locator('[data-action="reset"]').click();
    await expect.poll(lines).not.toContain('// scratch note');
    await page.keyboard.press('ControlOrMeta+Z');
    await expect.poll(lines).toContain('// scratch note');
    expect(problems()).toEqual([]);
    await page.context().close();
  });
});
