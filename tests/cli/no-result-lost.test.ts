/**
 * No result may be lost, no file silently dropped: report paths checked before grading and a late
 * write failure costing only that file; every file of a class folder graded or listed with its
 * reason, every student in every report; option values starting with a dash; `check` of an unknown
 * id; case numbers in messages matching the JSON; the status of a function that throws.
 * Through the real CLI, in child processes, like tests/cli/cli.test.ts.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { attachValues } from '../../src/cli/main.ts';

const BIN = path.resolve('bin/quantcourse.mjs');

/** Run the CLI for real, in a child process, and collect its output and exit code. */
function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { env: { ...process.env, NO_COLOR: '1' }, maxBuffer: 64 << 20 }, (err, stdout, stderr) => {
      resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

const tmp = () => mkdtempSync(path.join(os.tmpdir(), 'quantcourse-lost-'));
const put = (root: string, file: string, text: string) => {
  mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
  writeFileSync(path.join(root, file), text);
};
const SOLUTION = readFileSync('solutions/quantize-symmetric.ts', 'utf8');
const SOLUTION_JS = `export function quantizeSymmetric(values, bits) {
  const qmax = 2 ** (bits - 1) - 1;
  const maxAbs = Math.max(0, ...values.map(Math.abs));
  if (maxAbs === 0) return { values: values.map(() => 0), scale: 0 };
  const scale = maxAbs / qmax;
  return { values: values.map((v) => Math.round(v / scale)), scale };
}
export function dequantizeSymmetric(q) {
  return q.values.map((x) => x * q.scale);
}
`;
const WRONG = 'export function quantizeSymmetric(values: number[], bits: number) { return { values: values.map(Math.round), scale: 1 }; }\nexport function dequantizeSymmetric(q: { values: number[]; scale: number }) { return q.values; }\n';
// Right, except that it throws on inputs of odd length.
const THROWS = SOLUTION.replace('const qmax', 'if (values.length % 2) throw new RangeError("not yet");\n  const qmax');

/** A submission as --json writes it (the fields these tests read). */
type Row = { student: string; exercise: string; status: string; problem?: string; passed: number; total: number; message: string; file: string; durationMs?: number };

/** A small class: two students, one correct and one wrong. */
function smallClass(): string {
  const dir = tmp();
  put(dir, 'ada/quantize-symmetric.ts', SOLUTION);
  put(dir, 'bob/quantize-symmetric.ts', WRONG);
  return dir;
}

/** Grade a small class to JSON, for merge's input. */
async function shardJson(): Promise<string> {
  const out = tmp();
  const r = await cli('grade', '--all', smallClass(), '--seed', 's', '--json');
  writeFileSync(path.join(out, 'whole.json'), r.stdout);
  return path.join(out, 'whole.json');
}

describe('report files', () => {
  it('refuses an output it cannot write before grading: exit 2, naming the option, the path and why', async () => {
    const dir = smallClass(), out = tmp();
    const folder = tmp();
    const [missing, isFolder, twice, option] = await Promise.all([
      cli('grade', '--all', dir, '--seed', 's', '--junit', path.join(out, 'no', 'such', 'junit.xml')),
      cli('grade', '--all', dir, '--seed', 's', '--gradescope', folder),
      cli('grade', '--all', dir, '--seed', 's', '--junit', path.join(out, 'r.xml'), '--gradescope', path.join(out, 'r.xml')),
      cli('grade', '--all', dir, '--seed', 's', '--junit', '--json'),
    ]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain(`--junit ${path.join(out, 'no', 'such', 'junit.xml')} cannot be written: the folder ${path.join(out, 'no', 'such')} does not exist. Nothing was graded.`);
    expect(missing.stdout).toBe('');
    expect(isFolder.code).toBe(2);
    expect(isFolder.stderr).toContain(`--gradescope ${folder} cannot be written: it is a folder`);
    expect(twice.code).toBe(2);
    expect(twice.stderr).toMatch(/--junit and --gradescope both name .*r\.xml/);
    expect(option.code).toBe(2);
    expect(option.stderr).toMatch(/--junit "--json": that looks like an option/);
    // The check leaves nothing behind.
    expect(existsSync(path.join(out, 'r.xml'))).toBe(false);
    expect(existsSync(path.join(out, 'no'))).toBe(false);
  });

  it('merge refuses an unwritable --json FILE before writing any report', async () => {
    const input = await shardJson(), out = tmp();
    const r = await cli('merge', input, '--junit', path.join(out, 'junit.xml'), '--json', path.join(out, 'missing', 'merged.json'));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`--json ${path.join(out, 'missing', 'merged.json')} cannot be written: the folder ${path.join(out, 'missing')} does not exist`);
    expect(existsSync(path.join(out, 'junit.xml'))).toBe(false);
  });

  // /dev/full opens for writing like any file, and every write to it fails (ENOSPC): a disk that fills up mid-run.
  it.skipIf(!existsSync('/dev/full'))('writes every other report and prints the results when one write still fails', async () => {
    const dir = smallClass(), out = tmp();
    const gs = path.join(out, 'gradescope.json');
    const r = await cli('grade', '--all', dir, '--seed', 's', '--json', '--junit', '/dev/full', '--gradescope', gs);
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stdout).submissions.map((s: { student: string; status: string }) => `${s.student} ${s.status}`)).toEqual(['ada passed', 'bob failed']);
    expect(JSON.parse(readFileSync(gs, 'utf8')).tests).toHaveLength(2);
    expect(r.stderr).toMatch(/--junit \/dev\/full was NOT written: ENOSPC/);
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace

    const merged = await cli('merge', await shardJson(), '--json', '/dev/full', '--junit', path.join(out, 'junit.xml'));
    expect(merged.code).toBe(2);
    expect(JSON.parse(merged.stdout).submissions).toHaveLength(2); // the merged JSON is printed instead
    expect(readFileSync(path.join(out, 'junit.xml'), 'utf8').match(/<testcase /g)).toHaveLength(2);
    expect(merged.stderr).toMatch(/--json \/dev\/full was NOT written: ENOSPC/);
  });
});

describe('class folders: every file graded or listed, every student in every report', () => {
  /** One student per way a submission can go astray. */
  function messyClass(): string {
    const dir = tmp();
    put(dir, 'ada/quantize-symmetric.js', SOLUTION_JS);
    put(dir, 'ada/tokens-per-second.ts', readFileSync('solutions/tokens-per-second.ts', 'utf8'));
    put(dir, 'bob/work/quantize-symmetric.ts', SOLUTION); // one folder deeper
    put(dir, 'cy/quantize-symmetric.py', 'def quantize_symmetric(values, bits): pass\n');
    put(dir, 'dee/notes.ts', 'export const x = 1;\n');
    put(dir, 'eve/quantize-symmetric.ts', '');
    mkdirSync(path.join(dir, 'fay'));
    symlinkSync(path.join(dir, 'nowhere.ts'), path.join(dir, 'fay', 'quantize-symmetric.ts'));
    put(dir, 'gus/quantize-symmetric.ts', SOLUTION);
    put(dir, 'gus/quantize-symmetric.js', WRONG);
    mkdirSync(path.join(dir, 'hal'));
    put(dir, 'README.md', '# the class\n');
    return dir;
  }
  const STUDENTS = ['ada', 'bob', 'cy', 'dee', 'eve', 'fay', 'gus', 'hal'];

  it('grades .js and nested files, gives a 0 with the reason to the rest, lists every other file', async () => {
    const dir = messyClass(), out = tmp();
    const junit = path.join(out, 'junit.xml'), gs = path.join(out, 'gs.json');
    const [r, table] = await Promise.all([
      cli('grade', '--all', dir, '--seed', 's', '--json', '--junit', junit, '--gradescope', gs),
      cli('grade', '--all', dir, '--seed', 's'),
    ]);
    expect(r.code).toBe(1);
    const json = JSON.parse(r.stdout) as { skipped: { file: string; reason: string }[]; submissions: Row[] };
    const row = (name: string) => json.submissions.find((s) => `${s.student}/${s.exercise}` === name)!;
    expect(json.submissions.map((s) => `${s.student}/${s.exercise}`)).toEqual([
      'ada/quantize-symmetric', 'ada/tokens-per-second', 'bob/quantize-symmetric', 'cy/quantize-symmetric', 'dee/(none)',
      'eve/quantize-symmetric', 'fay/quantize-symmetric', 'gus/quantize-symmetric', 'hal/(none)',
    ]);
    expect(row('ada/quantize-symmetric')).toMatchObject({ status: 'passed', file: path.join(dir, 'ada', 'quantize-symmetric.js') });
    expect(row('bob/quantize-symmetric')).toMatchObject({ status: 'passed', file: path.join(dir, 'bob', 'work', 'quantize-symmetric.ts') });
    expect(row('cy/quantize-symmetric')).toMatchObject({ status: 'error', problem: 'not-gradable', passed: 0, total: row('bob/quantize-symmetric').total, message: expect.stringContaining('quantize-symmetric.py is not a .ts or .js file') });
    expect(row('dee/(none)')).toMatchObject({ status: 'error', problem: 'no-submission', passed: 0, total: 0, message: expect.stringContaining('notes.ts ("notes" is not an exercise id)') });
    expect(row('eve/quantize-symmetric')).toMatchObject({ status: 'error', problem: 'empty', passed: 0, message: expect.stringContaining('is empty') });
    expect(row('fay/quantize-symmetric')).toMatchObject({ status: 'error', problem: 'unreadable', passed: 0, message: expect.stringContaining('a link to a file that does not exist') });
    expect(row('gus/quantize-symmetric')).toMatchObject({ status: 'passed', file: path.join(dir, 'gus', 'quantize-symmetric.ts') });
    expect(row('hal/(none)')).toMatchObject({ status: 'error', problem: 'no-submission', message: expect.stringContaining('The folder is empty') });
    expect(json.skipped).toEqual([
      { file: path.join(dir, 'README.md'), reason: expect.stringContaining("not in a student's folder") },
      { file: path.join(dir, 'dee', 'notes.ts'), student: 'dee', reason: '"notes" is not an exercise id' },
      { file: path.join(dir, 'gus', 'quantize-symmetric.js'), student: 'gus', reason: 'quantize-symmetric.ts was graded for quantize-symmetric instead' },
    ]);
    expect(r.stderr).toContain(`${path.join(dir, 'gus', 'quantize-symmetric.js')}: quantize-symmetric.ts was graded for quantize-symmetric instead`);

    // The same rows in every report.
    const xml = readFileSync(junit, 'utf8');
    const tests = JSON.parse(readFileSync(gs, 'utf8')).tests as { name: string; score: number }[];
    for (const s of json.submissions) {
      const name = `${s.student}/${s.exercise}`;
      expect(xml).toContain(`name="${name}"`);
      expect(tests.find((t) => t.name === name), name).toBeDefined();
      expect(table.stdout).toContain(name);
    }
    expect(tests.find((t) => t.name === 'hal/(none)')!.score).toBe(0);
    expect(table.stdout).toMatch(/4 passed, 5 failed/);
  });

  it('--exercise gives every student a row for that exercise, "No submission for" when there is none', async () => {
    const dir = messyClass();
    const r = await cli('grade', '--all', dir, '--seed', 's', '--json', '--exercise', 'tokens-per-second');
    const json = JSON.parse(r.stdout) as { submissions: Row[] };
    expect(json.submissions.map((s) => s.student)).toEqual(STUDENTS);
    expect(json.submissions.every((s) => s.exercise === 'tokens-per-second')).toBe(true);
    expect(json.submissions[0]).toMatchObject({ student: 'ada', status: 'passed' });
    for (const s of json.submissions.slice(1)) {
      expect(s).toMatchObject({ status: 'error', problem: 'no-submission', passed: 0, total: json.submissions[0]!.total, message: expect.stringMatching(/^No submission for tokens-per-second\./) });
    }
    expect(r.stderr).toMatch(/\d+ file\(s\) for other exercises \(--exercise tokens-per-second\)/);
  });

  it('merges shards into the unsharded rows, students without a file and skipped files included', async () => {
    const dir = messyClass(), out = tmp();
    const grade = (...extra: string[]) => cli('grade', '--all', dir, '--seed', 's', '--json', ...extra);
    const [whole, s1, s2] = await Promise.all([grade(), grade('--shard', '1/2'), grade('--shard', '2/2')]);
    writeFileSync(path.join(out, 's1.json'), s1.stdout);
    writeFileSync(path.join(out, 's2.json'), s2.stdout);
    const merged = await cli('merge', path.join(out, 's2.json'), path.join(out, 's1.json'), '--json', '-');
    expect(merged.code).toBe(1);
    const strip = (run: { submissions: Row[] }) => run.submissions.map(({ durationMs: _, ...s }) => s);
    const m = JSON.parse(merged.stdout), w = JSON.parse(whole.stdout);
    expect(strip(m)).toEqual(strip(w));
    expect(m.skipped).toEqual(w.skipped);
  });
});

describe('arguments and messages', () => {
  it('takes any string as a seed, even one starting with a dash', async () => {
    const [spaced, joined] = await Promise.all([
      cli('vectors', 'model-bytes', '--seed', '-5', '--count', '2'),
      cli('vectors', 'model-bytes', '--seed=-5', '--count', '2'),
    ]);
    expect(spaced.code).toBe(0);
    expect(spaced.stdout).toBe(joined.stdout);
    expect(JSON.parse(spaced.stdout).seed).toBe('-5');
    expect(attachValues(['--seed', '--x', '--json', 'a', '--', '--seed', '-1'], { seed: { type: 'string' }, json: { type: 'boolean' } }))
      .toEqual(['--seed=--x', '--json', 'a', '--', '--seed', '-1']);
    const timeout = await cli('grade', 'quantize-symmetric', 'solutions/quantize-symmetric.ts', '--timeout', '-5');
    expect(timeout.code).toBe(2);
    expect(timeout.stderr).toMatch(/--timeout takes a whole number from 50 to 600000 \(got "-5"\)/);
  });

  it('check of an unknown exercise id is a usage error (exit 2) naming it', async () => {
    const r = await cli('check', 'nope');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/Unknown exercise id "nope"/);
    expect(r.stdout).toBe('');
  });

  it('numbers cases in messages as the JSON does, and a function that throws fails its cases', async () => {
    const dir = tmp();
    put(dir, 'wrong.ts', WRONG);
    put(dir, 'throws.ts', THROWS);
    put(dir, 'load.ts', 'throw new Error("at load");\nexport function quantizeSymmetric() {}\nexport function dequantizeSymmetric() {}\n');
    const r = await cli('grade', 'quantize-symmetric', path.join(dir, 'wrong.ts'), path.join(dir, 'throws.ts'), path.join(dir, 'load.ts'), '--seed', 's', '--json');
    type Case = { index: number; number: number; visible: boolean; passed: boolean; message: string };
    const [wrong, throws, load] = JSON.parse(r.stdout).submissions as (Row & { cases: Case[] })[];
    for (const s of [wrong!, throws!]) {
      const m = /First: (example|hidden case) (\d+) /.exec(s.message)!;
      const c = s.cases.find((x: Case) => x.number === Number(m[2]))!;
      expect(c).toMatchObject({ index: Number(m[2]) - 1, visible: m[1] === 'example', passed: false });
      expect(s.cases.find((x: Case) => !x.passed)).toBe(c);
      expect(s.cases.every((x: Case) => x.number === x.index + 1)).toBe(true);
    }
    // As README.md and docs/INSTRUCTORS.md say: a throw fails the cases it happened in; nothing running at all is an error.
    expect(throws).toMatchObject({ status: 'failed' });
    expect(throws!.cases.find((x: Case) => !x.passed)!.message).toMatch(/^quantizeSymmetric threw RangeError: not yet/);
    expect(throws!.passed).toBeGreaterThan(0); // the cases it did not throw on still count
    expect(load).toMatchObject({ status: 'error', problem: 'load' });
    const docs = readFileSync('docs/INSTRUCTORS.md', 'utf8') + readFileSync('README.md', 'utf8');
    expect(docs).toMatch(/`failed`: the code ran and some cases are wrong\. A function that throws fails the cases it threw\s+on/);
    expect(docs).not.toMatch(/`error` \(did not compile, threw/);
  });
});
