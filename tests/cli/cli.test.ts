import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const BIN = path.resolve('bin/quantcourse.mjs');

/** Run the CLI for real, in a child process, and collect its output and exit code. */
function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { env: { ...process.env, NO_COLOR: '1' }, maxBuffer: 64 << 20 }, (err, stdout, stderr) => {
      resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

const tmp = () => mkdtempSync(path.join(os.tmpdir(), 'quantcourse-cli-'));
const WRONG = 'export function quantizeSymmetric(values: number[], bits: number) { return { values: values.map(Math.round), scale: 1 }; }\nexport function dequantizeSymmetric(q: { values: number[]; scale: number }) { return q.values; }\n';
const LOOP = 'export function quantizeSymmetric(values: number[], bits: number) { for (;;) {} }\nexport function dequantizeSymmetric(q: any) { return []; }\n';

/** A class folder: ada (correct), bob (wrong), cy (infinite loop), dee (a stray file). */
function classFolder(): string {
  const dir = tmp();
  const put = (student: string, file: string, text: string) => {
    mkdirSync(path.join(dir, student), { recursive: true });
    writeFileSync(path.join(dir, student, file), text);
  };
  put('ada', 'quantize-symmetric.ts', readFileSync('solutions/quantize-symmetric.ts', 'utf8'));
  put('ada', 'tokens-per-second.ts', readFileSync('solutions/tokens-per-second.ts', 'utf8'));
  put('bob', 'quantize-symmetric.ts', WRONG);
  put('cy', 'quantize-symmetric.ts', LOOP);
  put('dee', 'notes.ts', 'export const x = 1;');
  return dir;
}

describe('quantcourse grade', () => {
  it('passes a correct file with exit code 0 and a table', async () => {
    const r = await cli('grade', 'quantize-symmetric', 'solutions/quantize-symmetric.ts', '--seed', '1');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/pass/);
    expect(r.stdout).toMatch(/1 passed, 0 failed/);
  });

  it('fails a wrong file with exit code 1 and shows the first visible difference', async () => {
    const dir = tmp();
    writeFileSync(path.join(dir, 'wrong.ts'), WRONG);
    const r = await cli('grade', 'quantize-symmetric', path.join(dir, 'wrong.ts'));
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/FAIL/);
    expect(r.stdout).toMatch(/expected/);
  });

  it('gives exit code 2 and a clear message for an unknown id, a missing file, an empty folder', async () => {
    const unknown = await cli('grade', 'quantize-symetric', 'x.ts');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/Unknown exercise id "quantize-symetric"/);
    const missing = await cli('grade', 'quantize-symmetric', 'no/such/file.ts');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/No such file: no\/such\/file.ts/);
    const empty = await cli('grade', '--all', tmp());
    expect(empty.code).toBe(2);
    expect(empty.stderr).toMatch(/Found no submissions/);
  });

  it('grades a class folder to JSON, JUnit and Gradescope, says what it skipped, and keeps a student with nothing gradable', async () => {
    const dir = classFolder(), out = tmp();
    const junit = path.join(out, 'junit.xml'), gs = path.join(out, 'results.json');
    const r = await cli('grade', '--all', dir, '--json', '--seed', 'secret', '--timeout', '5000', '--junit', junit, '--gradescope', gs);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/Skipped 1 file/);
    const json = JSON.parse(r.stdout);
    expect(json.seed).toBe('secret');
    const byName = Object.fromEntries(json.submissions.map((s: { student: string; exercise: string }) => [`${s.student}/${s.exercise}`, s]));
    expect(Object.keys(byName).sort()).toEqual(['ada/quantize-symmetric', 'ada/tokens-per-second', 'bob/quantize-symmetric', 'cy/quantize-symmetric', 'dee/(none)']);
    // dee handed in only notes.ts: a row worth 0 that says why, not a student who vanished.
    expect(byName['dee/(none)']).toMatchObject({ status: 'error', problem: 'no-submission', passed: 0, message: expect.stringMatching(/notes\.ts \("notes" is not an exercise id\)/) });
    expect(json.skipped).toEqual([{ file: path.join(dir, 'dee', 'notes.ts'), student: 'dee', reason: '"notes" is not an exercise id' }]);
    expect(byName['ada/quantize-symmetric']).toMatchObject({ status: 'passed' });
    expect(byName['bob/quantize-symmetric']).toMatchObject({ status: 'failed' });
    expect(byName['cy/quantize-symmetric']).toMatchObject({ status: 'error', problem: 'timeout' });
    for (const s of json.submissions) expect(Object.keys(s)).toEqual(expect.arrayContaining(['file', 'exercise', 'status', 'passed', 'total', 'message', 'cases']));
    // Fields that do not apply are left out, not written as {"$qc": "undefined"}: no problem on a passed
    // submission, no got on a hidden case.
    expect(r.stdout).not.toContain('"undefined"');
    expect(Object.keys(byName['ada/quantize-symmetric'])).not.toContain('problem');
    expect(byName['bob/quantize-symmetric'].cases.filter((c: { visible: boolean }) => !c.visible).every((c: object) => !('got' in c))).toBe(true);
    const xml = readFileSync(junit, 'utf8');
    expect(xml.match(/<testcase /g)).toHaveLength(5);
    expect(xml).toMatch(/<testcase classname="dee" name="dee\/\(none\)"[^]*?<error [^>]*type="no-submission"/);
    expect(xml).toMatch(/<failure /);
    expect(xml).toMatch(/<error [^>]*type="timeout"/);
    const results = JSON.parse(readFileSync(gs, 'utf8'));
    expect(results.tests).toHaveLength(5);
    expect(results.tests.find((t: { name: string }) => t.name === 'dee/(none)')).toMatchObject({ score: 0, status: 'failed' });
    expect(results.tests[0]).toEqual(expect.objectContaining({ name: expect.any(String), score: expect.any(Number), max_score: 1, status: expect.any(String), output: expect.any(String), visibility: 'visible' }));
    expect(JSON.stringify(results)).not.toContain('secret');
  });

  it('splits a class into disjoint shards that cover every student', async () => {
    const dir = classFolder();
    const students = async (shard: string) =>
      JSON.parse((await cli('grade', '--all', dir, '--json', '--timeout', '300', '--shard', shard)).stdout).submissions.map((s: { student: string }) => s.student);
    const [a, b] = await Promise.all([students('1/2'), students('2/2')]);
    expect(new Set([...a, ...b])).toEqual(new Set(['ada', 'bob', 'cy', 'dee']));
    expect(a.filter((s: string) => b.includes(s))).toEqual([]);
    const bad = await cli('grade', '--all', dir, '--shard', '3/2');
    expect(bad.code).toBe(2);
  });
});

describe('quantcourse vectors and list', () => {
  it('prints the same vectors for the same seed, with expected outputs', async () => {
    const a = await cli('vectors', 'pack-ggml', '--seed', '5', '--count', '3');
    const b = await cli('vectors', 'pack-ggml', '--seed', '5', '--count', '3');
    expect(a.code).toBe(0);
    expect(a.stdout).toBe(b.stdout);
    const v = JSON.parse(a.stdout);
    expect(v.cases).toHaveLength(3);
    expect(v.cases[0].expected.$qc).toBe('Uint8Array');
    const needsSeed = await cli('vectors', 'pack-ggml');
    expect(needsSeed.code).toBe(2);
  });

  it('lists every exercise', async () => {
    const r = await cli('list', '--json');
    const ids = JSON.parse(r.stdout).map((e: { id: string }) => e.id);
    expect(ids).toEqual(expect.arrayContaining(['decode-float', 'encode-float', 'quantize-symmetric', 'quantize-asymmetric', 'quantize-blocks', 'pack-ggml', 'perplexity', 'kl-divergence']));
  });
});
