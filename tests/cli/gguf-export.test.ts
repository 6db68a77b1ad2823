/** `quantcourse gguf export`, run for real in a child process: the file it writes, the table it prints, its usage errors. */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { bytesSource, plainValue, readGguf } from '../../src/core/index.ts';
import { readCourseModel } from '../../src/lab/node-model.ts';

const BIN = path.resolve('bin/quantcourse.mjs');

function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { env: { ...process.env, NO_COLOR: '1' }, maxBuffer: 64 << 20 }, (err, stdout, stderr) => {
      resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

const tmp = mkdtempSync(path.join(os.tmpdir(), 'quantcourse-gguf-export-'));
const { model } = readCourseModel();

describe('quantcourse gguf export', () => {
  it('--scheme q4_K -o FILE writes the lab model and prints which tensor got which type, fallbacks with their reason', async () => {
    const out = path.join(tmp, 'q4k.gguf');
    const r = await cli('gguf', 'export', '--scheme', 'q4_K', '-o', out);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const file = await readGguf(bytesSource(new Uint8Array(readFileSync(out))));
    expect(file.tensors.map((t) => t.name)).toEqual(model.manifest.tensors.map((t) => t.name));
    for (const t of file.tensors) {
      // Every tensor is listed on its own line with the type the file holds.
      expect(r.stdout).toMatch(new RegExp(`^${t.name.replace(/\./g, '\\.')}\\s+${t.type.name}\\s`, 'm'));
    }
    const fallbacks = plainValue(file.metadata.get('quantcourse.fallbacks')!) as string[];
    // Rows of the lab's width are not a multiple of 256: those matrices fall back to Q5_0, as llama-quantize does.
    expect(fallbacks.length).toBeGreaterThan(0);
    expect(r.stdout).toMatch(/Q5_0\s+\[\d+, \d+\]\s+rows of \d+ are not a multiple of Q4_K's 256: llama-quantize falls back to Q5_0/);
    expect(r.stdout).toMatch(new RegExp(`${fallbacks.length} tensor\\(s\\) fell back`));
  });

  it('--scheme f32 writes every tensor as F32', async () => {
    const out = path.join(tmp, 'f32.gguf');
    const r = await cli('gguf', 'export', '--scheme', 'f32', '--output', out);
    expect(r.code).toBe(0);
    const file = await readGguf(bytesSource(new Uint8Array(readFileSync(out))));
    expect(new Set(file.tensors.map((t) => t.type.name))).toEqual(new Set(['F32']));
    expect(plainValue(file.metadata.get('general.architecture')!)).toBe('llama');
  });

  it('a scheme without a ggml type, or a missing option, is a usage error (exit 2) and writes nothing', async () => {
    const out = path.join(tmp, 'none.gguf');
    const bad = await cli('gguf', 'export', '--scheme', 'int3-asym', '-o', out);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/scheme "int3-asym" has no ggml type to export; choose one of: f32, q8_0/);
    expect((await cli('gguf', 'export', '-o', out)).stderr).toMatch(/gguf export needs --scheme/);
    expect((await cli('gguf', 'export', '--scheme', 'q4_0')).stderr).toMatch(/gguf export needs -o FILE/);
    expect(existsSync(out)).toBe(false);
  });
});
