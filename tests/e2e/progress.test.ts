/**
 * Progress that is never lost: export then import into a fresh browser profile, a bad import
 * file refused with a reason, recovery from corrupted storage without a broken page, and one
 * unreadable entry set aside alone and imported back once fixed.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../../tools/site-harness/build.ts';
import { startSite, type Site } from '../../tools/site-harness/site.ts';
import { editorText, openEditor, replaceCode, run } from './workbench.ts';

const ID = 'model-bytes';
const LESSON = 'lessons/fixture-workbench/';
const solution = readFileSync(path.join(ROOT, 'solutions', `${ID}.ts`), 'utf8');
const STORAGE_KEY = 'quantcourse:v1';

let site: Site;
beforeAll(async () => {
  site = await startSite();
});
afterAll(async () => {
  await site?.stop();
});

describe('progress', () => {
  it('exports to a file that restores code and marks in a fresh browser profile', async () => {
    const first = await site.open(LESSON);
    await openEditor(first.page, ID);
    await replaceCode(first.page, ID, `// exported attempt\n${solution}`);
    expect((await run(first.page, ID)).status).toBe('passed');

    const progress = await first.context.newPage();
    await progress.goto(site.url('progress/'));
    const [download] = await Promise.all([progress.waitForEvent('download'), progress.click('[data-action="export"]')]);
    expect(download.suggestedFilename()).toMatch(/^quantcourse-progress-\d{4}-\d{2}-\d{2}\.json$/);
    // Saved outside the context: its downloads are deleted when it closes.
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'qc-export-')), download.suggestedFilename());
    await download.saveAs(file);
    const exported = JSON.parse(readFileSync(file, 'utf8'));
    expect(exported.format).toBe('quantcourse-progress');
    expect(exported.state.exercises[ID].passedAt).toEqual(expect.any(String));
    await first.context.close();

    // A new profile has nothing, until the file is imported.
    const second = await site.open('progress/');
    const row = second.page.locator('tr[data-lesson="fixture-workbench"]');
    await expect(row.getAttribute('data-finished')).resolves.toBeNull();
    await second.page.setInputFiles('[data-role="import-file"]', file);
    await second.page.click('.import-form button[type="submit"]');
    const result = second.page.locator('[data-role="import-result"] [data-status]');
    await expect(result.getAttribute('data-status')).resolves.toBe('ok');
    await expect(row.getAttribute('data-finished')).resolves.toBe('');
    expect(await row.locator('[data-role="exercise-count"]').innerText()).toBe('1 of 1');

    await second.page.goto(site.url(LESSON));
    await expect(second.page.locator('[data-role="sidebar"] li[data-lesson="fixture-workbench"]').getAttribute('data-finished')).resolves.toBe('');
    await openEditor(second.page, ID);
    expect(await editorText(second.page, ID)).toContain('// exported attempt');
    expect(second.problems()).toEqual([]);
    await second.context.close();
  });

  it('refuses a file that is not a progress export, saying why, and changes nothing', async () => {
    const { page, context, problems } = await site.open('progress/');
    await page.evaluate((key) => localStorage.setItem(key, JSON.stringify({ version: 1, exercises: { keep: { code: 'mine', updatedAt: '2026-01-01T00:00:00Z' } } })), STORAGE_KEY);
    const tries: [string, RegExp][] = [
      ['{"hello": "world"}', /not a progress export/],
      ['this is not json', /not JSON/],
      ['{"format":"quantcourse-progress","state":{"version":99,"exercises":{}}}', /newer version/],
    ];
    for (const [text, reason] of tries) {
      await page.setInputFiles('[data-role="import-file"]', { name: 'progress.json', mimeType: 'application/json', buffer: Buffer.from(text) });
      await page.click('.import-form button[type="submit"]');
      const box = page.locator('[data-role="import-result"] [data-status="error"]');
      await expect.poll(() => box.innerText().catch(() => '')).toMatch(reason);
      expect(await box.innerText()).toMatch(/^Nothing was imported/);
    }
    const kept = await page.evaluate((key) => JSON.parse(localStorage.getItem(key)!), STORAGE_KEY);
    expect(kept.exercises.keep.code).toBe('mine');
    expect(problems()).toEqual([]);
    await context.close();
  });

  it('recovers from corrupted storage: explains, offers the unreadable text, starts fresh', async () => {
    const context = await site.newContext();
    const broken = '{"version":1,"exercises":{"model-bytes":{"code":"half a fi';
    await context.addInitScript(
      ([key, text]) => {
        // Only once, and only in the page itself (a sandboxed frame may not touch storage at all):
        // the page must be able to write a fresh state afterwards.
        if (window === window.top && !sessionStorage.getItem('seeded')) {
          localStorage.setItem(key!, text!);
          sessionStorage.setItem('seeded', '1');
        }
      },
      [STORAGE_KEY, broken],
    );
    const { page, problems } = await site.open(LESSON, { context });
    const banner = page.locator('[data-role="recovery"]');
    await banner.waitFor({ state: 'visible' });
    expect(await banner.innerText()).toMatch(/could not be read.*not valid JSON/s);
    // The page still works: the lesson is there and the editor opens on the starter.
    await expect(page.locator('article h1').innerText()).resolves.toContain('Fixture');

    const [download] = await Promise.all([page.waitForEvent('download'), banner.locator('[data-action="download-unreadable"]').click()]);
    expect(readFileSync(await download.path(), 'utf8')).toBe(broken);

    await banner.locator('[data-action="start-fresh"]').click();
    await banner.waitFor({ state: 'hidden' });
    await openEditor(page, ID);
    await replaceCode(page, ID, solution);
    expect((await run(page, ID)).status).toBe('passed');
    await page.reload({ waitUntil: 'load' });
    expect(await page.locator('[data-role="recovery"]').isHidden()).toBe(true);
    await expect(page.locator('[data-role="sidebar"] li[data-lesson="fixture-workbench"]').getAttribute('data-finished')).resolves.toBe('');
    expect(problems()).toEqual([]);
    await context.close();
  });

  it('sets aside only an unreadable entry: keeps the rest, offers it as a file that imports back once fixed', async () => {
    const context = await site.newContext();
    const saved = JSON.stringify({
      version: 1,
      exercises: {
        [ID]: { code: `// kept\n${solution}`, passedAt: '2026-01-01T00:00:00Z', updatedAt: '2026-01-01T00:00:00Z' },
        'quantize-symmetric': { code: 42, updatedAt: '2026-01-02T00:00:00Z' },
      },
    });
    await context.addInitScript(
      ([key, text]) => {
        if (window === window.top && !sessionStorage.getItem('seeded')) {
          localStorage.setItem(key!, text!);
          sessionStorage.setItem('seeded', '1');
        }
      },
      [STORAGE_KEY, saved],
    );
    const { page, problems } = await site.open(LESSON, { context });
    const banner = page.locator('[data-role="recovery"]');
    await banner.waitFor({ state: 'visible' });
    expect(await banner.innerText()).toMatch(/One entry .*could not be read \(the code saved for "quantize-symmetric" is not text\); everything else was kept/s);
    // The readable exercise is untouched: still passed, its code in the editor.
    await expect(page.locator('[data-role="sidebar"] li[data-lesson="fixture-workbench"]').getAttribute('data-finished')).resolves.toBe('');
    await openEditor(page, ID);
    expect(await editorText(page, ID)).toContain('// kept');

    const [download] = await Promise.all([page.waitForEvent('download'), banner.locator('[data-action="download-unreadable"]').click()]);
    expect(download.suggestedFilename()).toMatch(/^quantcourse-set-aside-\d{4}-\d{2}-\d{2}\.json$/);
    const setAside = JSON.parse(readFileSync(await download.path(), 'utf8'));
    expect(setAside.state.exercises).toEqual({ 'quantize-symmetric': { code: 42, updatedAt: '2026-01-02T00:00:00Z' } });

    // Fixed by hand, then imported on the progress page (merged with what is there).
    setAside.state.exercises['quantize-symmetric'].code = '// fixed by hand';
    const fixed = path.join(mkdtempSync(path.join(tmpdir(), 'qc-set-aside-')), download.suggestedFilename());
    writeFileSync(fixed, JSON.stringify(setAside));
    await page.goto(site.url('progress/'));
    await page.setInputFiles('[data-role="import-file"]', fixed);
    await page.click('.import-form button[type="submit"]');
    const result = page.locator('[data-role="import-result"] [data-status]');
    await expect.poll(() => result.getAttribute('data-status').catch(() => null)).toBe('ok');
    const kept = await page.evaluate((key) => JSON.parse(localStorage.getItem(key)!), STORAGE_KEY);
    expect(kept.exercises['quantize-symmetric'].code).toBe('// fixed by hand');
    expect(kept.exercises[ID].code).toContain('// kept');

    // Discarding the set-aside copy leaves the progress alone.
    const pageBanner = page.locator('[data-role="recovery"]');
    await pageBanner.locator('[data-action="start-fresh"]').click();
    await pageBanner.waitFor({ state: 'hidden' });
    expect(Object.keys(await page.evaluate((key) => JSON.parse(localStorage.getItem(key)!).exercises, STORAGE_KEY)).sort()).toEqual([ID, 'quantize-symmetric']);
    expect(problems()).toEqual([]);
    await context.close();
  });
});
