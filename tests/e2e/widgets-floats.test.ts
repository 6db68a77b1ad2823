/**
 * Browser tests of the "floats" widgets (lessons 1–5), mounted one at a time into a fixture page
 * (tests/e2e/fixtures/floats/build.ts) so they run without the Astro site. For each widget: its main
 * interaction changes what it shows and its text alternative, by keyboard and by pointer.
 * Expected numbers come from the reference core, computed here in Node.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  countRepresentable, decodeFloat, encodeFloat, FORMATS, fromBits, loadModel, modelBytes, nextUp, parseManifest, roundToFormat, roundToFormatValue,
} from '../../src/core/index.ts';
import { fmt } from '../../src/widgets/shared/dom.ts';
import { launchBrowser } from '../../tools/site-harness/browser.ts';
import { ROOT } from '../../tools/site-harness/build.ts';
import { buildFloatsFixture } from './fixtures/floats/build.ts';
import { serveSite, type SiteServer } from '../../tools/site-harness/server.ts';

let site: SiteServer;
let browser: Browser;

beforeAll(async () => {
  site = await serveSite(await buildFloatsFixture());
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await site?.close();
});

/** Open the fixture with one widget mounted; fails the test on any page error. */
async function open(widget: string, props: Record<string, unknown> = {}, width = 800): Promise<Page> {
  const page = await browser.newPage({ viewport: { width, height: 900 } });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${site.url}?w=${widget}&props=${encodeURIComponent(JSON.stringify(props))}`);
  await page.waitForSelector('.widget-root[data-state="ready"]');
  expect(errors).toEqual([]);
  return page;
}
const alt = (page: Page) => page.textContent('[data-role="alt"]') as Promise<string>;
const text = (page: Page, sel: string) => page.textContent(sel) as Promise<string>;

describe('float-explorer', () => {
  const f32 = FORMATS.float32;
  const start = encodeFloat(0.1, f32);

  it('toggles a bit with the pointer: the sign bit negates the value', async () => {
    const page = await open('float-explorer');
    const before = await alt(page);
    await page.click('[data-role="bit"][data-bit="31"]');
    expect(await page.getAttribute('[data-role="bit"][data-bit="31"]', 'aria-pressed')).toBe('true');
    expect(await text(page, '[data-role="value"]')).toMatch(/^-0\.1000000014/);
    expect(await alt(page)).not.toBe(before);
    await page.close();
  });

  it('steps to the next representable value from the keyboard, and reset returns', async () => {
    const page = await open('float-explorer');
    await page.focus('[data-role="next"]');
    await page.keyboard.press('Enter');
    const expected = decodeFloat(nextUp(start, f32), f32);
    expect(await text(page, '[data-role="formula"]')).toContain(String(Number(expected.toPrecision(10))));
    expect(await alt(page)).toContain(String(Number(expected.toPrecision(10))));
    await page.focus('[data-role="reset"]');
    await page.keyboard.press('Space');
    expect(await text(page, '[data-role="value"]')).toBe('0.100000001490116119384765625');
    await page.close();
  });

  it('moves between bits with the arrow keys and toggles with Space', async () => {
    const page = await open('float-explorer');
    await page.focus('[data-role="bit"][data-bit="31"]');
    await page.keyboard.press('ArrowRight'); // to bit 30, the top exponent bit
    await page.keyboard.press('Space');
    expect(await page.evaluate(() => (document.activeElement as HTMLElement).dataset.bit)).toBe('30');
    const v = decodeFloat(start + 2 ** 30, f32); // 0.1's exponent field with its top bit set
    expect(await alt(page)).toContain(v.toExponential(9).replace(/\.?0+e/, 'e'));
    await page.close();
  });

  it('rounds a typed number in, reaches Infinity and NaN, and explains bad input', async () => {
    const page = await open('float-explorer', { format: 'float16' });
    await page.fill('[data-role="input"]', '1e5');
    await page.press('[data-role="input"]', 'Enter');
    expect(await text(page, '[data-role="value"]')).toBe('+Infinity');
    await page.click('[data-role="jump"][data-value="NaN"]');
    expect(await text(page, '[data-role="value"]')).toBe('NaN');
    await page.fill('[data-role="input"]', 'abc');
    await page.click('[data-role="round"]');
    expect(await text(page, '[data-role="rounded"]')).toMatch(/"abc" is not a number/);
    await page.close();
  });

  it('offers every format when format="all" and carries the value over', async () => {
    const page = await open('float-explorer', { format: 'all' });
    await page.selectOption('[data-role="format"]', 'bfloat16');
    expect(await page.locator('[data-role="bit"]').count()).toBe(16);
    const bf = FORMATS.bfloat16;
    const stored = decodeFloat(encodeFloat(decodeFloat(start, f32), bf), bf);
    expect(await alt(page)).toContain(String(Number(stored.toPrecision(10))));
    await page.close();
  });

  it('shows a clear error for an unknown format', async () => {
    const page = await open('float-explorer', { format: 'float99' });
    expect(await text(page, '[data-role="error"]')).toMatch(/unknown float format "float99"; use one of float32/);
    await page.close();
  });
});

describe('uint8-bits', () => {
  it('adds a power of two when a bit is tapped', async () => {
    const page = await open('uint8-bits');
    const before = Number(await text(page, '[data-role="value"]'));
    await page.click('[data-role="bit"][data-bit="6"]');
    expect(Number(await text(page, '[data-role="value"]'))).toBe(before + 64);
    // Named as shown (digit, then place value), with what the bit is worth.
    expect(await text(page, '[data-role="bit"][data-bit="6"]')).toBe('1 64');
    expect(await page.getAttribute('[data-role="bit"][data-bit="6"]', 'aria-label')).toBe('1 × 64, the bit worth 64');
    expect(await alt(page)).toContain(`= ${before + 64}.`);
    await page.close();
  });

  it('moves with the slider from the keyboard and reads the bits as two\'s complement', async () => {
    const page = await open('uint8-bits');
    await page.focus('[data-role="value-slider"]');
    await page.keyboard.press('ArrowRight');
    const sum = await text(page, '[data-role="sum"]');
    const bits = sum.slice(0, 8).split('').map(Number);
    expect(fromBits(bits, false)).toBe(Number(await text(page, '[data-role="value"]')));
    await page.click('[data-role="signedness"] [data-value="signed"]');
    const signedText = (await text(page, '[data-role="value"]')).replace('−', '-');
    expect(Number(signedText)).toBe(fromBits(bits, true));
    expect(await alt(page)).toContain("signed two's complement");
    await page.close();
  });
});

describe('tiny-network', () => {
  it('shows a node\'s parameters on hover and on keyboard focus', async () => {
    const page = await open('tiny-network');
    await page.hover('[data-node="output-0"]');
    expect(await text(page, '[data-role="node-info"]')).toMatch(/output neuron: weights .* 4 parameters/);
    expect(await alt(page)).toMatch(/output neuron/);
    await page.focus('[data-node="input-0"]');
    await page.keyboard.press('ArrowRight');
    expect(await page.evaluate(() => (document.activeElement as SVGElement).dataset.node)).toBe('input-1');
    expect(await text(page, '[data-role="node-info"]')).toMatch(/Input x2 .* 0 parameters/);
    await page.close();
  });

  it('changes its output with the input slider and scales memory to real models', async () => {
    const page = await open('tiny-network');
    const before = await alt(page);
    await page.focus('[data-role="input-0"]');
    await page.keyboard.press('End');
    expect(await alt(page)).toMatch(/^Inputs 1 and/);
    expect(await alt(page)).not.toBe(before);
    await page.click('[data-role="scale"] [data-value="80b"]');
    const gb = modelBytes(80e9, 16) / 1e9; // 80 billion parameters × 2 bytes
    expect(await text(page, '[data-role="memory"]')).toContain(`${gb} GB`);
    await page.close();
  });
});

describe('number-line', () => {
  const e2m1 = FORMATS.e2m1;

  it('moves the value with the arrow keys and re-rounds it in every format', async () => {
    const page = await open('number-line', { formats: 'bfloat16,e2m1', value: 1.3 });
    await page.focus('[data-role="handle"]');
    await page.keyboard.press('Shift+ArrowRight'); // a twentieth of the view's width (4)
    const v = Number(await page.getAttribute('[data-role="handle"]', 'aria-valuenow'));
    expect(v).toBeCloseTo(1.5, 12);
    expect(await alt(page)).toContain(`fp4 E2M1 stores ${roundToFormatValue(v, e2m1)}`);
    await page.close();
  });

  it('follows a pointer drag', async () => {
    const page = await open('number-line', { formats: 'e2m1', value: 1.3 });
    const box = (await page.locator('[data-role="lines"]').boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.2, box.y + 30);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.9, box.y + 30, { steps: 4 });
    await page.mouse.up();
    const v = Number(await page.getAttribute('[data-role="handle"]', 'aria-valuenow'));
    expect(v).toBeGreaterThan(2.5); // the view is -0.5…3.5, and 90% across is about 3.1
    expect(await text(page, '[data-role="readout"]')).toContain(String(roundToFormatValue(v, e2m1)));
    await page.close();
  });

  it('counts the values it cannot draw with the core', async () => {
    const page = await open('number-line', { formats: 'float16', value: 1.3 });
    const n = countRepresentable(-0.5, 3.5, FORMATS.float16);
    expect(await text(page, '[data-role="lines"]')).toContain(`${n.toLocaleString('en-US')} values`);
    await page.close();
  });
});

describe('float-histogram', () => {
  it('states the float32 count in [-0.5, 0.5] from the core', async () => {
    const page = await open('float-histogram');
    const n = countRepresentable(-0.5, 0.5, FORMATS.float32);
    expect(n).toBeGreaterThan(2e9);
    expect(await text(page, '[data-role="headline"]')).toContain(n.toLocaleString('en-US'));
    await page.close();
  });

  it('switches to a log axis and to percentages with the pointer', async () => {
    const page = await open('float-histogram');
    const before = await alt(page);
    await page.click('[data-role="axis"] [data-value="log"]');
    const perBinade = countRepresentable(1, 2, FORMATS.float32) - 1; // [1, 2) holds 2^23 values
    expect(await alt(page)).toContain(`Every binade holds the same ${perBinade.toLocaleString('en-US')} values`);
    expect(await alt(page)).not.toBe(before);
    await page.click('[data-role="units"] [data-value="percent"]');
    expect(await alt(page)).toContain('showing percentages');
    expect(await page.locator('[data-role="range"]').isVisible()).toBe(false);
    await page.close();
  });

  it('reads each bar with the arrow keys', async () => {
    const page = await open('float-histogram');
    await page.focus('[data-role="bar"][tabindex="0"]');
    const before = await text(page, '[data-role="detail"]');
    await page.keyboard.press('ArrowRight');
    const detail = await text(page, '[data-role="detail"]');
    expect(detail).not.toBe(before);
    // The bar right of [0, 0.125) is [0.125, 0.25): count it with the core.
    const n = countRepresentable(0.125, 0.25, FORMATS.float32) - countRepresentable(0.25, 0.25, FORMATS.float32);
    expect(detail).toContain(`[0.125, 0.25): ${n.toLocaleString('en-US')} values`);
    expect(await alt(page)).toContain(detail);
    await page.close();
  });
});

describe('sine-formats', () => {
  it('zooms by keyboard and, with reduced motion, shows the final view at once', async () => {
    const page = await browser.newPage({ viewport: { width: 800, height: 900 }, reducedMotion: 'reduce' });
    await page.goto(`${site.url}?w=sine-formats`);
    await page.waitForSelector('.widget-root[data-state="ready"]');
    expect(await alt(page)).toMatch(/^sin\(x\) at 1x zoom, x from 0 to 6\.283/);
    await page.focus('[data-role="zoom"] [data-value="1"]');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight'); // 200x
    expect(await alt(page)).toMatch(/^sin\(x\) at 200x zoom, x from 0\.98/);
    expect(await alt(page)).toMatch(/fp4 E2M1 lies entirely outside this view/);
    await page.close();
  });

  it('hides and shows a format with the pointer', async () => {
    const page = await open('sine-formats');
    expect(await page.locator('[data-role="plot"] path[data-format="e2m1"]').count()).toBe(1);
    await page.click('[data-role="series"][data-value="e2m1"]');
    expect(await page.getAttribute('[data-role="series"][data-value="e2m1"]', 'aria-pressed')).toBe('false');
    expect(await page.locator('[data-role="plot"] path[data-format="e2m1"]').count()).toBe(0);
    expect(await alt(page)).not.toContain('fp4 E2M1');
    await page.close();
  });
});

describe('tiny-model-rounding', () => {
  it('shows fp4 rounding every weight to 0 and its output staying at 0 as the input moves', async () => {
    const page = await open('tiny-model-rounding');
    const zeros = await page.locator('[data-role="weights"] td.tm-zero').count();
    expect(zeros).toBeGreaterThan(0);
    expect(await alt(page)).toContain(`fp4 E2M1 ${zeros} of 8`);
    const before = await text(page, '[data-role="outputs"] [data-format="float32"]');
    await page.focus('[data-role="input"]');
    await page.keyboard.press('Home');
    expect(await text(page, '[data-role="outputs"] [data-format="float32"]')).not.toBe(before);
    expect(Number(await text(page, '[data-role="outputs"] [data-format="e2m1"]'))).toBe(0);
    expect(await alt(page)).toMatch(/^Input s = -3\./);
    await page.close();
  });

  it('moves with a pointer click on the slider', async () => {
    const page = await open('tiny-model-rounding');
    const box = (await page.locator('[data-role="input"]').boundingBox())!;
    await page.mouse.click(box.x + box.width * 0.5, box.y + box.height / 2); // the middle: s = 0
    expect(await alt(page)).toMatch(/^Input s = 0\. Outputs: float32 0,/);
    await page.close();
  });
});

describe('param-histogram', () => {
  // The course model as the widget should show it: every tensor in file order, read by the core in Node.
  const model = loadModel(parseManifest(JSON.parse(readFileSync(path.join(ROOT, 'public/model/manifest.json'), 'utf8'))), readFileSync(path.join(ROOT, 'public/model/weights.bin')));
  const weights = model.manifest.tensors.flatMap((t) => Array.from(model.tensors[t.name]!));
  /** The widget's sentence about rounding the weights into `format`, from the core. */
  const rounding = (format: 'e4m3fn' | 'float16', label: string) => {
    const r = roundToFormat(weights, FORMATS[format]);
    const zeros = r.filter((v) => v === 0).length;
    return `Stored in ${label}, the ${weights.length.toLocaleString('en-US')} weights take ${new Set(r).size.toLocaleString('en-US')} distinct values and ${fmt((100 * zeros) / r.length, 3)}% of them become 0.`;
  };
  const loaded = (page: Page) => page.waitForSelector('[data-role="source"]:not([data-loading])');

  it('plots the course model\'s real weights and changes the overlay by pointer and keyboard', async () => {
    const page = await open('param-histogram');
    await loaded(page);
    expect(weights.length).toBe(174_784);
    const source = await text(page, '[data-role="source"]');
    expect(source).toBe(`The course model, the ${model.config.layers}-layer, width-${model.config.width} character-level transformer trained on Moby-Dick that the lab quantizes: all 174,784 of its parameters.`);
    expect(source).not.toMatch(/stand-in|synthetic/i);
    expect(await page.getAttribute('[data-role="source"]', 'data-stand-in')).toBeNull();
    // The bars are the weights': the tallest bins hold real counts of the 174,784.
    const bars = await page.locator('rect.ph-bar').evaluateAll((rs) => rs.map((r) => Number(r.getAttribute('height'))));
    expect(bars.length).toBe(80);
    expect(Math.max(...bars)).toBeGreaterThan(50);
    expect(await text(page, '[data-role="stats"]')).toContain(rounding('e4m3fn', 'fp8 E4M3FN'));
    expect(await alt(page)).toMatch(/^Histogram of the course model's weights from -0\.\d+ to 0\.\d+: they cluster around 0\./);
    expect(await page.locator('[data-role="overlay-tick"]').count()).toBeGreaterThan(10); // fp8 values are few enough to draw

    const before = await alt(page);
    await page.click('[data-role="overlay"] [data-value="float16"]');
    expect(await page.locator('[data-role="overlay-band"]').count()).toBeGreaterThan(0); // float16 values are too dense: a shaded strip
    expect(await page.locator('[data-role="overlay-tick"]').count()).toBe(0);
    expect(await alt(page)).toContain(rounding('float16', 'float16'));
    expect(await alt(page)).not.toBe(before);
    await page.focus('[data-role="overlay"] [data-value="float16"]');
    await page.keyboard.press('ArrowRight');
    expect(await page.getAttribute('[data-role="overlay"] [data-value="bfloat16"]', 'aria-pressed')).toBe('true');
    expect(await alt(page)).toContain('Stored in bfloat16, the 174,784 weights');
    await page.keyboard.press('End'); // "none"
    expect(await alt(page)).toContain('No overlay: only the weights are drawn.');
    expect(await page.locator('[data-role="overlay-band"], [data-role="overlay-tick"]').count()).toBe(0);
    await page.close();
  });

  it('says why, and labels a synthetic stand-in, when the model cannot be downloaded', async () => {
    const page = await browser.newPage({ viewport: { width: 800, height: 900 } });
    await page.route('**/model/weights.bin', (route) => route.fulfill({ status: 404, body: 'gone' }));
    await page.goto(`${site.url}?w=param-histogram`);
    await loaded(page);
    expect(await text(page, '[data-role="source"]')).toMatch(/^Stand-in: 50,000 synthetic Gaussian weights \(std 0\.02\), because the course model failed to load \(could not load the course model: \/model\/weights\.bin answered 404/);
    expect(await page.getAttribute('[data-role="source"]', 'data-stand-in')).toBe('');
    expect(await alt(page)).toMatch(/^Histogram of stand-in synthetic weights/);
    await page.close();
  });
});
