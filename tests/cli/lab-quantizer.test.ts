/**
 * The lab's exercise through the command line's front doors, run for real in child processes:
 * grade (a pass, and a grid one bit coarser failing on the model with its numbers), list, vectors
 * (cases only: the model-level calls have no expected value of their own) and check.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const BIN = path.resolve('bin/quantcourse.mjs');
const ID = 'lab-quantizer';

function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { env: { ...process.env, NO_COLOR: '1' }, maxBuffer: 64 << 20 }, (err, stdout, stderr) => {
      resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

const solution = readFileSync(`solutions/${ID}.ts`, 'utf8');

describe(`quantcourse and ${ID}`, () => {
  it('grades the model solution as passed and a grid one bit coarser as failed on the model, with the setting and its numbers', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'quantcourse-lab-'));
    const coarse = path.join(dir, 'coarse.ts');
    writeFileSync(coarse, solution.replaceAll('2 ** (bits - 1)', '2 ** (bits - 2)'));
    // A limit that only bounds a hang: the exercise's own 8 s is a speed a busy machine can miss.
    const r = await cli('grade', ID, `solutions/${ID}.ts`, coarse, '--seed', 'cli', '--json', '--timeout', '120000');
    expect(r.code).toBe(1);
    const run = JSON.parse(r.stdout) as { submissions: { file: string; status: string; passed: number; total: number; cases: { kind: string; passed: boolean; message: string }[] }[] };
    const [good, bad] = run.submissions;
    expect([good!.status, good!.passed, good!.total]).toEqual(['passed', 44, 44]); // 2 examples, 40 hidden rows, 2 model settings
    expect(bad!.status).toBe('failed');
    const model = bad!.cases.filter((c) => c.kind.startsWith('the course model'));
    expect(model.map((c) => c.passed)).toEqual([false, false]);
    expect(model[0]!.message).toMatch(/^At 4-bit asymmetric, blocks of 32 .*perplexity 4\.830 against the course's 4\.258, allowed up to 4\.300 \(1% above\): too high; mean KL 0\.1691 against the course's 0\.0343/);
  });

  it('is listed with its function', async () => {
    const r = await cli('list', '--json');
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as { id: string; lesson: string; functions: string[] }[]).find((e) => e.id === ID)).toMatchObject({ lesson: 'lab', functions: ['quantizeBlocks'] });
  });

  it('prints vectors for its cases only, saying the model-level judgement is not among them', async () => {
    const r = await cli('vectors', ID, '--seed', '3', '--count', '2');
    expect(r.code).toBe(0);
    const v = JSON.parse(r.stdout) as { cases: { fn: string; args: unknown[] }[]; assessment: string; check: string };
    expect(v.cases).toHaveLength(2);
    expect(v.assessment).toMatch(/^Not included/);
    expect(v.check).toMatch(/not by tolerance/);
    expect(r.stdout.length).toBeLessThan(100_000);
  });

  it('passes the content check: the solution for three seeds, the starter fails', async () => {
    const r = await cli('check', ID);
    expect(r.stdout).toMatch(/lab-quantizer: solution 3\/3 seeds, 0 ties, starter fails/);
    expect(r.code).toBe(0);
  });
});
