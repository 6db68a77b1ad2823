/**
 * The lab in the real built site (lessons/lab.mdx mounts the model-lab widget): the course model
 * loads, the essay's table fills with the essay's shape, the learner's own quantizeBlocks (saved in
 * localStorage as the exercise saves it) runs in the sandbox and adds a row and passes or fails the
 * lab's check, hostile code is stopped with a clear message, the page keeps painting frames while
 * the workers evaluate, and the per-matrix map and bit budget work. Lesson 4's parameter histogram
 * draws the model's real weights. Screenshots go to $QUANTCOURSE_LAB_SHOTS (default /tmp).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QUANTIZER_CHECK_SETTINGS } from '../../exercises/lab-quantizer/settings.ts';
import { f32ToF16Bits } from '../../src/core/floats/half.ts';
import { bytesSource, plainValue, readGguf } from '../../src/core/gguf/index.ts';
import { exportGguf, exportSourceOf } from '../../src/core/model/gguf-export.ts';
import { readCourseModel } from '../../src/lab/node-model.ts';
import { STORAGE_KEY } from '../../src/progress/store.ts';
import { ROOT } from '../../tools/site-harness/build.ts';
import { HANG_MS, startSite, type OpenedPage, type Site } from '../../tools/site-harness/site.ts';

const SHOTS = process.env.QUANTCOURSE_LAB_SHOTS || '/tmp';
const SOLUTION = readFileSync(path.join(ROOT, 'solutions/quantize-blocks.ts'), 'utf8');
const manifest = JSON.parse(readFileSync(path.join(ROOT, 'public/model/manifest.json'), 'utf8')) as { parameters: number; evaluation: { heldoutSlice: { perplexity: number } } };

let site: Site;
beforeAll(async () => {
  site = await startSite();
});
afterAll(async () => {
  await site?.stop();
});

/** A context whose progress store holds `code` as the learner's quantizeBlocks (as the exercise saves it). */
async function contextWithCode(code: string | null): Promise<BrowserContext> {
  const context = await site.newContext({ viewport: { width: 1200, height: 900 } });
  if (code !== null) {
    const state = { version: 1, exercises: { 'quantize-blocks': { code, updatedAt: '2026-01-01T00:00:00.000Z' } } };
    await context.addInitScript(([key, value]) => {
      // Only in the page itself: the sandbox's frame (an opaque origin) may not touch storage.
      if (window === window.top && !localStorage.getItem(key!)) localStorage.setItem(key!, value!);
    }, [STORAGE_KEY, JSON.stringify(state)]);
  }
  return context;
}

/** Open the lab lesson, scroll to the widget and wait until the float model has run. */
async function openLab(code: string | null = null): Promise<OpenedPage> {
  const opened = await site.open('lessons/lab/', { context: await contextWithCode(code) });
  const fig = opened.page.locator('figure[data-widget="model-lab"]');
  await fig.scrollIntoViewIfNeeded();
  await opened.page.waitForSelector('figure[data-widget="model-lab"] [data-ready]', { timeout: HANG_MS });
  expect(await lab(opened.page).getAttribute('data-ready')).toBe('true');
  return opened;
}

const lab = (page: Page) => page.locator('figure[data-widget="model-lab"] .widget-root');
const status = (page: Page) => lab(page).locator('[data-role="status"]').textContent() as Promise<string>;

/** Click an action and wait until the widget is idle again. */
async function run(page: Page, role: string, timeout = HANG_MS): Promise<void> {
  await lab(page).locator(`[data-role="${role}"]`).click();
  // Optional (it may be over before this looks): no failure, whatever it takes.
  await page.waitForFunction(() => document.querySelector('figure[data-widget="model-lab"] .widget-root')?.getAttribute('data-busy') === 'true', null, { timeout: 5_000 }).catch(() => { /* already done */ });
  await page.waitForFunction(() => document.querySelector('figure[data-widget="model-lab"] .widget-root')?.getAttribute('data-busy') === 'false', null, { timeout });
}

interface Row { label: string; bpw: number; ppl: number; change: number; kl: number; top1: number; ms: number; sample: string }

async function rows(page: Page): Promise<Row[]> {
  return lab(page).locator('[data-role="results"] tr[data-label]').evaluateAll((trs) => trs.map((tr) => {
    const d = (tr as HTMLElement).dataset;
    return {
      label: d.label!, bpw: Number(d.bpw), ppl: Number(d.ppl), change: Number(d.change ?? 0), kl: Number(d.kl ?? 0),
      top1: Number(d.top1 ?? 1), ms: Number(d.ms ?? 0), sample: tr.nextElementSibling!.querySelector('.ml-sample q')!.textContent!,
    };
  }));
}

/** Choose the learner's quantizer (or custom integer blocks) at the given setting. */
async function chooseInt(page: Page, which: 'learner' | 'custom', bits: number, blockSize: number, scheme: string): Promise<void> {
  const root = lab(page);
  await root.locator('[data-role="scheme"]').selectOption(which);
  await root.locator('[data-role="bits"]').selectOption(String(bits));
  await root.locator('[data-role="block-size"]').selectOption(String(blockSize));
  await root.locator('[data-role="int-scheme"]').selectOption(scheme);
}

describe('the lab lesson', () => {
  it('fills the essay\'s table with the essay\'s shape, each evaluation in well under a second', async () => {
    const { page, problems } = await openLab();
    await run(page, 'essay');
    const r = await rows(page);
    const by = (start: string) => r.find((x) => x.label.startsWith(start))!;
    const [float, q8, q41, q40, int3, int2, q2k, tensor] = [by('float32'), by('Q8_0'), by('Q4_1'), by('Q4_0'), by('3-bit'), by('2-bit'), by('Q2_K'), by('4-bit symmetric, one scale')];
    expect(r).toHaveLength(8);
    expect(Math.abs(float.ppl / manifest.evaluation.heldoutSlice.perplexity - 1)).toBeLessThan(1e-3);
    // 8-bit ≈ float; 4-bit a small loss; naive 2-bit collapses; Q2_K survives at fewer bits.
    expect(Math.abs(q8.change)).toBeLessThan(0.01);
    expect(q8.kl).toBeLessThan(0.001);
    expect(q8.top1).toBeGreaterThan(0.97);
    for (const q4 of [q41, q40]) {
      expect(q4.change).toBeGreaterThan(0.01);
      expect(q4.change).toBeLessThan(0.15);
    }
    expect(int2.change).toBeGreaterThan(2);
    expect(int2.top1).toBeLessThan(0.5);
    expect(q2k.bpw).toBeLessThan(int2.bpw);
    expect(q2k.ppl).toBeLessThan(int2.ppl / 1.5);
    // Perplexity and KL grow as bits shrink.
    for (const key of ['ppl', 'kl'] as const) {
      expect(q8[key]).toBeLessThan(q41[key]);
      expect(q41[key]).toBeLessThan(q40[key]);
      expect(q40[key]).toBeLessThan(int3[key]);
      expect(int3[key]).toBeLessThan(int2[key]);
    }
    // One scale per matrix is worse than blocks at the same 4 bits per weight.
    expect(tensor.ppl).toBeGreaterThan(int3.ppl);
    // Q2_K: 2.625 per full super-block; the output matrix (339 × 64 weights) ends in a part-filled one.
    expect([q8.bpw, q41.bpw, q40.bpw, int3.bpw, int2.bpw]).toEqual([8.5, 5, 4.5, 4, 3]);
    expect(q2k.bpw).toBeGreaterThan(2.625);
    expect(q2k.bpw).toBeLessThan(2.63);
    for (const x of r) expect(x.sample.length).toBeGreaterThan('The whale '.length + 40);
    const times = r.slice(1).map((x) => x.ms).sort((a, b) => a - b);
    console.log(`lab evaluation in Chromium, ms per scheme: ${times.map((t) => t.toFixed(0)).join(', ')} (median ${times[times.length >> 1]!.toFixed(0)})`);
    // The 500 ms target per scheme is `npm run bench -- lab`'s: a busy machine must not fail this test.
    await lab(page).screenshot({ path: path.join(SHOTS, 'lab-essay-table.png') });
    expect(problems()).toEqual([]);
  });

  it('keeps painting frames while the workers evaluate, and Stop ends a series', async () => {
    const { page, problems } = await openLab();
    await page.evaluate(() => {
      const w = window as unknown as { gaps: number[]; beat: boolean; longTasks: number[] };
      w.gaps = [];
      w.longTasks = [];
      w.beat = true;
      new PerformanceObserver((list) => { for (const e of list.getEntries()) w.longTasks.push(e.duration); }).observe({ type: 'longtask' });
      let last = performance.now();
      const tick = (now: number) => {
        w.gaps.push(now - last);
        last = now;
        if (w.beat) requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
    });
    await lab(page).locator('[data-role="essay"]').click();
    await page.waitForFunction(() => document.querySelectorAll('figure[data-widget="model-lab"] [data-role="results"] tr[data-label]').length >= 3, null, { timeout: HANG_MS });
    // The page answers during the evaluation: Stop is enabled and takes effect after the current step.
    const t0 = Date.now();
    await lab(page).locator('[data-role="stop"]').click();
    await page.waitForFunction(() => document.querySelector('figure[data-widget="model-lab"] .widget-root')?.getAttribute('data-busy') === 'false', null, { timeout: HANG_MS });
    const stopMs = Date.now() - t0; // printed, not asserted: `npm run bench -- lab` measures it
    expect(await status(page)).toBe('Stopped.');
    expect((await rows(page)).length).toBeLessThan(8);
    const { gaps, longTasks } = await page.evaluate(() => {
      const w = window as unknown as { gaps: number[]; beat: boolean; longTasks: number[] };
      w.beat = false;
      return { gaps: w.gaps.slice(1), longTasks: w.longTasks };
    });
    const worstGap = Math.max(...gaps), worstTask = Math.max(0, ...longTasks);
    console.log(`frames during evaluation: ${gaps.length}, longest gap ${worstGap.toFixed(0)} ms; main-thread tasks over 50 ms: ${longTasks.length} (longest ${worstTask.toFixed(0)} ms); Stop took effect in ${stopMs} ms`);
    // Frames kept coming while the workers evaluated (a busy machine makes the evaluation longer, so more
    // frames, not fewer). How long the main thread's longest task is, is a speed: `npm run bench -- lab`.
    expect(gaps.length).toBeGreaterThan(20);
    expect(problems()).toEqual([]);
  });

  it('runs the learner\'s quantizeBlocks in the sandbox: a row like the course\'s, and the lab\'s check passes', async () => {
    const { page, problems } = await openLab(SOLUTION);
    await chooseInt(page, 'custom', 4, 32, 'asymmetric');
    await run(page, 'run');
    await chooseInt(page, 'learner', 4, 32, 'asymmetric');
    expect(await lab(page).locator('[data-role="learner-note"]').textContent()).toContain('saved in this browser');
    await run(page, 'run');
    const r = await rows(page);
    const course = r.find((x) => x.label === '4-bit asymmetric, blocks of 32')!;
    const yours = r.find((x) => x.label === 'Your quantizeBlocks: 4-bit asymmetric, blocks of 32')!;
    expect(yours).toBeDefined();
    expect(yours.ppl).toBe(course.ppl);
    expect(yours.kl).toBe(course.kl);
    expect(yours.bpw).toBe(5);
    expect(await status(page)).toMatch(/ms compiling your code and \d+ ms running it in the sandbox/);
    await run(page, 'check');
    const verdict = lab(page).locator('[data-role="check-verdict"]');
    expect(await verdict.getAttribute('data-passed')).toBe('true');
    expect(await lab(page).locator('[data-role="check-result"] tbody tr[data-passed="true"]').count()).toBe(QUANTIZER_CHECK_SETTINGS.length);
    await lab(page).screenshot({ path: path.join(SHOTS, 'lab-learner.png') });
    expect(problems()).toEqual([]);
  });

  it('fails the check for a quantizer that ignores the scheme, and says which settings are off', async () => {
    const alwaysSymmetric = SOLUTION.replace("scheme === 'symmetric' ? symmetric(block, bits) : asymmetric(block, bits)", 'symmetric(block, bits)');
    expect(alwaysSymmetric).not.toBe(SOLUTION);
    const { page, problems } = await openLab(alwaysSymmetric);
    await run(page, 'check');
    expect(await lab(page).locator('[data-role="check-verdict"]').getAttribute('data-passed')).toBe('false');
    expect(await lab(page).locator('[data-role="check-verdict"]').textContent()).toMatch(/^Not yet: 2 of 2 settings/);
    expect(problems()).toEqual([]);
  });

  it('stops a quantizer that never returns, with a clear message, and refuses blocks that cheat the bits', async () => {
    const endless = 'export function quantizeBlocks(values: number[]) { for (;;) {} return []; }';
    const { page, problems } = await openLab(endless);
    await chooseInt(page, 'learner', 4, 32, 'symmetric');
    await run(page, 'run');
    // Stopped by the lab's own 5000 ms limit, and said so (how soon is not asserted: a busy machine is slow).
    expect(await status(page)).toMatch(/^That did not work\. Your quantizeBlocks could not run: Your code ran for more than 5000 ms and was stopped/);
    expect((await rows(page)).length).toBe(1);
    // The lab still works afterwards.
    await lab(page).locator('[data-role="scheme"]').selectOption('q8_0');
    await run(page, 'run');
    expect((await rows(page)).length).toBe(2);
    // Codes that do not fit the bits (float "codes") are refused with the matrix and block named.
    await page.evaluate(([key]) => {
      const state = JSON.parse(localStorage.getItem(key!)!);
      state.exercises['quantize-blocks'].code = 'export function quantizeBlocks(v: number[], bits: number, bs: number) { const out = []; for (let i = 0; i < v.length; i += bs) out.push({ values: v.slice(i, i + bs), scale: 1, zero: 0 }); return out; }';
      localStorage.setItem(key!, JSON.stringify(state));
    }, [STORAGE_KEY]);
    await chooseInt(page, 'learner', 4, 32, 'symmetric');
    await run(page, 'run');
    expect(await status(page)).toMatch(/^That did not work\. Your quantizeBlocks ran, but the lab cannot use its blocks: blk\.0\.attn_q\.weight: block 0, value 0 from your quantizer is -?[\d.e-]+; codes must be integers\.$/);
    expect(problems()).toEqual([]);
  });

  it('asks for the exercise when no quantizeBlocks is saved', async () => {
    const { page, problems } = await openLab(null);
    await chooseInt(page, 'learner', 4, 32, 'asymmetric');
    expect(await lab(page).locator('[data-role="learner-note"]').textContent()).toMatch(/no saved quantizeBlocks.*Outliers and blocks/);
    await run(page, 'run');
    expect(await status(page)).toMatch(/no saved quantizeBlocks/);
    expect(problems()).toEqual([]);
  });

  it('saves the Q4_0 row as a GGUF: llama architecture, the promised types, the bytes the core exports in Node', async () => {
    const { page, problems } = await openLab();
    const root = lab(page);
    await root.locator('[data-role="scheme"]').selectOption('q4_0');
    await run(page, 'run');
    await root.locator('[data-role="outliers"]').check();
    await run(page, 'run');
    // Only rows llama.cpp has one type for offer the file: float32 and Q4_0, not Q4_0 with an outlier table.
    expect(await root.locator('[data-role="download-gguf"]').evaluateAll((bs) => bs.map((b) => b.getAttribute('data-scheme')))).toEqual(['f32', 'q4_0']);
    expect(await root.locator('tr[data-label$="outlier table"] [data-role="gguf-none"]').textContent()).toMatch(/no outlier table/);
    const button = page.getByRole('button', { name: 'Save Q4_0 as GGUF' });
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: HANG_MS }), button.click()]);
    expect(download.suggestedFilename()).toBe('quantcourse-lab-q4_0.gguf');
    const bytes = new Uint8Array(readFileSync((await download.path())!));
    const file = await readGguf(bytesSource(bytes));
    expect(plainValue(file.metadata.get('general.architecture')!)).toBe('llama');
    const type = Object.fromEntries(file.tensors.map((t) => [t.name, t.type.name]));
    expect(type['blk.0.ffn_down.weight']).toBe('Q4_0');
    expect(type['blk.0.attn_norm.weight']).toBe('F32');
    expect(type['output_norm.weight']).toBe('F32');
    const expected = exportGguf(exportSourceOf(readCourseModel().model), 'q4_0', f32ToF16Bits);
    expect(Object.fromEntries(expected.tensors.map((t) => [t.name, t.type]))).toEqual(type);
    expect(bytes.length).toBe(expected.bytes.length);
    expect(Buffer.from(bytes).equals(Buffer.from(expected.bytes))).toBe(true);
    // The line under the table says what was written and which tensors, if any, fell back.
    await page.waitForFunction(() => /Saved quantcourse-lab-q4_0\.gguf/.test(document.querySelector('[data-role="gguf-note"]')?.textContent ?? ''), null, { timeout: HANG_MS });
    const note = (await root.locator('[data-role="gguf-note"]').textContent())!;
    const fell = expected.tensors.filter((t) => t.fallback);
    expect(note).toMatch(fell.length ? new RegExp(`${fell.length} fell back`) : /no fallbacks/);
    console.log(`lab GGUF export in Chromium (main thread): ${await button.getAttribute('data-export-ms')} ms for ${bytes.length} bytes`);
    expect(problems()).toEqual([]);
  });

  it('saves the learner\'s quantizeBlocks row as a GGUF: the bytes `quantcourse gguf export --learner` writes for the same code', async () => {
    const { page, problems } = await openLab(SOLUTION);
    const root = lab(page);
    await chooseInt(page, 'learner', 4, 32, 'symmetric');
    await run(page, 'run');
    await chooseInt(page, 'learner', 3, 32, 'asymmetric');
    await run(page, 'run');
    // 4-bit symmetric blocks of 32 are Q4_0; 3-bit asymmetric is no ggml type, and the row says why.
    expect(await root.locator('[data-role="download-gguf"]').evaluateAll((bs) => bs.map((b) => b.getAttribute('data-scheme')))).toEqual(['f32', 'learner-q4_0']);
    expect(await root.locator('tr[data-label="Your quantizeBlocks: 3-bit asymmetric, blocks of 32"] [data-role="gguf-none"]').textContent()).toMatch(/your quantizer at 3-bit asymmetric: ggml has asymmetric codes of 4 and 5 bits only/);
    const button = page.getByRole('button', { name: 'Save Your quantizeBlocks: 4-bit symmetric, blocks of 32 as GGUF' });
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: HANG_MS }), button.click()]);
    expect(download.suggestedFilename()).toBe('quantcourse-lab-learner-q4_0.gguf');
    const bytes = new Uint8Array(readFileSync((await download.path())!));
    const dir = mkdtempSync(path.join(tmpdir(), 'quantcourse-lab-learner-'));
    const out = path.join(dir, 'cli.gguf');
    const cli = spawnSync(process.execPath, [path.join(ROOT, 'bin/quantcourse.mjs'), 'gguf', 'export', '--learner', path.join(ROOT, 'solutions/quantize-blocks.ts'), '--bits', '4', '--block-size', '32', '--scheme', 'symmetric', '-o', out], { encoding: 'utf8' });
    expect(cli.stderr).toBe('');
    expect(cli.status).toBe(0);
    expect(Buffer.from(bytes).equals(readFileSync(out))).toBe(true);
    rmSync(dir, { recursive: true, force: true });
    const file = await readGguf(bytesSource(bytes));
    expect(plainValue(file.metadata.get('quantcourse.quantizer')!)).toBe('learner');
    await page.waitForFunction(() => /Saved quantcourse-lab-learner-q4_0\.gguf/.test(document.querySelector('[data-role="gguf-note"]')?.textContent ?? ''), null, { timeout: HANG_MS });
    expect(await root.locator('[data-role="gguf-note"]').textContent()).toMatch(/code for code, as Q4_0\. Q4_0 stores each block's scale as float16, so the file holds your codes times scales rounded to float16: no weight moved by more than [\d.e-]+ \(the largest weight is [\d.]+\)/);
    expect(problems()).toEqual([]);
  });

  it('maps each matrix\'s KL and spends a bit budget, compared with uniform Q4_0', async () => {
    const { page, problems } = await openLab();
    await lab(page).locator('[data-role="scheme"]').selectOption('int2-asym');
    await run(page, 'map');
    const cells = await lab(page).locator('[data-role="kl-map"] td[data-matrix]').evaluateAll((tds) => tds.map((td) => [td.getAttribute('data-matrix')!, Number(td.getAttribute('data-kl'))] as const));
    expect(cells).toHaveLength(15);
    for (const [, kl] of cells) expect(kl).toBeGreaterThan(0);
    const kl = Object.fromEntries(cells);
    expect(kl['blk.0.ffn_down.weight']).toBeGreaterThan(kl['blk.1.ffn_down.weight']!); // an error made early is carried through the rest
    expect(kl['output.weight']).toBe(Math.max(...Object.values(kl))); // every score passes through the output matrix
    await run(page, 'budget-plan', 120_000);
    expect(await lab(page).locator('[data-role="budget-meter"]').getAttribute('data-over')).toBe('false');
    await run(page, 'budget-run');
    const verdict = await lab(page).locator('[data-role="budget-verdict"]').textContent();
    expect(verdict).toMatch(/Your mix: [\d.]+ bits per weight \(budget 4\.5\).*Uniform Q4_0: 4\.5 bits per weight/);
    const r = await rows(page);
    const mix = r.find((x) => x.label.startsWith('Your mix'))!;
    expect(mix.bpw).toBeLessThanOrEqual(4.5);
    expect(r.some((x) => x.label.endsWith('everywhere'))).toBe(true);
    await lab(page).locator('[data-role="budget-result"]').scrollIntoViewIfNeeded();
    await lab(page).screenshot({ path: path.join(SHOTS, 'lab-map-budget.png') });
    expect(problems()).toEqual([]);
  });

  it('fits a 360 px screen: the page does not scroll sideways, the widget\'s table scrolls inside it', async () => {
    const context = await site.newContext({ viewport: { width: 360, height: 800 } });
    const { page, problems } = await site.open('lessons/lab/', { context });
    await page.locator('figure[data-widget="model-lab"]').scrollIntoViewIfNeeded();
    await page.waitForSelector('figure[data-widget="model-lab"] [data-ready="true"]', { timeout: HANG_MS });
    const box = await page.evaluate(() => {
      const root = document.querySelector('figure[data-widget="model-lab"] .widget-root')!;
      return { right: root.getBoundingClientRect().right, scroll: root.scrollWidth, client: root.clientWidth };
    });
    expect(box.right).toBeLessThanOrEqual(360);
    expect(box.scroll).toBeLessThanOrEqual(box.client);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    expect(problems()).toEqual([]);
  });
});

describe('the parameter histogram (smaller-floats)', () => {
  it('draws the course model\'s real weights', async () => {
    const { page, problems } = await site.open('lessons/smaller-floats/');
    const fig = page.locator('figure[data-widget="param-histogram"]');
    await fig.scrollIntoViewIfNeeded();
    await page.waitForFunction(() => /of its parameters|failed to load/.test(document.querySelector('figure[data-widget="param-histogram"]')?.textContent ?? ''), null, { timeout: HANG_MS });
    const text = (await fig.textContent())!;
    expect(text).toContain(`all ${manifest.parameters.toLocaleString('en-US')} of its parameters`);
    expect(text).not.toMatch(/stand-in/i);
    expect(problems()).toEqual([]);
  });
});
