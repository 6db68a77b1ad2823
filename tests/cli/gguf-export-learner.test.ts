/**
 * `quantcourse gguf export --learner FILE.ts`, run for real in a child process: the learner's file runs in the
 * grader's sandbox, its blocks are written code for code (the same bytes as the core's exportLearnerGguf on the
 * same blocks), and bad code, blocks a format cannot hold and settings without a ggml type are answered clearly.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { f32ToF16Bits } from '../../src/core/floats/half.ts';
import { exportSourceOf } from '../../src/core/model/gguf-export.ts';
import { exportLearnerGguf } from '../../src/core/model/gguf-learner.ts';
import { readCourseModel } from '../../src/lab/node-model.ts';
import { quantizeBlocks } from '../../solutions/quantize-blocks.ts';

const BIN = path.resolve('bin/quantcourse.mjs');
const SOLUTION = path.resolve('solutions/quantize-blocks.ts');

function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { env: { ...process.env, NO_COLOR: '1' }, maxBuffer: 64 << 20 }, (err, stdout, stderr) => {
      resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

const tmp = mkdtempSync(path.join(os.tmpdir(), 'quantcourse-gguf-learner-'));
const { model } = readCourseModel();
const learnerFile = (name: string, code: string) => {
  const p = path.join(tmp, name);
  writeFileSync(p, code);
  return p;
};

describe('quantcourse gguf export --learner', () => {
  it('writes solutions/quantize-blocks.ts at 4-bit symmetric, blocks of 32 as Q4_0: the core\'s bytes for the same blocks', async () => {
    const out = path.join(tmp, 'q4_0.gguf');
    const r = await cli('gguf', 'export', '--learner', SOLUTION, '--bits', '4', '--block-size', '32', '--scheme', 'symmetric', '-o', out);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const blocks = new Map(model.manifest.linear.map((n) => [n, quantizeBlocks(Array.from(model.tensors[n]!), 4, 32, 'symmetric')]));
    const want = exportLearnerGguf(exportSourceOf(model), { bits: 4, blockSize: 32, scheme: 'symmetric' }, blocks, f32ToF16Bits).bytes;
    expect(new Uint8Array(readFileSync(out))).toEqual(want);
    expect(r.stdout).toMatch(/your quantizeBlocks at 4-bit symmetric, blocks of 32 as Q4_0/);
    expect(r.stdout).toMatch(/^blk\.0\.attn_q\.weight\s+Q4_0\s/m);
    expect(r.stdout).toMatch(/Q4_0 stores each block's scale as float16/);
    const m = /held-out perplexity: ([\d.]+) with your scales as returned \(the lab's row\), ([\d.]+) from the file/.exec(r.stdout);
    expect(m).not.toBeNull();
    // Rounding scales to float16 moves the perplexity, but by far less than quantizing did (the float model's is about 4.1).
    expect(Math.abs(Number(m![2]) / Number(m![1]) - 1)).toBeLessThan(1e-3);
  });

  it('blocks the format cannot hold (codes 0..15 with zero point 0 for Q4_0) are refused by tensor and block, exit 1, no file', async () => {
    const file = learnerFile('shifted.ts', `export function quantizeBlocks(values: number[], bits: number, blockSize: number, scheme: string) {
  const out = [];
  for (let i = 0; i < values.length; i += blockSize) {
    const b = values.slice(i, i + blockSize);
    const s = Math.max(...b.map(Math.abs)) / 7 || 1;
    out.push({ values: b.map((v) => Math.round(v / s) + 8), scale: s, zero: 0 });
  }
  return out;
}
`);
    const out = path.join(tmp, 'shifted.gguf');
    const r = await cli('gguf', 'export', '--learner', file, '--bits', '4', '--block-size', '32', '--scheme', 'symmetric', '-o', out);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/your quantizeBlocks ran, but its blocks cannot be written as a GGUF: blk\.0\.attn_q\.weight: block 0 \(weights 0–31\) uses codes \d+ to 15; Q4_0 stores q − zero in -8\.\.7/);
    expect(existsSync(out)).toBe(false);
  });

  it('code that throws is named with the matrix, exit 1', async () => {
    const file = learnerFile('throws.ts', 'export function quantizeBlocks(values: number[]) {\n  throw new Error("not yet");\n}\n');
    const r = await cli('gguf', 'export', '--learner', file, '--bits', '8', '--block-size', '32', '--scheme', 'symmetric', '-o', path.join(tmp, 'throws.gguf'));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/Your quantizeBlocks threw on blk\.0\.attn_q\.weight \(4096 weights, 8 bits, blocks of 32, symmetric\): Error: not yet \(line 2\)/);
  });

  it('a setting with no ggml type, or a missing option, is a usage error (exit 2) before any code runs', async () => {
    const out = path.join(tmp, 'none.gguf');
    const three = await cli('gguf', 'export', '--learner', SOLUTION, '--bits', '3', '--block-size', '32', '--scheme', 'asymmetric', '-o', out);
    expect(three.code).toBe(2);
    expect(three.stderr).toMatch(/3-bit asymmetric, blocks of 32 has no ggml type: ggml has asymmetric codes of 4 and 5 bits only/);
    const b64 = await cli('gguf', 'export', '--learner', SOLUTION, '--bits', '4', '--block-size', '64', '--scheme', 'symmetric', '-o', out);
    expect(b64.stderr).toMatch(/blocks of 64: ggml's formats of plain codes use blocks of 32|has no ggml type: ggml's formats of plain codes use blocks of 32/);
    expect((await cli('gguf', 'export', '--learner', SOLUTION, '--block-size', '32', '--scheme', 'symmetric', '-o', out)).stderr).toMatch(/needs --bits N/);
    expect((await cli('gguf', 'export', '--learner', SOLUTION, '--bits', '4', '--block-size', '32', '--scheme', 'q4_0', '-o', out)).stderr).toMatch(/needs --scheme symmetric or --scheme asymmetric \(got "q4_0"\)/);
    expect((await cli('gguf', 'export', '--scheme', 'q4_0', '--bits', '4', '-o', out)).stderr).toMatch(/--bits and --block-size go with --learner FILE/);
    expect(existsSync(out)).toBe(false);
  });
});
