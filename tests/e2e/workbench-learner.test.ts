/**
 * The workbench as a learner lives in it (issue 20): Escape closes the editor's own popups before it
 * leaves the editor, a Run shows that it is running and announces its verdict once, examples can be
 * seen whole and are never cut inside a value, numbers never break mid-digit on a phone, the lab's
 * table fits its column, two key presses reach the exercise, and axe finds no empty header or twin
 * landmark labels.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../../tools/site-harness/build.ts';
import { HANG_MS, startSite, type Site } from '../../tools/site-harness/site.ts';
import { editorText, exercise, openEditor, replaceCode, run } from './workbench.ts';

const LESSON = 'lessons/fixture-workbench/';
const ID = 'model-bytes';
const solution = readFileSync(path.join(ROOT, 'solutions', `${ID}.ts`), 'utf8');

let site: Site;
beforeAll(async () => {
  site = await startSite();
});
afterAll(async () => {
  await site?.stop();
});

/** Waits for the suggestion list to be open: it opens on ".", or on Ctrl+Space once the language service is up. */
async function showSuggestions(page: Page, section: Locator): Promise<Locator> {
  const suggest = section.locator('.suggest-widget.visible');
  await expect.poll(async () => {
    if (await suggest.isVisible()) return true;
    await page.keyboard.press('Control+Space');
    return suggest.isVisible();
  }, { timeout: HANG_MS, interval: 1000 }).toBe(true);
  return suggest;
}

const editorHasFocus = (page: Page) => page.evaluate(() => document.activeElement?.closest('.monaco-editor') != null);

describe('Escape in the editor', () => {
  it('closes the suggestion list first, then leaves the editor without inserting a suggestion', async () => {
    const { page, problems } = await site.open(LESSON);
    const warnings: string[] = [];
    page.on('console', (m) => void (m.type() === 'warning' && warnings.push(m.text())));
    const section = await openEditor(page, ID);
    await section.locator('.monaco-editor .view-lines').click();
    await page.keyboard.press('ControlOrMeta+End');
    await page.keyboard.press('Enter');
    await page.keyboard.type('const z = Math.', { delay: 20 });
    const suggest = await showSuggestions(page, section);

    await page.keyboard.press('Escape');
    await expect.poll(() => suggest.isVisible(), { timeout: HANG_MS }).toBe(false);
    expect(await editorHasFocus(page)).toBe(true);

    await page.keyboard.press('Escape');
    await page.keyboard.press('Tab');
    expect(await editorHasFocus(page)).toBe(false);
    expect(await editorText(page, ID)).toMatch(/const z = Math\.\s*$/m);
    expect(warnings.filter((w) => /did IGNORE invalid completion item/.test(w))).toEqual([]);
    expect(problems()).toEqual([]);
    await page.context().close();
  });
});

/** Whether the focus is in the editor's text itself (not in its find box, not outside). */
const editorTextHasFocus = (page: Page) => page.evaluate(() => {
  const a = document.activeElement;
  return a?.closest('.monaco-editor') != null && a.closest('.find-widget') == null;
});

describe('Escape in the editor, beyond suggestions', () => {
  it('closes the find box first and returns to the code, then leaves the editor', async () => {
    const { page, problems } = await site.open(LESSON);
    const section = await openEditor(page, ID);
    await section.locator('.monaco-editor .view-lines').click();
    await page.keyboard.press('ControlOrMeta+End');
    await page.keyboard.press('ControlOrMeta+F');
    const find = section.locator('.find-widget.visible');
    await find.waitFor({ state: 'visible', timeout: HANG_MS });
    await page.keyboard.press('Escape');
    await expect.poll(() => find.isVisible(), { timeout: HANG_MS }).toBe(false);
    expect(await editorTextHasFocus(page)).toBe(true);
    await page.keyboard.press('Escape');
    await page.keyboard.press('Tab');
    expect(await editorHasFocus(page)).toBe(false);
    expect(problems()).toEqual([]);
    await page.context().close();
  });
});

describe('typing by keyboard', () => {
  it('logs no "[suggest] did IGNORE invalid completion item" (TypeScript offered nameless completions)', async () => {
    const { page, problems } = await site.open(LESSON);
    const warnings: string[] = [];
    page.on('console', (m) => void (m.type() === 'warning' && warnings.push(m.text())));
    const section = await openEditor(page, ID);
    await section.locator('.monaco-editor .view-lines').click();
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.press('Delete');
    // Typed as a learner types it, suggestions popping up as it goes (closing brackets come from the editor).
    const typed = 'const f = Math.fround;\nfunction symmetric(values: number[], bits: number {\nconst qmax = 2 ** (bits - 1 - 1;\nconst maxAbs = Math.max(...values.map(Math.abs;\nif (maxAbs === 0 return { values: values.map(( => 0, scale: 0, zero: 0 ;\n';
    await page.keyboard.type(typed, { delay: 15 });
    // On a loaded machine the TypeScript worker may start after the typing is over: ask for the list
    // once more, so its completions are known to have arrived before the log is read.
    await page.keyboard.type('Math.', { delay: 15 });
    await showSuggestions(page, section);
    await page.keyboard.press('Escape');
    await page.waitForTimeout(2000);
    expect(warnings.filter((w) => /did IGNORE invalid completion item/.test(w))).toEqual([]);
    expect(problems()).toEqual([]);
    await page.context().close();
  });
});

describe('a Run in progress', () => {
  it('is shown while it runs, marks the previous verdict stale, and announces the new one once', async () => {
    const { page, problems } = await site.open(LESSON);
    const section = await openEditor(page, ID);
    await replaceCode(page, ID, solution);
    expect((await run(page, ID)).status).toBe('passed');

    // Record, from before the second Run to its end, every text of the status line and whether the
    // results were marked busy while the old verdict was on screen.
    await section.evaluate((s) => {
      const status = s.querySelector('[data-role="run-status"]')!;
      const results = s.querySelector<HTMLElement>('[data-role="results"]')!;
      const log: string[] = [];
      (window as unknown as { runLog: string[] }).runLog = log;
      new MutationObserver(() => {
        const text = status.textContent ?? '';
        if (log.at(-1) !== text) log.push(text);
        if (results.getAttribute('aria-busy') === 'true' && results.querySelector('[data-status]')) log.push('stale verdict shown');
      }).observe(s, { subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: ['aria-busy'] });
    });
    const second = await run(page, ID);
    expect(second.status).toBe('passed');
    const log = await page.evaluate(() => (window as unknown as { runLog: string[] }).runLog);
    const texts = log.filter((t) => t !== 'stale verdict shown');
    expect(texts[0]).toMatch(/^Running your code \(run 2\)/);
    expect(log).toContain('stale verdict shown');
    expect(texts.at(-1)).toMatch(/^Run 2\. Passed: All \d+ cases passed\.$/);
    // The live region is the one-line status; the results table is not read out as it is rebuilt.
    expect(texts.filter((t) => t.startsWith('Run 2.'))).toHaveLength(1);
    expect(await section.locator('[data-role="run-status"]').getAttribute('role')).toBe('status');
    expect(await section.locator('[data-role="results"]').getAttribute('aria-live')).toBeNull();
    expect(await section.locator('[data-role="results"]').getAttribute('aria-busy')).toBeNull();
    expect(problems()).toEqual([]);
    await page.context().close();
  });
});

/** Every example cell of the page's exercises: its short text and, when there is one, its full view. */
async function exampleCells(page: Page): Promise<{ short: string; full: string | null }[]> {
  return page.locator('.exercise-examples td').evaluateAll((tds) => tds.map((td) => ({
    short: td.querySelector(':scope > code')?.textContent ?? '',
    full: td.querySelector('.full-value pre')?.textContent ?? null,
  })));
}

const balanced = (s: string) => {
  let depth = 0;
  for (const ch of s) {
    if ('[{('.includes(ch)) depth++;
    if (']})'.includes(ch)) depth--;
    if (depth < 0) return false;
  }
  return depth === 0;
};

describe('examples', () => {
  it('are cut only between elements, keep every field of an object, and can be seen whole', async () => {
    for (const lesson of ['lessons/floats/', 'lessons/outliers-and-blocks/', 'lessons/symmetric-quantization/', 'lessons/lab/']) {
      const { page, problems } = await site.open(lesson);
      const cells = await exampleCells(page);
      expect(cells.length, lesson).toBeGreaterThan(0);
      for (const c of cells) {
        expect(balanced(c.short), `${lesson}: ${c.short}`).toBe(true);
        // An elision says how much it left out, and the full view leaves nothing out.
        expect(c.short.replace(/… \d+ more/g, ''), lesson).not.toContain('…');
        if (c.short.includes('… ')) expect(c.full, `${lesson}: ${c.short}`).not.toBeNull();
        if (c.full !== null) {
          expect(c.full).not.toContain('…');
          expect(balanced(c.full)).toBe(true);
        }
      }
      if (lesson === 'lessons/floats/') {
        // decode-float's format argument keeps its bias and its rule for specials.
        expect(cells.some((c) => /bias: -?\d+/.test(c.short) && /specials: "/.test(c.short))).toBe(true);
      }
      expect(problems()).toEqual([]);
      await page.context().close();
    }
  });

  it('never break a number across lines on a 360 px phone', async () => {
    for (const lesson of ['lessons/floats/', 'lessons/real-formats/', 'lessons/perplexity/', 'lessons/outliers-and-blocks/', 'lessons/lab/']) {
      const { page } = await site.open(lesson, { viewport: { width: 360, height: 740 } });
      const broken = await page.evaluate(() => {
        const out: string[] = [];
        const nodes: Text[] = [];
        for (const code of document.querySelectorAll('.exercise-examples td > code')) {
          const walk = document.createTreeWalker(code, NodeFilter.SHOW_TEXT);
          for (let n = walk.nextNode(); n; n = walk.nextNode()) nodes.push(n as Text);
        }
        for (const node of nodes) {
          const text = node.textContent ?? '';
          for (const m of text.matchAll(/-?\d[\d.e+-]*/g)) {
            const range = document.createRange();
            range.setStart(node, m.index!);
            range.setEnd(node, m.index! + m[0].length);
            // One line: every box of the number starts within half a line of the first (a fallback font may shift one by a pixel).
            const rects = [...range.getClientRects()].filter((r) => r.width > 0);
            const tops = rects.map((r) => r.top);
            if (rects.length && Math.max(...tops) - Math.min(...tops) > rects[0]!.height / 2) out.push(m[0]);
          }
        }
        return out;
      });
      expect(broken, lesson).toEqual([]);
      await page.context().close();
    }
  });
});

describe('the lab table', () => {
  it('fits its column: every figure visible without scrolling, the sample on a row below its variant', async () => {
    const { page, problems } = await site.open('lessons/lab/', { viewport: { width: 1280, height: 900 } });
    const lab = page.locator('figure[data-widget="model-lab"]');
    await lab.scrollIntoViewIfNeeded();
    await page.waitForFunction(() => document.querySelector('figure[data-widget="model-lab"] [data-role="results"] tr[data-label]') !== null, null, { timeout: HANG_MS });
    const fit = await lab.locator('.ml-scroll').evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth }));
    expect(fit.scroll).toBeLessThanOrEqual(fit.client + 1);
    const below = await lab.locator('[data-role="results"] tr[data-label]').first().evaluate((tr) => tr.nextElementSibling?.querySelector('.ml-sample q')?.textContent ?? '');
    expect(below.length).toBeGreaterThan(10);
    expect(problems()).toEqual([]);
    await page.context().close();
  });

  it('on a 360 px phone: each sample wraps to the visible width and stays in view as the figures scroll', async () => {
    const { page, problems } = await site.open('lessons/lab/', { viewport: { width: 360, height: 740 } });
    const lab = page.locator('figure[data-widget="model-lab"]');
    await lab.scrollIntoViewIfNeeded();
    await page.waitForFunction(() => document.querySelector('figure[data-widget="model-lab"] [data-role="results"] tr[data-label]') !== null, null, { timeout: HANG_MS });
    const box = lab.locator('[data-role="results"]').locator('xpath=..');
    /** Samples whose text reaches past the left or right edge of the scrolling box, as it is scrolled now. */
    const outside = () => box.evaluate((scroll) => {
      const edge = scroll.getBoundingClientRect();
      return [...scroll.querySelectorAll('.ml-sample-text')].map((t) => t.getBoundingClientRect())
        .filter((r) => r.left < edge.left - 1 || r.right > edge.right + 1).map((r) => `${r.left}..${r.right} outside ${edge.left}..${edge.right}`);
    });
    expect(await box.locator('.ml-sample-text q').count()).toBeGreaterThan(0);
    expect(await outside()).toEqual([]);
    await box.evaluate((scroll) => scroll.scrollTo({ left: scroll.scrollWidth }));
    expect(await outside()).toEqual([]);
    expect(problems()).toEqual([]);
    await page.context().close();
  });
});

describe('the keyboard path', () => {
  it('reaches the editor from the top of a lesson in a few key presses, and leads back to the lesson', async () => {
    const { page, problems } = await site.open('lessons/why-models-are-big/');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent?.trim())).toBe('Skip to content');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent?.trim())).toBe('Skip to the exercise');
    await page.keyboard.press('Enter');
    const section = exercise(page, ID);
    // The editor loads as its exercise comes into view; the path is the same with or without it.
    await page.waitForFunction((sel) => document.querySelector<HTMLElement>(sel)?.dataset.ready === 'true', `section.exercise[data-exercise-id="${ID}"]`, { timeout: HANG_MS });
    let presses = 0;
    while (!(await editorHasFocus(page)) && presses < 10) {
      await page.keyboard.press('Tab');
      presses++;
    }
    expect(await editorHasFocus(page)).toBe(true);
    expect(presses).toBeLessThanOrEqual(4);
    const back = section.locator('.exercise-back a');
    expect(await back.getAttribute('href')).toBe('#main');
    // Following it puts the learner back at the lesson's start: the next Tab lands in the lesson, before the exercise.
    await back.focus();
    await page.keyboard.press('Enter');
    await page.keyboard.press('Tab');
    expect(await section.evaluate((s) => {
      const a = document.activeElement;
      return a?.closest('#main') != null && Boolean(a.compareDocumentPosition(s) & Node.DOCUMENT_POSITION_FOLLOWING);
    })).toBe(true);
    expect(problems()).toEqual([]);
    await page.context().close();
  });
});

const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

/** axe's best-practice rules that the WCAG run of tests/e2e/axe.ts leaves out. */
async function axeRules(page: Page, rules: string[]): Promise<string[]> {
  await page.addScriptTag({ path: axePath });
  return page.evaluate(async (values) => {
    const axe = (window as unknown as { axe: { run(ctx: unknown, opts: unknown): Promise<{ violations: { id: string; nodes: { target: unknown[] }[] }[] }> } }).axe;
    const r = await axe.run(document, { runOnly: { type: 'rule', values }, resultTypes: ['violations'] });
    return r.violations.flatMap((v) => v.nodes.map((n) => `${v.id} at ${JSON.stringify(n.target)}`));
  }, rules);
}

describe('axe', () => {
  it('finds no empty table header in the results and no two landmarks sharing a label, on an exercise page and the lab', async () => {
    const { page, problems } = await site.open(LESSON);
    await openEditor(page, ID);
    await replaceCode(page, ID, solution.replace('(params * bitsPerWeight) / 8', 'params * bitsPerWeight'));
    expect((await run(page, ID)).status).toBe('failed');
    expect(await axeRules(page, ['empty-table-header', 'landmark-unique'])).toEqual([]);
    await page.context().close();

    const lab = await site.open('lessons/lab/');
    await lab.page.locator('figure[data-widget="model-lab"]').scrollIntoViewIfNeeded();
    await lab.page.waitForFunction(() => document.querySelector('figure[data-widget="model-lab"] [data-role="results"] tr[data-label]') !== null, null, { timeout: HANG_MS });
    expect(await axeRules(lab.page, ['empty-table-header', 'landmark-unique'])).toEqual([]);
    expect([...problems(), ...lab.problems()]).toEqual([]);
    await lab.page.context().close();
  });

  // Every lesson's own tables too: no empty header, no two tables named alike.
  it.each(readdirSync(path.join(ROOT, 'lessons')).filter((n) => n.endsWith('.mdx')).map((n) => n.replace(/\.mdx$/, '')))('finds none in the tables of lessons/%s', async (slug) => {
    const { page } = await site.open(`lessons/${slug}/`);
    expect(await axeRules(page, ['empty-table-header', 'landmark-unique'])).toEqual([]);
    await page.context().close();
  });
});
