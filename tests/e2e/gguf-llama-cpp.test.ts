/**
 * The GGUF inspector in real Chromium on a file llama.cpp itself wrote: llama_model_quantize's Q4_K_M of the
 * lab model (tests/fixtures/llama-cpp, scripts/llama-quantize-fixtures/make.py). The page lists the types
 * the recipe and its fallbacks chose, decodes the Q4_K tensor as the core does (the unit tests hold that to
 * ggml's own to_float), and says the Q6_K tensor is not decodable here instead of misreading it.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bytesSource, readGguf, readTensorValues } from '../../src/core/index.ts';
import { ROOT } from '../../tools/site-harness/build.ts';
import { startSite, type Site } from '../../tools/site-harness/site.ts';

const FILE = path.join(ROOT, 'tests/fixtures/llama-cpp/q4_k_m.gguf');
let site: Site;
beforeAll(async () => {
  site = await startSite();
});
afterAll(async () => {
  await site?.stop();
});

describe('the GGUF inspector on llama.cpp\'s Q4_K_M', () => {
  it('shows each tensor\'s type, decodes the Q4_K tensor and refuses the Q6_K one', async () => {
    const bytes = readFileSync(FILE);
    const info = await readGguf(bytesSource(bytes));
    const o = await site.open('gguf/');
    await o.page.setInputFiles('[data-role="file-input"]', FILE);
    await o.page.locator('[data-role="tensors"]').waitFor();
    const types = await o.page.locator('[data-role="tensors"] tbody tr').evaluateAll((rs) => rs.map((r) => r.getAttribute('data-type')));
    expect(types).toEqual(info.tensors.map((t) => t.type.name));
    expect(new Set(types)).toEqual(new Set(['F32', 'Q5_0', 'Q8_0', 'Q4_K', 'Q6_K']));
    expect(await o.page.locator('[data-role="tensors"] tr[data-type="Q6_K"] td:nth-of-type(3)').first().innerText()).toBe('Q6_K (not decodable here)');
    expect(await o.page.locator('[data-role="undecodable"]').first().innerText()).toContain('Not decodable here: Q6_K.');
    expect(await o.page.locator('[data-role="average-bits"]').first().innerText()).toBe('5.9971 bits per weight');

    const down0 = info.tensors.findIndex((t) => t.name === 'blk.0.ffn_down.weight');
    const want = await readTensorValues(bytesSource(bytes), info.tensors[down0]!);
    await o.page.click(`.gi-choose[data-tensor="${down0}"]`);
    const caption = o.page.locator('[data-role="histogram-caption"]').filter({ hasText: 'blk.0.ffn_down.weight:' });
    await caption.waitFor();
    const m = /values from (\S+) to (\S+), mean/.exec(await caption.innerText())!;
    expect(Number(m[1])).toBeCloseTo(Math.min(...want), 4);
    expect(Number(m[2])).toBeCloseTo(Math.max(...want), 4);
    await o.page.locator('[data-role="block"] [data-role="block-fields"]').filter({ hasText: 'dmin' }).waitFor();

    const down1 = info.tensors.findIndex((t) => t.name === 'blk.1.ffn_down.weight');
    await o.page.click(`.gi-choose[data-tensor="${down1}"]`);
    await expect(o.page.locator('[data-role="histogram-box"] [data-role="not-decodable"]').innerText()).resolves.toContain('Q6_K tensors are not decodable here');
    expect(await o.page.locator('[data-role="block-bytes"] .gi-byte').count()).toBe(210);
    expect(o.problems()).toEqual([]);
    await o.context.close();
  });
});
