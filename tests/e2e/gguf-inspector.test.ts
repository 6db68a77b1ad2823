/**
 * The GGUF inspector page in real Chromium on the built site: a llama-like GGUF written by the core's
 * writer is opened through the file input and by a drop; the page shows its metadata, tensor table,
 * totals, a tensor's histogram and one block decoded; bad files get the reader's own message; a decode
 * of a very large tensor (a sparse file, so no disk is used) can be cancelled and the page answers.
 */
import { mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  bytesSource, canDequantize, dequantizeGgml, quantizeGgml, readGguf, readTensorValues, unpackScalesK4, writeGguf, type GgufTensorInput, type GgufValue,
} from '../../src/core/index.ts';
import { ROOT } from '../../tools/site-harness/build.ts';
import { createRng } from '../../src/core/rng.ts';
import { STORAGE_KEY } from '../../src/progress/store.ts';
import { startSite, type OpenedPage, type Site } from '../../tools/site-harness/site.ts';
import { axeViolations } from './axe.ts';

const rng = createRng('gguf-inspector');
const normal = (n: number, std: number) => Float32Array.from({ length: n }, () => rng.normal(0, std));

// A tiny llama-like model: F32 embeddings and norm, Q8_0 attention, Q4_0 and Q4_K feed-forward, and a
// Q6_K output the course cannot decode (its bytes are random: only its size matters here).
const embd = normal(64 * 40, 0.02), attnQ = normal(64 * 64, 0.05), ffnUp = normal(64 * 128, 0.04), ffnDown = normal(256 * 64, 0.03);
const q4Bytes = quantizeGgml('q4_0', ffnUp), q4kBytes = quantizeGgml('q4_K', ffnDown);
const tensors: GgufTensorInput[] = [
  { name: 'token_embd.weight', type: 'F32', shape: [64, 40], data: new Uint8Array(embd.buffer.slice(0)) },
  { name: 'blk.0.attn_norm.weight', type: 'F32', shape: [64], data: new Uint8Array(new Float32Array(64).fill(1).buffer) },
  { name: 'blk.0.attn_q.weight', type: 'Q8_0', shape: [64, 64], data: quantizeGgml('q8_0', attnQ) },
  { name: 'blk.0.ffn_up.weight', type: 'Q4_0', shape: [64, 128], data: q4Bytes },
  { name: 'blk.0.ffn_down.weight', type: 'Q4_K', shape: [256, 64], data: q4kBytes },
  { name: 'output.weight', type: 'Q6_K', shape: [256, 40], data: Uint8Array.from({ length: 40 * 210 }, () => rng.int(0, 255)) },
];
const vocab = Array.from({ length: 300 }, (_, i) => (i < 3 ? ['<unk>', '<s>', '</s>'][i]! : `<0x${(i - 3).toString(16).toUpperCase().padStart(2, '0')}>`));
const metadata: [string, GgufValue][] = [
  ['general.architecture', { type: 'string', value: 'llama' }],
  ['general.name', { type: 'string', value: 'inspector test' }],
  ['llama.context_length', { type: 'u32', value: 128 }],
  ['llama.embedding_length', { type: 'u32', value: 64 }],
  ['tokenizer.ggml.model', { type: 'string', value: 'llama' }],
  ['tokenizer.ggml.tokens', { type: 'array', itemType: 'string', value: vocab }],
];
const good = writeGguf({ metadata, tensors });

let site: Site;
let dir: string;
beforeAll(async () => {
  site = await startSite();
  dir = mkdtempSync(path.join(tmpdir(), 'quantcourse-gguf-'));
});
afterAll(async () => {
  await site?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function openFile(bytes: Uint8Array, name = 'model.gguf'): Promise<OpenedPage> {
  const opened = await site.open('gguf/');
  await opened.page.setInputFiles('[data-role="file-input"]', { name, mimeType: 'application/octet-stream', buffer: Buffer.from(bytes) });
  return opened;
}

const text = (o: OpenedPage, sel: string) => o.page.locator(sel).first().innerText();
const num = (s: string) => Number(s.replace(/[\s\u202f,]/g, ''));

describe('the GGUF inspector', () => {
  it('shows the metadata, the tensor table and the totals of a file opened with the picker', async () => {
    const o = await openFile(good);
    await o.page.locator('[data-role="tensors"]').waitFor();
    expect(await text(o, '[data-role="metadata"] tr[data-key="general.architecture"] td.gi-value')).toBe('"llama"');
    expect(await text(o, '[data-role="metadata"] tr[data-key="llama.context_length"] td.gi-value')).toBe('128');
    // The vocabulary is collapsed: a count and the first items, not 300 rows of text.
    const vocabCell = o.page.locator('[data-role="metadata"] tr[data-key="tokenizer.ggml.tokens"] summary');
    expect(await vocabCell.innerText()).toMatch(/^300 × string: "<unk>", "<s>", "<\/s>", "<0x00>".*… 292 more$/);

    const rows = o.page.locator('[data-role="tensors"] tbody tr');
    expect(await rows.count()).toBe(tensors.length);
    const q4 = o.page.locator('[data-role="tensors"] tr[data-type="Q4_0"] td');
    expect(await q4.allInnerTexts()).toEqual(['3', '[64, 128]', 'Q4_0', '4.5', '8\u202f192', '4.50 KiB']);
    expect(await text(o, '[data-role="tensors"] tr[data-type="Q6_K"] td:nth-of-type(3)')).toBe('Q6_K (not decodable here)');

    // Sorting by bytes, descending: the largest tensor first.
    await o.page.click('[data-sort="bytes"]');
    await o.page.click('[data-sort="bytes"]');
    const largest = tensors.reduce((a, b) => (b.data.length > a.data.length ? b : a));
    expect(await text(o, '[data-role="tensors"] tbody tr:first-child .gi-choose')).toBe(largest.name);
    expect(await o.page.locator('th[data-col="bytes"]').getAttribute('aria-sort')).toBe('descending');

    // Totals: the exact file size, and bits per weight overall and by type, from the bytes written.
    expect(await text(o, '[data-role="file-size"]')).toContain(`${good.length.toLocaleString('en').replace(/,/g, '\u202f')} bytes`);
    const bytes = tensors.reduce((a, t) => a + t.data.length, 0), values = tensors.reduce((a, t) => a + t.shape.reduce((x, y) => x * y, 1), 0);
    expect(await text(o, '[data-role="average-bits"]')).toBe(`${Number(((8 * bytes) / values).toFixed(4))} bits per weight`);
    expect(await o.page.locator('[data-role="totals"] tr[data-type="Q4_K"] td').allInnerTexts()).toEqual(['1', '16\u202f384', '9.00 KiB', '4.5', 'yes']);
    expect(await text(o, '[data-role="undecodable"]')).toContain('Not decodable here: Q6_K.');
    expect(o.problems()).toEqual([]);
    expect(await axeViolations(o.page)).toEqual([]);
    await o.context.close();
  });

  it('draws a chosen tensor\'s histogram and shows its blocks field by field, decoded by the core', async () => {
    const o = await openFile(good);
    await o.page.click('.gi-choose[data-tensor="3"]');
    const caption = o.page.locator('[data-role="histogram-caption"]');
    await caption.waitFor();
    const deq = dequantizeGgml('q4_0', q4Bytes, ffnUp.length);
    const min = Math.min(...deq), max = Math.max(...deq);
    const m = /^blk\.0\.ffn_up\.weight: ([\d\u202f]+) values from (\S+) to (\S+), mean/.exec(await caption.innerText());
    expect(m).not.toBeNull();
    expect(num(m![1]!)).toBe(ffnUp.length);
    expect(Number(m![2])).toBeCloseTo(min, 4);
    expect(Number(m![3])).toBeCloseTo(max, 4);
    const bars = await o.page.locator('[data-role="histogram"] rect').evaluateAll((rs) => rs.map((r) => Number(r.getAttribute('data-count'))));
    expect(bars.length).toBeGreaterThan(5);
    expect(bars.reduce((a, b) => a + b, 0)).toBe(ffnUp.length);

    // Block 0: its fp16 scale as stored (low byte first), and each value's 4-bit code beside the core's value.
    const block = o.page.locator('[data-role="block"]');
    await block.waitFor();
    const dBits = q4Bytes[0]! | (q4Bytes[1]! << 8);
    expect(await text(o, '[data-role="block-fields"]')).toContain(`0x${dBits.toString(16).toUpperCase().padStart(4, '0')}`);
    const first = await o.page.locator('[data-role="block-values"] tbody tr:first-child td').allInnerTexts();
    expect(num(first[1]!)).toBe(q4Bytes[2]! & 0xf);
    expect(Number(first[2])).toBeCloseTo(deq[0]!, 5);
    expect(await o.page.locator('[data-role="block-bytes"] .gi-byte').count()).toBe(18);

    // No passed pack-ggml in this browser: the page says how to get the comparison.
    await o.page.locator('[data-role="learner-missing"]').waitFor();

    // Block 5 of the same tensor, chosen by number.
    await o.page.fill('[data-role="block-input"]', '5');
    await o.page.dispatchEvent('[data-role="block-input"]', 'change');
    await o.page.locator('[data-role="block"][data-block="5"]').waitFor();
    const row0 = await o.page.locator('[data-role="block-values"] tbody tr:first-child td').allInnerTexts();
    expect(Number(row0[2])).toBeCloseTo(deq[5 * 32]!, 5);

    // A Q4_K super-block: d and dmin, and the 8 sub-blocks' 6-bit codes as the core unpacks them.
    await o.page.click('.gi-choose[data-tensor="4"]');
    await o.page.locator('[data-role="block"] [data-role="block-fields"]').filter({ hasText: 'dmin' }).waitFor();
    const { scales, mins } = unpackScalesK4(q4kBytes, 4);
    const subRows = await o.page.locator('[data-role="block-values"] tbody tr').evaluateAll((rs) => rs.map((r) => [...r.children].map((c) => c.textContent)));
    expect(subRows.map((r) => [Number(r[1]), Number(r[2])])).toEqual(scales.map((s, i) => [s, mins[i]]));
    await caption.filter({ hasText: 'blk.0.ffn_down.weight' }).waitFor();

    // The Q6_K tensor: listed, its bytes shown, but no values and no histogram.
    await o.page.click('.gi-choose[data-tensor="5"]');
    await expect(o.page.locator('[data-role="histogram-box"] [data-role="not-decodable"]').innerText()).resolves.toContain('Q6_K tensors are not decodable here');
    await o.page.locator('[data-role="block-box"] [data-role="not-decodable"]').waitFor();
    expect(await o.page.locator('[data-role="block-bytes"] .gi-byte').count()).toBe(210);
    expect(o.problems()).toEqual([]);
    expect(await axeViolations(o.page)).toEqual([]);

    // On a small phone, in the dark theme: the page never scrolls sideways (wide tables scroll in their
    // own labelled boxes), and the colours still pass the audit.
    await o.page.click('.gi-choose[data-tensor="4"]');
    await caption.filter({ hasText: 'blk.0.ffn_down.weight' }).waitFor();
    await o.page.setViewportSize({ width: 360, height: 740 });
    await o.page.evaluate(() => { document.documentElement.dataset.theme = 'dark'; });
    expect(await o.page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
    expect(await axeViolations(o.page)).toEqual([]);
    await o.context.close();
  });

  it('reads a file written by another tool (gguf-py) as gguf-py dequantizes it', async () => {
    // tests/fixtures/gguf (scripts/gguf-fixtures/make.py): the tensors in many types, and gguf-py's own
    // dequantization of each as F32 in a second file.
    const fixture = path.join(ROOT, 'tests/fixtures/gguf/gguf-py-tensors.gguf');
    const src = bytesSource(readFileSync(fixture));
    const info = await readGguf(src);
    const expected = await readGguf(bytesSource(readFileSync(path.join(ROOT, 'tests/fixtures/gguf/gguf-py-expected.gguf'))));
    const exSource = bytesSource(readFileSync(path.join(ROOT, 'tests/fixtures/gguf/gguf-py-expected.gguf')));
    const o = await site.open('gguf/');
    await o.page.setInputFiles('[data-role="file-input"]', fixture);
    await o.page.locator('[data-role="tensors"]').waitFor();
    const names = await o.page.locator('[data-role="tensors"] .gi-choose').allInnerTexts();
    expect(names).toEqual(expected.tensors.map((t) => t.name));
    const types = await o.page.locator('[data-role="tensors"] tbody tr').evaluateAll((rs) => rs.map((r) => r.getAttribute('data-type')));
    expect(types).toEqual(info.tensors.map((t) => t.type.name));
    for (const name of ['blk.0.ffn_gate.weight', 'blk.0.ffn_down.weight', 'blk.0.attn_output.weight']) {
      const i = info.tensors.findIndex((t) => t.name === name);
      expect(canDequantize(info.tensors[i]!.type.name)).toBe(true);
      const want = await readTensorValues(exSource, expected.tensors.find((t) => t.name === name)!);
      await o.page.click(`.gi-choose[data-tensor="${i}"]`);
      const caption = o.page.locator('[data-role="histogram-caption"]').filter({ hasText: `${name}:` });
      await caption.waitFor();
      const m = /values from (\S+) to (\S+), mean/.exec(await caption.innerText())!;
      expect(Number(m[1])).toBeCloseTo(Math.min(...want), 4);
      expect(Number(m[2])).toBeCloseTo(Math.max(...want), 4);
      await o.page.locator(`[data-role="block"][data-block="0"]`).waitFor();
      const last = await o.page.locator('[data-role="block-values"] tbody tr:first-child td').last().innerText();
      // The block table's last column holds decoded values (a K-quant's row lists its sub-block's first ones).
      expect(Number(last.split(',')[0])).toBeCloseTo(want[0]!, 4);
    }
    // A type the course has no codec for is listed and said to be so, never misread.
    const q6 = info.tensors.findIndex((t) => t.type.name === 'Q6_K');
    await o.page.click(`.gi-choose[data-tensor="${q6}"]`);
    await o.page.locator('[data-role="histogram-box"] [data-role="not-decodable"]').waitFor();
    expect(o.problems()).toEqual([]);
    await o.context.close();
  });

  // The learner's pack-ggml code, saved as passed: the reference solution packs the file's bytes
  // exactly; a wrong variant (each byte's two nibbles swapped) is caught at its first differing byte.
  it.each([
    ['the reference solution', 'pack-ggml.ts', true],
    ['a wrong variant', 'wrong/pack-ggml/nibbles-swapped.ts', false],
  ])('packs a Q4_0 block with the learner\'s own passed code (%s) beside the file\'s bytes', async (_, file, match) => {
    const code = readFileSync(path.join(ROOT, 'solutions', file), 'utf8');
    const context = await site.newContext();
    const state = { version: 1, exercises: { 'pack-ggml': { code, passedAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z' } } };
    await context.addInitScript(([key, value]) => {
      // Only in the page itself: the sandbox's frame (an opaque origin) may not touch storage.
      if (window === window.top && !localStorage.getItem(key!)) localStorage.setItem(key!, value!);
    }, [STORAGE_KEY, JSON.stringify(state)]);
    const o = await site.open('gguf/', { context });
    await o.page.setInputFiles('[data-role="file-input"]', { name: 'model.gguf', mimeType: 'application/octet-stream', buffer: Buffer.from(good) });
    await o.page.click('.gi-choose[data-tensor="3"]');
    await o.page.click('[data-action="learner-pack"]');
    const verdict = o.page.locator('[data-role="learner-verdict"]');
    await verdict.waitFor();
    expect(await verdict.getAttribute('data-match')).toBe(String(match));
    const yours = (await text(o, '[data-role="learner-bytes"]')).replace(/^Yours: /, '').split(' ').map((x) => parseInt(x, 16));
    const want = [...q4Bytes.subarray(0, 18)];
    if (match) expect(yours).toEqual(want);
    else expect(await verdict.innerText()).toMatch(new RegExp(`^First difference at byte ${yours.findIndex((b, i) => b !== want[i])}:`));
    expect(o.problems()).toEqual([]);
    await o.context.close();
  });

  it('opens a file dropped on the page', async () => {
    const o = await site.open('gguf/');
    await o.page.evaluate((bytes) => {
      const dt = new DataTransfer();
      dt.items.add(new File([Uint8Array.from(bytes)], 'dropped.gguf'));
      document.querySelector('[data-role="drop-zone"]')!.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
    }, [...good]);
    await o.page.locator('[data-role="tensors"]').waitFor();
    expect(await o.page.locator('[data-role="tensors"] tbody tr').count()).toBe(tensors.length);
    expect(await text(o, '[data-role="status"]')).toMatch(/^Opened: 6 tensors, 6 metadata entries/);
    expect(o.problems()).toEqual([]);
    await o.context.close();
  });

  // Each bad file gets the message the core's reader gives it, shown in the page.
  const truncatedTensor = good.slice(0, good.length - 100);
  const badVersion = good.slice();
  badVersion[4] = 7;
  it.each([
    ['not a GGUF', new TextEncoder().encode('{"this": "is JSON, not a model"}')],
    ['truncated in its header', good.slice(0, 150)],
    ['cut short in its tensor data', truncatedTensor],
    ['of an unknown version', badVersion],
  ])('a file %s gets the reader\'s message', async (_, bytes) => {
    const expected = await readGguf(bytesSource(bytes)).then(() => 'no error', (e: Error) => e.message);
    expect(expected).not.toBe('no error');
    const o = await openFile(bytes, 'bad.gguf');
    const status = o.page.locator('[data-role="status"].gi-error');
    await status.waitFor();
    expect(await status.innerText()).toBe(`This file cannot be read as GGUF: ${expected}`);
    expect(await o.page.locator('[data-role="tensors"]').count()).toBe(0);
    expect(o.problems()).toEqual([]);
    await o.context.close();
  });

  it('cancels the decode of a two-billion-value tensor, and the page answers at once', async () => {
    // A one-tensor GGUF written small, then its shape patched to 2^31 values and the file extended
    // (sparse: the data is zeros that take no disk) to the 1.2 GB its Q4_0 blocks need.
    const n1 = 2 ** 31 / 32;
    const small = writeGguf({ metadata: [['general.architecture', { type: 'string', value: 'llama' }]], tensors: [
      { name: 'big.weight', type: 'Q4_0', shape: [32, 1], data: new Uint8Array(18) },
      { name: 'small.weight', type: 'Q8_0', shape: [32, 1], data: quantizeGgml('q8_0', normal(32, 1)) },
    ] });
    const header = await readGguf(bytesSource(small));
    const name = new TextEncoder().encode('big.weight');
    const at = small.findIndex((_, i) => name.every((b, k) => small[i + k] === b)) + name.length;
    const view = new DataView(small.buffer, small.byteOffset);
    expect(view.getUint32(at, true)).toBe(2);
    view.setBigUint64(at + 12, BigInt(n1), true);
    // The small tensor's data now sits inside the big one's: move its offset past the big one's end.
    const smallAt = small.findIndex((_, i) => i > at && new TextEncoder().encode('small.weight').every((b, k) => small[i + k] === b)) + 'small.weight'.length;
    const bigBytes = n1 * 18;
    view.setBigUint64(smallAt + 4 + 16 + 4, BigInt(bigBytes), true);
    const file = path.join(dir, 'big.gguf');
    writeFileSync(file, small.subarray(0, header.dataOffset));
    truncateSync(file, header.dataOffset + bigBytes + 64);
    const patched = await readGguf({ size: header.dataOffset + bigBytes + 64, read: async (o, l) => small.subarray(o, o + l) });
    expect(patched.tensors.map((t) => t.elements)).toEqual([2 ** 31, 32]);

    const o = await site.open('gguf/');
    await o.page.setInputFiles('[data-role="file-input"]', file);
    await o.page.click('.gi-choose[data-tensor="0"]');
    const progressText = o.page.locator('[data-role="progress-text"]');
    await progressText.filter({ hasText: /^Decoded .* of / }).waitFor();
    await o.page.click('[data-action="cancel"]');
    await progressText.filter({ hasText: /^Cancelled at / }).waitFor();
    const [value, max] = await o.page.locator('[data-role="progress"]').evaluate((p: HTMLProgressElement) => [p.value, p.max]);
    expect(value).toBeGreaterThan(0);
    expect(value).toBeLessThan(max);
    expect(await o.page.locator('[data-role="histogram"]').count()).toBe(0);
    expect(await o.page.locator('[data-action="decode"]').isVisible()).toBe(true);
    // The page and its worker answer: the other tensor is chosen and decoded.
    await o.page.click('.gi-choose[data-tensor="1"]');
    await o.page.locator('[data-role="histogram-caption"]').filter({ hasText: /^small\.weight: 32 values/ }).waitFor();
    expect(o.problems()).toEqual([]);
    await o.context.close();
  });
});
