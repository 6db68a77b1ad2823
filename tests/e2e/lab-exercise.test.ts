/**
 * The lab's exercise (lab-quantizer) on the lab page: the model solution pasted into the editor
 * passes every case and every model-level setting and marks the lab finished in the sidebar; the
 * starter fails them all. Also: on a 360 px phone, the lab's scheme dropdown and the controls
 * each choice reveals stay inside the page (without the lab's min-width rules the dropdown alone
 * makes the page 865 px wide).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QUANTIZER_CHECK_SETTINGS } from '../../exercises/lab-quantizer/settings.ts';
import { STORAGE_KEY } from '../../src/progress/store.ts';
import { ROOT } from '../../tools/site-harness/build.ts';
import { HANG_MS, startSite, type Site } from '../../tools/site-harness/site.ts';
import { exercise, openEditor, replaceCode, run } from './workbench.ts';

const ID = 'lab-quantizer';
const LESSON = 'lessons/lab/';
const solution = readFileSync(path.join(ROOT, 'solutions', `${ID}.ts`), 'utf8');
const starter = readFileSync(path.join(ROOT, 'exercises', ID, 'starter.ts'), 'utf8');
const sidebarItem = '[data-role="sidebar"] li[data-lesson="lab"]';

let site: Site;
beforeAll(async () => {
  site = await startSite();
});
afterAll(async () => {
  await site?.stop();
});

describe('exercise lab-quantizer on the lab page', () => {
  it('passes with the model solution, the model-level settings included, and marks the lab finished', async () => {
    const { page, problems } = await site.open(LESSON, { viewport: { width: 1200, height: 900 } });
    await expect(page.locator(sidebarItem).getAttribute('data-finished')).resolves.toBeNull();
    await openEditor(page, ID);
    await replaceCode(page, ID, solution);
    const result = await run(page, ID);
    expect(result.status, result.text).toBe('passed');
    // 40 hidden rows and one result per model-level setting.
    expect(await exercise(page, ID).locator('[data-role="hidden-summary"]').innerText()).toBe(`Hidden cases: ${40 + QUANTIZER_CHECK_SETTINGS.length} of ${40 + QUANTIZER_CHECK_SETTINGS.length} passed.`);
    expect(await exercise(page, ID).locator('[data-role="status-badge"]').innerText()).toMatch(/passed/);
    await expect(page.locator(sidebarItem).getAttribute('data-finished')).resolves.toBe('');
    const saved = await page.evaluate((key) => JSON.parse(localStorage.getItem(key) ?? '{}'), STORAGE_KEY) as { exercises: Record<string, { passedAt?: string }> };
    expect(saved.exercises[ID]?.passedAt).toEqual(expect.any(String));
    expect(problems()).toEqual([]);
    await page.context().close();
  });

  it('fails with the starter, on every case and every model-level setting, measuring its model in workers, and leaves the lab unfinished', async () => {
    const { page, problems } = await site.open(LESSON, { viewport: { width: 1200, height: 900 } });
    await openEditor(page, ID);
    await replaceCode(page, ID, starter);
    // The starter's blocks differ from the course's, so its model must be run: in evaluation workers, not on the page's thread.
    const evalWorkers: string[] = [];
    page.on('worker', (w) => {
      if (/eval\.worker/.test(w.url())) evalWorkers.push(w.url());
    });
    const result = await run(page, ID);
    expect(result.status, result.text).toBe('failed');
    expect(result.text).toMatch(/Not yet/);
    expect(evalWorkers.length).toBeGreaterThan(0);
    const total = 40 + QUANTIZER_CHECK_SETTINGS.length;
    expect(await exercise(page, ID).locator('[data-role="hidden-summary"]').innerText()).toMatch(new RegExp(`^Hidden cases: 0 of ${total} passed\\.`));
    await expect(page.locator(sidebarItem).getAttribute('data-finished')).resolves.toBeNull();
    expect(problems()).toEqual([]);
    await page.context().close();
  });
});

describe('the lab on a 360 px phone', () => {
  it('keeps the scheme dropdown, and the controls each scheme reveals, inside the page', async () => {
    const { page, problems } = await site.open(LESSON, { viewport: { width: 360, height: 740 } });
    const select = page.locator('figure[data-widget="model-lab"] [data-role="scheme"]');
    await page.locator('figure[data-widget="model-lab"]').scrollIntoViewIfNeeded();
    await select.waitFor({ state: 'visible', timeout: HANG_MS });
    const values = await select.evaluate((s) => [...(s as HTMLSelectElement).options].map((o) => o.value));
    expect(values).toEqual(expect.arrayContaining(['custom', 'learner']));
    for (const value of values) {
      await select.selectOption(value);
      const outside = await page.evaluate(() => {
        const width = document.documentElement.clientWidth;
        const out: string[] = [];
        if (document.documentElement.scrollWidth > width) out.push(`page is ${document.documentElement.scrollWidth} px wide`);
        // Tables scroll in their own boxes; every other control must end inside the page.
        for (const e of document.querySelectorAll<HTMLElement>('figure[data-widget="model-lab"] :is(select, input, label, button)')) {
          if (e.closest('.ml-scroll') || e.offsetParent === null) continue;
          const r = e.getBoundingClientRect();
          if (r.right > width + 0.5) out.push(`${e.tagName.toLowerCase()}[${e.dataset.role ?? e.textContent?.slice(0, 20)}] ends at ${r.right.toFixed(0)} px`);
        }
        return out;
      });
      expect(outside, `scheme ${value}`).toEqual([]);
    }
    expect(problems()).toEqual([]);
    await page.context().close();
  });
});
