/**
 * Browser tests of the "quant" widgets (lessons 6–16), mounted one at a time into a fixture page
 * (tests/e2e/fixtures/quant/build.ts) so they run without the Astro site. For each widget: its main
 * interaction changes what it shows and its text alternative, by keyboard and by pointer.
 * Expected numbers come from the reference core, computed here in Node.
 *   npx vitest run --config tests/e2e/fixtures/quant/vitest.config.ts
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createRng, dequantizeAsymmetric, dequantizeGgml, meanAbsRelativeError, quantizeAsymmetric, quantizeGgml, quantizeSymmetric,
  tokensPerSecond, type GgmlType,
} from '../../src/core/index.ts';
import { launchBrowser } from './browser.ts';
import { buildQuantFixture } from './fixtures/quant/build.ts';
import { serveSite, type SiteServer } from './server.ts';

let site: SiteServer;
let browser: Browser;

beforeAll(async () => {
  site = await serveSite(await buildQuantFixture());
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await site?.close();
});

/** Open the fixture with one widget mounted; fails the test on any page error. */
async function open(widget: string, props: Record<string, unknown> = {}, opts: { width?: number; reducedMotion?: boolean } = {}): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: opts.width ?? 800, height: 900 }, reducedMotion: opts.reducedMotion ? 'reduce' : 'no-preference' });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${site.url}?w=${widget}&props=${encodeURIComponent(JSON.stringify(props))}`);
  await page.waitForSelector('.widget-root[data-state="ready"]');
  expect(errors).toEqual([]);
  return page;
}
const alt = (page: Page) => page.textContent('[data-role="alt"]') as Promise<string>;
const text = (page: Page, sel: string) => page.textContent(sel) as Promise<string>;
const texts = (page: Page, sel: string) => page.locator(sel).allTextContents();
const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
const ESSAY = [-0.89, 0.16, 0.08, -0.13, 0.16, -0.54];

/** Drag from the centre of `sel` by dx pixels. */
async function drag(page: Page, sel: string, dx: number): Promise<void> {
  const b = (await page.locator(sel).boundingBox())!;
  await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2);
  await page.mouse.down();
  await page.mouse.move(b.x + b.width / 2 + dx, b.y + b.height / 2, { steps: 5 });
  await page.mouse.up();
}

describe('symmetric-grid', () => {
  it('shows the essay\'s worked example, and the bits slider re-quantizes from the keyboard', async () => {
    const page = await open('symmetric-grid');
    const q4 = quantizeSymmetric(ESSAY, 4);
    expect(await texts(page, '[data-role="errors"] [data-role="q"]')).toEqual(q4.values.map(String));
    expect(await text(page, '[data-role="error"]')).toBe(pct(meanAbsRelativeError(ESSAY, q4.values.map((q) => q * q4.scale))));
    const before = await alt(page);
    expect(before).toContain('-0.89 → -7 → -0.89');
    await page.focus('[data-role="bits"]');
    await page.keyboard.press('ArrowRight');
    const q5 = quantizeSymmetric(ESSAY, 5);
    expect(await texts(page, '[data-role="errors"] [data-role="q"]')).toEqual(q5.values.map(String));
    expect(await alt(page)).toContain('5-bit');
    expect(await alt(page)).toContain('integers -15 to 15');
    await page.close();
  });

  it('drags a value along the top row with the pointer', async () => {
    const page = await open('symmetric-grid');
    const before = await alt(page);
    await drag(page, '[data-role="dot"][data-index="2"]', -120);
    const typed = Number(await page.inputValue('[data-role="value"][data-index="2"]'));
    expect(typed).toBeLessThan(0.08);
    const values = ESSAY.map((v, i) => (i === 2 ? typed : v));
    expect(await texts(page, '[data-role="errors"] [data-role="q"]')).toEqual(quantizeSymmetric(values, 4).values.map(String));
    expect(await alt(page)).not.toBe(before);
    await page.close();
  });

  it('takes a typed value, and explains an empty one without changing the figure', async () => {
    const page = await open('symmetric-grid');
    await page.fill('[data-role="value"][data-index="0"]', '-2');
    const values = ESSAY.map((v, i) => (i === 0 ? -2 : v));
    const q = quantizeSymmetric(values, 4);
    expect(await texts(page, '[data-role="errors"] [data-role="q"]')).toEqual(q.values.map(String));
    expect(await alt(page)).toContain('-2 → -7 → -2');
    await page.fill('[data-role="value"][data-index="0"]', '');
    expect(await text(page, '[data-role="input-error"]')).toMatch(/Value 1 must be a number/);
    expect(await page.getAttribute('[data-role="value"][data-index="0"]', 'aria-invalid')).toBe('true');
    expect(await texts(page, '[data-role="errors"] [data-role="q"]')).toEqual(q.values.map(String));
    await page.close();
  });

  it('names a bad prop instead of drawing a broken figure', async () => {
    const page = await open('symmetric-grid', { values: '1, x' });
    expect(await text(page, '[data-role="error"]')).toMatch(/"values" prop must be finite numbers; item 2/);
    await page.close();
  });
});

describe('asymmetric-grid', () => {
  it('shows the zero point, and the outlier toggle crushes the other values (pointer, then keyboard)', async () => {
    const page = await open('asymmetric-grid');
    const a = quantizeAsymmetric(ESSAY, 4);
    expect(await texts(page, '[data-role="errors"] [data-role="q"]')).toEqual(a.values.map(String));
    expect(await text(page, '[data-role="formula"]')).toContain(`= ${a.zero}`);
    expect(await alt(page)).toContain(`zero point ${a.zero}`);

    await page.click('[data-role="outlier"]');
    expect(await page.getAttribute('[data-role="outlier"]', 'aria-pressed')).toBe('true');
    const withOutlier = [...ESSAY, 10];
    const b = quantizeAsymmetric(withOutlier, 4);
    expect(await texts(page, '[data-role="errors"] [data-role="q"]')).toEqual(b.values.map(String));
    expect(await text(page, '[data-role="error"]')).toBe(pct(meanAbsRelativeError(withOutlier, dequantizeAsymmetric(b))));
    const buckets = new Set(b.values.slice(0, 6)).size;
    expect(buckets).toBeLessThanOrEqual(2);
    expect(await alt(page)).toContain(`share just ${buckets} of the 16 integers`);
    expect(await alt(page)).toContain(`zero point ${b.zero}`);

    await page.focus('[data-role="outlier"]');
    await page.keyboard.press('Space');
    expect(await page.getAttribute('[data-role="outlier"]', 'aria-pressed')).toBe('false');
    expect(await texts(page, '[data-role="errors"] [data-role="q"]')).toEqual(a.values.map(String));
    await page.close();
  });
});

describe('ggml-block', () => {
  /** The widget's block for a seed, quantized and dequantized by the core. */
  function block(type: GgmlType, seed: number) {
    const rng = createRng(`ggml-block:${seed}`);
    const x = Float32Array.from({ length: 32 }, () => rng.normal(0, 0.04));
    const bytes = quantizeGgml(type, x);
    return { x, bytes, y: dequantizeGgml(type, bytes, 32) };
  }
  const hex = (b: number) => b.toString(16).toUpperCase().padStart(2, '0');
  const five = (v: number) => String(Number(v.toPrecision(5)));

  it('lays out a Q4_0 block byte by byte, and hovering a byte names the two values it holds', async () => {
    const page = await open('ggml-block');
    const { bytes, y } = block('q4_0', 1);
    expect(await texts(page, '[data-role="byte"]')).toEqual([...bytes].map((b, i) => `${hex(b)}${i}`));
    await page.hover('[data-role="byte"][data-index="5"]');
    const detail = await text(page, '[data-role="detail"]');
    expect(detail).toContain(`Byte 5 = 0x${hex(bytes[5]!)}`);
    expect(detail).toContain(`low nibble ${bytes[5]! & 0xf} is value 3: (${bytes[5]! & 0xf} − 8) × d = ${five(y[3]!)}`);
    expect(detail).toContain(`high nibble ${bytes[5]! >> 4} is value 19`);
    expect(await alt(page)).toContain('Byte 5');
    await page.close();
  });

  it('switches to Q8_0 and walks the bytes with the arrow keys', async () => {
    const page = await open('ggml-block');
    await page.focus('[data-role="type"] button[data-value="q4_0"]');
    await page.keyboard.press('ArrowLeft');
    expect(await text(page, '[data-role="headline"]')).toContain('32 values in 34 bytes');
    const { bytes, y } = block('q8_0', 1);
    await page.focus('[data-role="byte"][data-index="0"]');
    expect(await text(page, '[data-role="detail"]')).toMatch(/float16/);
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    expect(await page.evaluate(() => (document.activeElement as HTMLElement).dataset.index)).toBe('3');
    const q = (bytes[3]! << 24) >> 24;
    expect(await alt(page)).toContain(`As int8 ${q} is value 1: ${q} × d = ${five(y[1]!)}`);
    await page.close();
  });

  it('draws a new seeded block on request', async () => {
    const page = await open('ggml-block');
    const before = await texts(page, '[data-role="byte"]');
    await page.click('[data-role="new-block"]');
    const { bytes } = block('q4_0', 2);
    const after = await texts(page, '[data-role="byte"]');
    expect(after).not.toEqual(before);
    expect(after).toEqual([...bytes].map((b, i) => `${hex(b)}${i}`));
    expect(await alt(page)).toContain('Block 2');
    await page.close();
  });
});

describe('bandwidth-calculator', () => {
  const four = (v: number) => String(Number(v.toPrecision(4)));

  it('shows the bound for 9B at Q4_0 on an M1 Max, and the H100 preset from the keyboard', async () => {
    const page = await open('bandwidth-calculator');
    expect(await text(page, '[data-role="ideal"]')).toBe(four(tokensPerSecond(9e9, 4.5, 400)));
    expect(await text(page, '[data-role="versus"]')).toContain('46.05 tokens/s');
    await page.focus('[data-role="machine"] button[aria-pressed="true"]');
    await page.keyboard.press('ArrowRight');
    const ideal = tokensPerSecond(9e9, 4.5, 3350);
    expect(await text(page, '[data-role="ideal"]')).toBe(four(ideal));
    expect(await alt(page)).toContain(`177.06 tokens/s`);
    expect(await alt(page)).toContain(`${Math.round((100 * 177.06) / ideal)}% of this bound`);
    expect(await page.inputValue('[data-role="bandwidth"]')).toBe('3350');
    await page.close();
  });

  it('takes a format preset by pointer and a parameter count by slider keys', async () => {
    const page = await open('bandwidth-calculator');
    await page.click('[data-role="bpw-preset"] button[data-value="Q8_0"]');
    expect(await page.inputValue('[data-role="bpw"]')).toBe('8.5');
    expect(await text(page, '[data-role="ideal"]')).toBe(four(tokensPerSecond(9e9, 8.5, 400)));
    expect(await alt(page)).toContain('32.36 tokens/s');
    await page.focus('[data-role="params"]');
    await page.keyboard.press('ArrowRight');
    expect(await text(page, '[data-role="ideal"]')).toBe(four(tokensPerSecond(9.5e9, 8.5, 400)));
    expect(await alt(page)).toContain('9.5B parameters');
    await page.close();
  });
});
