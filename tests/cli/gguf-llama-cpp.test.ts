/**
 * `quantcourse gguf` on the Q4_K_M file llama.cpp's own llama_model_quantize wrote from the lab model
 * (tests/fixtures/llama-cpp, scripts/llama-quantize-fixtures/make.py): the table shows the types the recipe
 * and its fallbacks picked, a tensor the core decodes comes out as ggml's to_float gives it, and the Q6_K
 * tensor is refused as not decodable (exit 3), never misread.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const BIN = path.resolve('bin/quantcourse.mjs');
const DIR = path.resolve('tests/fixtures/llama-cpp');
const FILE = path.join(DIR, 'q4_k_m.gguf');
const manifest = JSON.parse(readFileSync(path.join(DIR, 'manifest.json'), 'utf8')) as {
  files: Record<string, { tensors: { name: string; type: string; count: number; dequantized_sha256: string }[] }>;
};
const WANT = manifest.files['q4_k_m.gguf']!.tensors;
const tmp = mkdtempSync(path.join(os.tmpdir(), 'quantcourse-llama-cli-'));

function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { env: { ...process.env, NO_COLOR: '1' } }, (err, stdout, stderr) => {
      resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

describe('quantcourse gguf on llama.cpp\'s Q4_K_M of the lab model', () => {
  it('--json lists every tensor with the type llama.cpp gave it (ggml\'s own reader saw the same)', async () => {
    const r = await cli('gguf', FILE, '--json');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout) as { tensors: { name: string; type: string }[] };
    expect(j.tensors.map((t) => [t.name, t.type])).toEqual(WANT.map((t) => [t.name, t.type]));
  });

  it('the table: Q5_0 and Q8_0 fallbacks where rows are 64, Q4_K and Q6_K where they are 256, and the totals', async () => {
    const r = await cli('gguf', FILE);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/blk\.0\.ffn_down\.weight\s+\[256, 64\]\s+Q4_K\s+4\.5\s+9,216/);
    expect(r.stdout).toMatch(/blk\.1\.ffn_down\.weight\s+\[256, 64\]\s+Q6_K\s+6\.5625\s+13,440/);
    expect(r.stdout).toContain('not decodable here, listed only: Q6_K (1 tensor)\n');
    expect(r.stdout).toMatch(/output\.weight\s+\[64, 339\]\s+Q8_0\s+8\.5\s+23,052/);
    expect(r.stdout).toMatch(/token_embd\.weight\s+\[64, 339\]\s+Q5_0\s+5\.5\s+14,916/);
    expect(r.stdout).toMatch(/all\s+21\s+174,784\s+131,024\s+5\.9971/);
  });

  it('--dequantize writes ggml\'s values for the Q4_K tensor, and refuses the Q6_K one with exit 3', async () => {
    const out = path.join(tmp, 'down0.f32');
    const ok = await cli('gguf', FILE, '--tensor', 'blk.0.ffn_down.weight', '--dequantize', '-o', out);
    expect(ok.code, ok.stderr).toBe(0);
    const want = WANT.find((t) => t.name === 'blk.0.ffn_down.weight')!;
    expect(createHash('sha256').update(readFileSync(out)).digest('hex')).toBe(want.dequantized_sha256);

    const q6 = await cli('gguf', FILE, '--tensor', 'blk.1.ffn_down.weight', '--dequantize', '-o', path.join(tmp, 'down1.f32'));
    expect(q6.code).toBe(3);
    expect(q6.stderr).toMatch(/Q6_K tensors are not decodable here/);
  });
});
