/**
 * The class report in real Chromium: `quantcourse report` (the real command) on a synthetic class,
 * opened from a file. Its charts have text alternatives that agree with them, the student table
 * sorts (and reads without JavaScript), a student's markup stays text, nothing is fetched, axe finds
 * nothing in light or dark, and the charts survive print.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compactWireList } from '../../src/cli/json.ts';
import type { SubmissionResult } from '../../src/cli/reports/results.ts';
import { launchBrowser } from '../../tools/site-harness/browser.ts';
import { ROOT } from '../../tools/site-harness/build.ts';
import { axeViolations } from './axe.ts';

const INJECTED = '<script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2">';
const EXERCISES = ['int-bits', 'perplexity', 'quantize-symmetric'];
const STUDENTS = 12;

/** A class of 12 students × 3 exercises: passes, wrong hidden cases, a timeout, a crash, a student's markup. */
function syntheticClass(): SubmissionResult[] {
  const subs: SubmissionResult[] = [];
  for (let s = 0; s < STUDENTS; s++) {
    const student = s === 3 ? 'eve<b>bold</b>' : `student${String(s).padStart(2, '0')}`;
    EXERCISES.forEach((exercise, e) => {
      const base = { file: `class/${student}/${exercise}.ts`, student, exercise, durationMs: 5 };
      const total = 10;
      // Student s passes exercise e when (s + e) % 3 !== 0; otherwise fails s % 5 of the cases.
      if ((s + e) % 3 !== 0) return void subs.push({ ...base, status: 'passed', passed: total, total, message: 'All 10 cases passed.', cases: [] });
      if (s === 5 && e === 1) return void subs.push({ ...base, status: 'error', problem: 'timeout', passed: 0, total, message: 'Timed out after 2000 ms (an endless loop?)', cases: [], notRun: total });
      if (s === 7 && e === 2) return void subs.push({ ...base, status: 'error', problem: 'crash', passed: 0, total, message: 'The sandbox process crashed', cases: [], notRun: total });
      const failed = 1 + (s % 5);
      const cases = Array.from({ length: failed }, (_, k) => ({
        index: k, number: k + 1, visible: false, kind: k % 2 ? 'an all-zero block' : 'a block with an outlier', fn: 'f', passed: false,
        message: s === 3 && k === 0 ? `threw Error: ${INJECTED}` : `wrong result at values[${k + s}]`,
      }));
      subs.push({ ...base, status: 'failed', passed: total - failed, total, message: `${failed} of ${total} cases failed.`, cases });
    });
  }
  return subs;
}

let browser: Browser;
let dir: string;
let url: string;
const subs = syntheticClass();

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'quantcourse-report-'));
  const results = path.join(dir, 'results.json');
  writeFileSync(results, compactWireList({ seed: 'synthetic' }, 'submissions', subs));
  const report = path.join(dir, 'report.html');
  execFileSync(process.execPath, [path.join(ROOT, 'bin/quantcourse.mjs'), 'report', results, '-o', report], { stdio: 'pipe' });
  url = pathToFileURL(report).href;
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Open the report in a fresh page; every request the page makes is collected. */
async function open(options: Parameters<Browser['newContext']>[0] = {}): Promise<{ page: Page; requests: string[] }> {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  const requests: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  await page.goto(url);
  return { page, requests };
}

/** The cells of one column of the student table, in the order shown. */
const column = (page: Page, index: number) =>
  page.$$eval('#students tbody tr', (rows, i) => rows.map((r) => (r as HTMLTableRowElement).cells[i]!.textContent!.trim()), index);

describe('the class report', () => {
  it('fetches nothing but itself, and a student\'s markup stays text', async () => {
    const { page, requests } = await open();
    expect(requests).toEqual([url]);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    // One script (the sorter), no image, no <b>: everything the student wrote is in text nodes.
    expect(await page.locator('script').count()).toBe(1);
    expect(await page.locator('img, b').count()).toBe(0);
    await expect.poll(() => page.locator('#failures').textContent()).toContain(`threw Error: ${INJECTED}`);
    expect(await column(page, 0)).toContain('eve<b>bold</b>');
    await page.context().close();
  });

  it('draws both charts with a title, a description and a table that agree with the bars', async () => {
    const { page } = await open();
    const charts = page.locator('svg[role="img"]');
    expect(await charts.count()).toBe(2);
    for (const chart of await charts.all()) {
      const [title, desc] = (await chart.getAttribute('aria-labelledby'))!.split(' ');
      expect((await page.locator(`#${title}`).textContent())!.length).toBeGreaterThan(5);
      expect((await page.locator(`#${desc}`).textContent())!.length).toBeGreaterThan(20);
    }
    // Score bands: the table's counts equal the bars' and add up to the class.
    const bandCounts = (await page.$$eval('#scores tbody tr td:last-child', (tds) => tds.map((t) => Number(t.textContent)))) as number[];
    expect(bandCounts.reduce((a, b) => a + b, 0)).toBe(STUDENTS);
    const barTitles = await page.$$eval('#scores-chart rect.bar title', (ts) => ts.map((t) => Number(t.textContent!.split(': ')[1])));
    expect(barTitles).toEqual(bandCounts);
    // Pass rate: each exercise's passed count, as the synthetic class made it.
    for (const exercise of EXERCISES) {
      const passed = subs.filter((s) => s.exercise === exercise && s.status === 'passed').length;
      expect(await page.locator('#pass-chart rect.bar title').filter({ hasText: `${exercise}:` }).textContent()).toContain(`(${passed} of ${STUDENTS})`);
    }
    // The hidden-case kinds and the crash and the timeout are named.
    expect(await page.locator('#failures').textContent()).toContain('a block with an outlier');
    const incidents = await page.locator('#incidents tbody').textContent();
    expect(incidents).toContain('timeout');
    expect(incidents).toContain('crash');
    await page.context().close();
  });

  it('sorts the student table by a column, both ways, and reads without JavaScript', async () => {
    const { page } = await open();
    const byScore = page.locator('#students th button', { hasText: 'score (%)' });
    await byScore.click();
    const up = (await column(page, 1)).map(Number);
    expect(up).toEqual([...up].sort((a, b) => a - b));
    expect(new Set(up).size).toBeGreaterThan(1);
    expect(await page.locator('#students th[aria-sort="ascending"]').textContent()).toContain('score');
    await byScore.click();
    const down = (await column(page, 1)).map(Number);
    expect(down).toEqual([...up].reverse());
    await page.locator('#students th button', { hasText: 'student' }).click();
    const names = await column(page, 0);
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b)));
    await page.context().close();

    const plain = await open({ javaScriptEnabled: false });
    expect(await plain.page.locator('#students th button').count()).toBe(0);
    expect(await column(plain.page, 0)).toHaveLength(STUDENTS);
    await plain.page.context().close();
  });

  it('passes axe in light and dark, with bars that contrast with the page, and keeps its charts in print', async () => {
    for (const colorScheme of ['light', 'dark'] as const) {
      // axe is injected as a script: the report's own policy would (rightly) refuse it.
      const { page } = await open({ colorScheme, bypassCSP: true });
      expect(await axeViolations(page)).toEqual([]);
      const ratio = await page.evaluate(() => {
        const rgb = (c: string) => c.match(/\d+(\.\d+)?/g)!.slice(0, 3).map(Number);
        const lum = (c: string) => {
          const [r, g, b] = rgb(c).map((v) => { const x = v / 255; return x <= 0.03928 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4; });
          return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
        };
        const bar = lum(getComputedStyle(document.querySelector('#pass-chart rect.bar')!).fill);
        const bg = lum(getComputedStyle(document.body).backgroundColor);
        return (Math.max(bar, bg) + 0.05) / (Math.min(bar, bg) + 0.05);
      });
      expect(ratio).toBeGreaterThanOrEqual(3); // WCAG 1.4.11: graphics against their background
      await page.emulateMedia({ media: 'print' });
      for (const id of ['#scores-chart', '#pass-chart']) expect((await page.locator(id).boundingBox())?.height ?? 0).toBeGreaterThan(50);
      await page.context().close();
    }
  });
});
