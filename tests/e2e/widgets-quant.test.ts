/**
 * Browser tests of the "quant" widgets (the lessons from symmetric quantization on), mounted one at a time into a fixture page
 * (tests/e2e/fixtures/quant/build.ts) so they run without the Astro site. For each widget: its main
 * interaction changes what it shows and its text alternative, by keyboard and by pointer.
 * Expected numbers come from the reference core, computed here in Node.
 *   npx vitest run --config tests/e2e/fixtures/quant/vitest.config.ts
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  blockSchemeBitsPerWeight, createRng, decodeMxfp4Block, decodeNvfp4Block, decodeQ2KBlock, decodeQ4KBlock, dequantizeAsymmetric, dequantizeGgml,
  ggmlBitsPerWeight, klDivergence, meanAbsRelativeError, perplexity, q2KLevelPosition, q4KLevelPosition, quantizeAsymmetric, quantizeGgml,
  quantizeSymmetric, softmax, tokensPerSecond, type GgmlType,
} from '../../src/core/index.ts';
import { fmt } from '../../src/widgets/shared/dom.ts';
import { NEXT_CHARS, quoted } from '../../src/widgets/shared/next-chars.ts';
import { launchBrowser } from '../../tools/site-harness/browser.ts';
import { buildQuantFixture, QUANT_WIDGETS } from './fixtures/quant/build.ts';
import { serveSite, type SiteServer } from '../../tools/site-harness/server.ts';
import { HANG_MS } from '../../tools/site-harness/site.ts';

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
    // Each cell shows its hex (its position is drawn from data-index) and is named starting with that hex.
    expect(await texts(page, '[data-role="byte"]')).toEqual([...bytes].map(hex));
    expect(await page.locator('[data-role="byte"]').evaluateAll((els) => els.map((e) => `${(e as HTMLElement).dataset.index} ${e.getAttribute('aria-label')}`)))
      .toEqual([...bytes].map((b, i) => `${i} ${hex(b)}: byte ${i}, ${i < 2 ? 'fp16 scale d' : 'quants'}`));
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
    expect(after).toEqual([...bytes].map(hex));
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

describe('outlier-drag', () => {
  const errors = (page: Page) => texts(page, '[data-role="variant-error"]');

  it('turns a weight into an outlier with the arrow keys: per tensor the others collapse to 0, per block only its block', async () => {
    const page = await open('outlier-drag');
    const before = await alt(page);
    await page.focus('[data-role="handle"]');
    for (let i = 0; i < 8; i++) await page.keyboard.press('PageUp'); // 0.3 + 8 × 0.5 = 4.3
    expect(await page.getAttribute('[data-role="handle"]', 'aria-valuenow')).toBe('4.3');
    const status = await text(page, '[data-role="status"]');
    expect(status).toContain('Weight 6 = 4.3');
    const zeros = Number(/(\d+) of the other 15 weights round to 0/.exec(status)![1]);
    expect(zeros).toBeGreaterThanOrEqual(12);
    const [tensor, block, tensorSide] = (await errors(page)).map((e) => parseFloat(e));
    expect(block!).toBeLessThan(tensor!);
    expect(tensorSide!).toBeLessThan(tensor!);
    expect(await alt(page)).not.toBe(before);
    await page.close();
  });

  it('drags the weight with the pointer and switches method by pointer', async () => {
    const page = await open('outlier-drag');
    const b = (await page.locator('[data-role="handle"] circle').boundingBox())!;
    await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2);
    await page.mouse.down();
    await page.mouse.move(b.x + b.width / 2, b.y - 150, { steps: 5 });
    await page.mouse.up();
    expect(Number(await page.getAttribute('[data-role="handle"]', 'aria-valuenow'))).toBeGreaterThan(2);
    await page.click('[data-role="mode"] button[data-value="block"]');
    expect(await text(page, '[data-role="status"]')).toContain('per block of 8');
    await page.click('[data-role="side-table"]');
    expect(await page.getAttribute('[data-role="side-table"]', 'aria-pressed')).toBe('true');
    expect(await text(page, '[data-role="bucket"][data-index="5"]')).toBe('★');
    expect(await alt(page)).toContain('Shown: per block of 8, largest kept aside');
    await page.close();
  });
});

describe('block-size-error', () => {
  it('moves the block size from the keyboard and by clicking a point; bits per weight come from the core', async () => {
    const page = await open('block-size-error');
    expect(await texts(page, '[data-role="bpw"]')).toEqual([blockSchemeBitsPerWeight(4, 32, 'symmetric'), blockSchemeBitsPerWeight(4, 32, 'asymmetric')].map(String));
    const before = await alt(page);
    await page.focus('[data-role="block-size"]');
    await page.keyboard.press('ArrowRight');
    expect(await texts(page, '[data-role="bpw"]')).toEqual(['4.25', '4.5']);
    expect(await alt(page)).toContain('blocks of 64');
    // A real click at the point's centre (Playwright's actionability wait never settles on this SVG circle).
    // Block 256 symmetric: its cost (4.0625 bits) is the only one at that x, so no other point covers it.
    const pt = (await page.locator('[data-role="point"][data-scheme="symmetric"][data-block="256"]').boundingBox())!;
    await page.mouse.click(pt.x + pt.width / 2, pt.y + pt.height / 2);
    expect(await alt(page)).toContain('blocks of 256');
    expect(await page.inputValue('[data-role="block-size"]')).toBe('8');
    expect(await alt(page)).not.toBe(before);
    await page.close();
  });

  it('shows larger errors for larger blocks, and the bits selector changes the cost', async () => {
    const page = await open('block-size-error');
    const err = async () => (await texts(page, '[data-role="err"]')).map(Number);
    const at32 = await err();
    await page.fill('[data-role="block-size"]', '8'); // 256
    const at256 = await err();
    expect(at256[0]!).toBeGreaterThan(at32[0]!);
    expect(at256[1]!).toBeGreaterThan(at32[1]!);
    await page.click('[data-role="bits"] button[data-value="8"]');
    expect(await texts(page, '[data-role="bpw"]')).toEqual([blockSchemeBitsPerWeight(8, 256, 'symmetric'), blockSchemeBitsPerWeight(8, 256, 'asymmetric')].map((v) => String(Number(v.toPrecision(5)))));
    await page.close();
  });
});

describe('next-token-table', () => {
  const table = NEXT_CHARS.table;
  const four = (p: number) => fmt(perplexity([p]), 4);

  it('shows the model\'s measured probability and perplexity of each next character, by pointer and by arrow keys', async () => {
    const page = await open('next-token-table');
    expect(await text(page, '[data-role="ppl"]')).toBe(four(table[1]!.p));
    await page.click('[data-role="token"][data-index="0"]');
    expect(await text(page, '[data-role="ppl"]')).toBe(four(table[0]!.p));
    expect(await alt(page)).toContain(`The correct character ${quoted(table[0]!.correct)} had p = ${fmt(table[0]!.p, 4)}`);
    expect(await page.getAttribute('[data-role="token"][data-index="0"]', 'data-ppl')).toBe(fmt(perplexity([table[0]!.p]), 3));
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    expect(await page.getAttribute('[data-role="token"][data-index="2"]', 'aria-pressed')).toBe('true');
    expect(await text(page, '[data-role="ppl"]')).toBe(four(table[2]!.p));
    expect(await text(page, '[data-role="overall"]')).toContain(fmt(perplexity(table.map((t) => t.p)), 4));
    await page.close();
  });

  it('lists the character that came next even when it is not among the model\'s favourites', async () => {
    const miss = table.findIndex((t) => !t.candidates.some((c) => c.text === t.correct));
    expect(miss, 'the measured line has a surprise in it').toBeGreaterThanOrEqual(0);
    const page = await open('next-token-table', { position: miss });
    const rows = await page.locator('[data-role="candidates"] tbody tr').count();
    expect(rows).toBe(table[miss]!.candidates.length + 2); // the favourites, the correct character, everything else
    expect(await text(page, '[data-role="candidates"] .nt-right')).toContain('correct');
    await page.close();
  });
});

describe('sliding-window', () => {
  const P = NEXT_CHARS.windows.find((w) => w.length === 4)!.p;

  it('steps the window with the buttons and the arrow keys, accumulating −ln p and the perplexity', async () => {
    const page = await open('sliding-window');
    const steps = NEXT_CHARS.text.length - 1;
    expect(await text(page, '[data-role="ppl"]')).toBe('—');
    await page.click('[data-role="next"]');
    await page.click('[data-role="next"]');
    expect(await text(page, '[data-role="scored"]')).toBe(`2 / ${steps}`);
    expect(await text(page, '[data-role="ppl"]')).toBe(fmt(perplexity(P.slice(0, 2)), 4));
    await page.focus('[data-role="text"]');
    await page.keyboard.press('ArrowRight');
    expect(await text(page, '[data-role="nll"]')).toBe(fmt(-P.slice(0, 3).reduce((a, p) => a + Math.log(p), 0), 4));
    expect(await alt(page)).toContain(`running perplexity ${fmt(perplexity(P.slice(0, 3)), 4)}`);
    await page.keyboard.press('ArrowLeft');
    expect(await text(page, '[data-role="scored"]')).toBe(`2 / ${steps}`);
    await page.close();
  });

  it('a one-character window scores the whole line worse than an eight-character one', async () => {
    const whole = async (window: number) => {
      const page = await open('sliding-window', { window });
      await page.focus('[data-role="text"]');
      await page.keyboard.press('End');
      const ppl = Number(await text(page, '[data-role="ppl"]'));
      await page.close();
      return ppl;
    };
    const one = await whole(1), eight = await whole(8);
    expect(one).toBe(Number(fmt(perplexity(NEXT_CHARS.windows[0]!.p), 4)));
    expect(one).toBeGreaterThan(eight);
  });

  it('plays and pauses, also with reduced motion', async () => {
    const page = await open('sliding-window', {}, { reducedMotion: true });
    const steps = NEXT_CHARS.text.length - 1;
    await page.click('[data-role="play"]');
    expect(await page.getAttribute('[data-role="play"]', 'aria-pressed')).toBe('true');
    await page.waitForFunction((none) => document.querySelector('[data-role="scored"]')!.textContent !== none, `0 / ${steps}`, { timeout: HANG_MS });
    await page.click('[data-role="play"]');
    expect(await page.getAttribute('[data-role="play"]', 'aria-pressed')).toBe('false');
    const paused = await text(page, '[data-role="scored"]');
    // Still paused 2 s later (a busy machine can only make this easier to pass, never fail it).
    await page.waitForTimeout(2000);
    expect(await text(page, '[data-role="scored"]')).toBe(paused);
    await page.close();
  });
});

describe('kl-curves', () => {
  const bell = (m: number, w: number) => softmax(Array.from({ length: 25 }, (_, x) => -(((x - m) / w) ** 2) / 2));
  const four = (v: number) => String(Number(v.toPrecision(4)));

  it('shows KL both ways from the core, 0 only when Q matches P (keyboard, then pointer)', async () => {
    const page = await open('kl-curves');
    expect(await text(page, '[data-role="kl-pq"]')).toBe(four(klDivergence(bell(10, 3), bell(14, 2))));
    expect(await text(page, '[data-role="kl-qp"]')).toBe(four(klDivergence(bell(14, 2), bell(10, 3))));
    expect(await text(page, '[data-role="kl-pq"]')).not.toBe(await text(page, '[data-role="kl-qp"]'));
    await page.focus('[data-role="q-mean"]');
    await page.keyboard.press('ArrowLeft');
    expect(await text(page, '[data-role="kl-pq"]')).toBe(four(klDivergence(bell(10, 3), bell(13.5, 2))));
    expect(await alt(page)).toContain('Q has mean 13.5');
    await page.click('[data-role="match"]');
    expect(await text(page, '[data-role="kl-pq"]')).toBe('0');
    expect(await alt(page)).toContain('both divergences are 0');
    await page.close();
  });
});

describe('next-char-distribution', () => {
  it('shows the measured KL of each format after each prompt, and follows the chosen prompt and format by pointer and keyboard', async () => {
    const page = await open('next-char-distribution');
    const [certain, open2] = NEXT_CHARS.prompts;
    expect((await texts(page, '[data-role="kl"]'))).toEqual(certain!.variants.slice(1).map((v) => fmt(v.kl, 3)));
    expect(await alt(page)).toContain('KL(float32‖Q4_0)');
    await page.click('[data-role="format"] button[data-value="int2-asym"]');
    expect(await alt(page)).toContain(`its likeliest next character is ${quoted(certain!.variants[3]!.top)}`);
    await page.keyboard.press('Home');
    expect(await alt(page)).toContain('KL(float32‖Q8_0)');
    expect(await alt(page)).toContain(`its likeliest next character is ${quoted(certain!.variants[1]!.top)}`);
    await page.click('[data-role="prompt"] button[data-value="1"]');
    expect(await text(page, '[data-role="prompt-text"]')).toBe(`${open2!.prompt}…`);
    expect((await texts(page, '[data-role="kl"]'))).toEqual(open2!.variants.slice(1).map((v) => fmt(v.kl, 3)));
    await page.close();
  });
});

describe('essay-results', () => {
  it('sorts by a column with the pointer, reverses, and sorts from the keyboard', async () => {
    const page = await open('essay-results');
    const order = () => page.locator('[data-role="results"] tbody tr').evaluateAll((rows) => rows.map((r) => (r as HTMLElement).dataset.type));
    expect(await order()).toEqual(['BF16', 'Q8_0', 'Q4_1', 'Q4_0', 'Q2_K']);
    await page.click('[data-role="sort"][data-key="h100"]');
    expect(await order()).toEqual(['BF16', 'Q8_0', 'Q2_K', 'Q4_1', 'Q4_0']);
    expect(await page.getAttribute('th:has([data-key="h100"])', 'aria-sort')).toBe('ascending');
    await page.click('[data-role="sort"][data-key="h100"]');
    expect(await order()).toEqual(['Q4_0', 'Q4_1', 'Q2_K', 'Q8_0', 'BF16']);
    expect(await alt(page)).toContain('Sorted by tokens/s H100, descending');
    await page.keyboard.press('Shift+Tab'); // focus stays on the rebuilt header: back one heading
    await page.keyboard.press('Enter');
    expect(await alt(page)).toContain('Sorted by tokens/s M1 Max, ascending');
    expect(await order()).toEqual(['BF16', 'Q8_0', 'Q2_K', 'Q4_1', 'Q4_0']);
    await page.close();
  });
});

describe('kquant-block', () => {
  /** The widget's 256 seeded weights (src/widgets/kquant-block/index.ts), drawn again here. */
  function superBlock(seed: number): Float32Array {
    const rng = createRng(`kquant-block:${seed}`);
    const x = new Float32Array(256);
    for (let s = 0; s < 16; s++) {
      const std = 0.03 * rng.uniform(0.3, 1.8), mean = rng.next() < 0.3 ? rng.uniform(-0.04, 0.04) : 0;
      for (let i = 0; i < 16; i++) x[16 * s + i] = mean + rng.normal(0, std);
    }
    x[rng.int(0, 255)] = (rng.next() < 0.5 ? -1 : 1) * rng.uniform(0.2, 0.3);
    return x;
  }
  const hex2 = (b: number) => b.toString(16).padStart(2, '0');
  const bin8 = (b: number) => b.toString(2).padStart(8, '0');
  const indices = (page: Page, sel: string) => page.locator(sel).evaluateAll((els) => els.map((e) => Number((e as HTMLElement).dataset.index)));
  /** The elements whose level sits in `byte`, lowest bits first, from the core's level positions. */
  const inByte = (pos: (e: number) => { byte: number; shift: number }, byte: number) =>
    Array.from({ length: 256 }, (_, e) => e).filter((e) => pos(e).byte === byte).sort((a, b) => pos(a).shift - pos(b).shift);
  const x = superBlock(1);

  it('lays out the Q4_K super-block the core writes, and the arrow keys pick a sub-block: its bytes, codes and error', async () => {
    const page = await open('kquant-block');
    const bytes = quantizeGgml('q4_K', x);
    const deq = dequantizeGgml('q4_K', bytes, 256);
    const parts = decodeQ4KBlock(bytes);
    expect(await texts(page, '[data-role="byte"]')).toEqual([...bytes].map(hex2));
    expect(await text(page, '[data-role="headline"]')).toBe(`Q4_K: 256 weights in ${bytes.length} bytes = ${8 * bytes.length} bits, ${ggmlBitsPerWeight('q4_K')} bits per weight (8 sub-blocks of 32).`);
    expect(bytes.length).toBe(144);
    const before = await alt(page);

    await page.focus('[data-role="sub-blocks"] button[data-sub="0"]');
    for (let i = 0; i < 5; i++) await page.keyboard.press('ArrowRight');
    expect(await page.getAttribute('[data-role="sub-blocks"] button[data-sub="5"]', 'aria-pressed')).toBe('true');
    // Sub-block 5 (weights 160–191): a high sub-block, its 6-bit codes spread over bytes 5, 9 and 13
    // (low nibbles in 4 + 8 + 1, top bits borrowed from bytes 4 + 1 and 4 + 5), its levels where the core puts them.
    const S = parts.scales[5]!, M = parts.mins[5]!;
    const levelBytes = [...new Set(Array.from({ length: 32 }, (_, i) => q4KLevelPosition(160 + i).byte))];
    expect(await indices(page, '[data-role="byte"][data-related="true"]')).toEqual([5, 9, 13, ...levelBytes].sort((a, b) => a - b));
    const step = Math.fround(parts.d * S), offset = Math.fround(parts.dmin * M);
    let maxErr = 0;
    for (let e = 160; e < 192; e++) maxErr = Math.max(maxErr, Math.abs(x[e]! - deq[e]!));
    expect(await text(page, '[data-role="detail"]')).toContain(`Sub-block 5 (weights 160–191): scale code S = ${S}, min code M = ${M} (6-bit each).`);
    expect(await text(page, '[data-role="detail"]')).toContain(`Levels: ${Array.from(parts.levels.subarray(160, 192)).join(' ')}`);
    expect(await text(page, '[data-role="error"]')).toContain(`largest ${fmt(maxErr, 3)}`);
    expect(await alt(page)).toContain(`Sub-block 5: scale code ${S}, min code ${M}, so its weights come back as ${fmt(step, 4)} times a level from 0 to 15, minus ${fmt(offset, 4)}. Largest error ${fmt(maxErr, 3)}`);
    expect(await alt(page)).not.toBe(before);
    await page.close();
  });

  it('reads the byte under the pointer (levels as the core packs them) and switches to Q2_K by pointer', async () => {
    const page = await open('kquant-block');
    const q4 = quantizeGgml('q4_K', x);
    const q4Levels = decodeQ4KBlock(q4).levels;
    await page.hover('[data-role="byte"][data-index="51"]');
    const owners = inByte(q4KLevelPosition, 51); // two weights, low nibble first
    expect(owners).toHaveLength(2);
    const read = `Byte 51 = 0x${hex2(q4[51]!)} = ${bin8(q4[51]!)}: levels, lowest bits first: ${owners.map((e) => `weight ${e} → level ${q4Levels[e]}`).join('; ')}.`;
    expect(await text(page, '[data-role="byte-info"]')).toBe(read);
    expect(await alt(page)).toContain(read);
    // Pointing at a level byte selects the sub-block of its first weight.
    expect(await page.getAttribute(`[data-role="sub-blocks"] button[data-sub="${Math.floor(owners[0]! / 32)}"]`, 'aria-pressed')).toBe('true');

    await page.click('[data-role="type"] button[data-value="q2_K"]');
    const q2 = quantizeGgml('q2_K', x);
    expect(q2.length).toBe(84);
    expect(await texts(page, '[data-role="byte"]')).toEqual([...q2].map(hex2));
    expect(await text(page, '[data-role="headline"]')).toBe(`Q2_K: 256 weights in 84 bytes = 672 bits, ${ggmlBitsPerWeight('q2_K')} bits per weight (16 sub-blocks of 16).`);
    expect(await page.locator('[data-role="sub-blocks"] button').count()).toBe(16);
    // Byte 51 of a Q2_K block holds four 2-bit levels.
    const q2Levels = decodeQ2KBlock(q2).levels;
    const four = inByte(q2KLevelPosition, 51);
    expect(four).toHaveLength(4);
    await page.hover('[data-role="byte"][data-index="50"]');
    await page.hover('[data-role="byte"][data-index="51"]');
    expect(await text(page, '[data-role="byte-info"]')).toBe(`Byte 51 = 0x${hex2(q2[51]!)} = ${bin8(q2[51]!)}: levels, lowest bits first: ${four.map((e) => `weight ${e} → level ${q2Levels[e]}`).join('; ')}.`);
    // Its scale/min codes: byte s of the block holds sub-block s's 4-bit scale (low) and min (high).
    const parts = decodeQ2KBlock(q2);
    await page.hover('[data-role="byte"][data-index="3"]');
    expect(await page.getAttribute('[data-role="sub-blocks"] button[data-sub="3"]', 'aria-pressed')).toBe('true');
    expect(await text(page, '[data-role="detail"]')).toContain(`scale code S = ${parts.scales[3]}, min code M = ${parts.mins[3]} (4-bit each)`);
    expect(q2[3]).toBe(parts.scales[3]! | (parts.mins[3]! << 4));
    await page.close();
  });
});

describe('mx-block', () => {
  /** The widget's seeded block (src/widgets/mx-block/index.ts) with weight 5 set by its slider. */
  function mxBlock(n: number, seed: number, peak: number): Float32Array {
    const rng = createRng(`mx-block:${seed}`);
    const x = Float32Array.from({ length: n }, () => rng.normal(0, 0.3));
    x[5] = peak;
    return x;
  }
  const cells = (page: Page) => texts(page, '[data-role="element"]');

  it('shows the MXFP4 block the core writes, and the slider (keyboard) makes the shared exponent jump', async () => {
    const page = await open('mx-block');
    const x = mxBlock(32, 1, 2.7);
    const bytes = quantizeGgml('mxfp4', x);
    const p = decodeMxfp4Block(bytes);
    expect(await text(page, '[data-role="headline"]')).toBe(`MXFP4: 32 weights in 17 bytes, ${ggmlBitsPerWeight('mxfp4')} bits per weight.`);
    expect(await cells(page)).toEqual(p.codes.map((c, i) => `${c.toString(16)} ${fmt(p.values[i]!, 3)}`));
    expect(await text(page, '[data-role="scales"]')).toContain(`e = 0x${p.e.toString(16)} = ${p.e} → X = 2^(${p.e} − 127) = 2^${Math.log2(p.scale)}`);
    expect(p.scale).toBe(0.5); // the largest weight, 2.7, lies in [2, 4): X = 2^(1 − 2)
    const before = await alt(page);

    await page.focus('[data-role="peak"]');
    await page.keyboard.press('End'); // weight 5 = 7.9
    const y = mxBlock(32, 1, 7.9);
    const q = decodeMxfp4Block(quantizeGgml('mxfp4', y));
    expect(q.e).toBe(p.e + 1); // 7.9 lies in [4, 8): one binade up, X doubles
    expect(await text(page, '[data-role="scales"]')).toContain(`e = 0x${q.e.toString(16)} = ${q.e} → X = 2^(${q.e} − 127) = 2^0 = 1`);
    expect(await cells(page)).toEqual(q.codes.map((c, i) => `${c.toString(16)} ${fmt(q.values[i]!, 3)}`));
    // 7.9 / X = 7.9 is past E2M1's largest value, 6: clipped to code 7.
    expect(q.codes[5]).toBe(7);
    expect(await text(page, '[data-role="error"]')).toContain('past 6·scale: clipped to the largest code');
    expect(await alt(page)).toContain(`Shared scale 1. Element 5, 7.9, is stored as code 7 and comes back as 6, an error of ${fmt(Math.abs(y[5]! - 6), 3)}.`);
    expect(await alt(page)).not.toBe(before);
    await page.close();
  });

  it('selects an element by pointer and arrow keys, and switches to NVFP4 with its four scales', async () => {
    const page = await open('mx-block');
    const x = mxBlock(32, 1, 2.7);
    const p = decodeMxfp4Block(quantizeGgml('mxfp4', x));
    await page.click('[data-role="element"][data-index="12"]');
    expect(await page.getAttribute('[data-role="element"][data-index="12"]', 'aria-current')).toBe('true');
    expect(await text(page, '[data-role="detail"]')).toContain(`Code ${p.codes[12]} = 0x${p.codes[12]!.toString(16)}`);
    expect(await text(page, '[data-role="detail"]')).toContain('in byte 13, low nibble');
    expect(await alt(page)).toContain(`Element 12, ${fmt(x[12]!, 4)}, is stored as code ${p.codes[12]} and comes back as ${fmt(p.values[12]!, 4)}`);
    for (let i = 0; i < 8; i++) await page.keyboard.press('ArrowRight');
    expect(await page.evaluate(() => (document.activeElement as HTMLElement).dataset.index)).toBe('20');
    expect(await text(page, '[data-role="detail"]')).toContain('in byte 5, high nibble'); // element 20 = 16 + 4
    expect(await alt(page)).toContain(`Element 20, ${fmt(x[20]!, 4)}, is stored as code ${p.codes[20]} and comes back as ${fmt(p.values[20]!, 4)}`);

    await page.click('[data-role="format"] button[data-value="nvfp4"]');
    const z = mxBlock(64, 1, 2.7);
    const n = decodeNvfp4Block(quantizeGgml('nvfp4', z));
    expect(await text(page, '[data-role="headline"]')).toBe(`NVFP4: 64 weights in 36 bytes, ${ggmlBitsPerWeight('nvfp4')} bits per weight.`);
    expect(await cells(page)).toEqual(n.codes.map((c, i) => `${c.toString(16)} ${fmt(n.values[i]!, 3)}`));
    expect(await texts(page, '[data-role="scales"] .mx-scale')).toEqual(n.scaleCodes.map((b, s) => `sub-block ${s}: 0x${b.toString(16).padStart(2, '0')} → ${fmt(n.scales[s]!, 4)}`));
    expect(await alt(page)).toContain(`Sub-block 1 scale ${fmt(n.scales[1]!, 4)}. Element 20, ${fmt(z[20]!, 4)}, is stored as code ${n.codes[20]} and comes back as ${fmt(n.values[20]!, 4)}`);
    await page.close();
  });
});

describe('every quant widget', () => {
  it('fits a 360 px phone (a wide table may scroll inside its own box) and has a text alternative', async () => {
    for (const w of QUANT_WIDGETS) {
      const page = await open(w, {}, { width: 360 });
      expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth), w).toBeLessThanOrEqual(0);
      expect((await alt(page)).length, w).toBeGreaterThan(40);
      await page.close();
    }
  });
});
