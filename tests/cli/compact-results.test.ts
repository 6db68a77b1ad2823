/** Compact results: failed cases in full, passed ones counted; what the reports keep; merge and report read old and new outputs. */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { compactWireList, prettyWire } from '../../src/cli/json.ts';
import { loadExercise } from '../../src/cli/content.ts';
import { ClassSummary, foldNumbers, kindOf } from '../../src/cli/reports/class-summary.ts';
import { toHtmlReport } from '../../src/cli/reports/html-report.ts';
import { prepareCases } from '../../src/grading/cases.ts';
import { compactCases, heldForReports, type NumberedCase, type SubmissionResult } from '../../src/cli/reports/results.ts';

const kase = (index: number, passed: boolean, extra: Partial<NumberedCase> = {}): NumberedCase => ({
  index, number: index + 1, visible: index === 0, kind: index % 2 ? 'odd' : 'even', fn: 'f', passed, message: passed ? '' : `wrong result at values[${index}]`, ...extra,
});

const full: SubmissionResult = {
  file: 'c/ada/x.ts', student: 'ada', exercise: 'x', status: 'failed', passed: 7, total: 10, message: '3 of 10 cases failed.',
  cases: Array.from({ length: 10 }, (_, i) => kase(i, ![0, 3, 5].includes(i), i === 0 ? { args: [[1, 2]], expected: [1], got: [2] } : {})), durationMs: 3,
};

describe('compactCases', () => {
  it('keeps the failed cases whole and counts the rest, and is idempotent', () => {
    const c = compactCases(full);
    expect(c.cases.map((x) => x.index)).toEqual([0, 3, 5]);
    expect(c.cases[0]).toEqual(full.cases[0]);
    expect(c.passed).toBe(7);
    expect(c.notRun).toBeUndefined();
    expect(compactCases(c)).toBe(c);
    expect(Object.keys(c).at(-1)).toBe('durationMs');
  });

  it('counts cases that never ran', () => {
    const stopped: SubmissionResult = { ...full, status: 'error', problem: 'timeout', passed: 0, cases: full.cases.map((x) => ({ ...x, passed: false, message: 'not run' })) };
    expect(compactCases(stopped)).toMatchObject({ cases: [], notRun: 10 });
  });
});

describe('heldForReports', () => {
  it('keeps five failed cases and the first visible one, with values only when asked', () => {
    const many: SubmissionResult = { ...full, cases: Array.from({ length: 12 }, (_, i) => kase(i + 1, false, i === 9 ? { visible: true, expected: [1], got: [2] } : {})) };
    const held = heldForReports(many, false);
    expect(held.cases.map((c) => c.index)).toEqual([1, 2, 3, 4, 5, 10]);
    expect(held.cases.some((c) => 'expected' in c || 'got' in c)).toBe(false);
    expect(heldForReports(many, true).cases.at(-1)).toMatchObject({ expected: [1], got: [2] });
  });
});

describe('ClassSummary', () => {
  it('counts hidden kinds per submission and folds numbers in messages', () => {
    const c = new ClassSummary();
    c.add(full);
    c.add({ ...full, student: 'bob', file: 'c/bob/x.ts' });
    c.add({ ...full, student: 'cy', file: 'c/cy/x.ts', status: 'error', problem: 'crash', passed: 0, cases: [], message: 'crashed' });
    const ex = c.exercises.get('x')!;
    expect(ex).toMatchObject({ submissions: 3, passed: 0, failed: 2, errors: 1 });
    // Hidden failures: case 3 (odd) and 5 (odd) per submission; case 0 is visible.
    expect(ex.hiddenKinds.get('odd')).toEqual({ cases: 4, submissions: 2, example: 'odd' });
    expect(ex.hiddenKinds.has('even')).toBe(false);
    expect(ex.messages.get('wrong result at values[N]')?.count).toBe(6);
    expect(ex.messages.get('crashed')?.count).toBe(1);
    expect(c.incidents).toEqual([{ student: 'cy', exercise: 'x', file: 'c/cy/x.ts', problem: 'crash', message: 'crashed' }]);
    expect(c.score(c.students.get('ada')!)).toBeCloseTo(0.7);
    expect(foldNumbers('got -1.5e3 at [12]')).toBe('got N at [N]');
  });
});

describe('hidden-case kinds', () => {
  it('fold the numbers a label carries, never those inside a name', () => {
    expect(kindOf('7B parameters at 4.5 bits, 936 GB/s')).toBe('NB parameters at N bits, N GB/s');
    expect(kindOf('logits offset by +1000')).toBe(kindOf('logits offset by -1000'));
    expect(kindOf('a row of 37 weights, 3-bit asymmetric, blocks of 16')).toBe('a row of N weights, N-bit asymmetric, blocks of N');
    expect(kindOf('Q4_0, 2 block(s) of E4M3 values from float16 or int8 (1e-3 apart, 2x)')).toBe('Q4_0, N block(s) of E4M3 values from float16 or int8 (N apart, Nx)');
    expect(kindOf('a constant block')).toBe('a constant block');
  });

  it("group a real exercise's generated cases: tokens-per-second's hidden cases are one kind in the report", async () => {
    const ex = await loadExercise('tokens-per-second');
    const hidden = prepareCases(ex, 'kinds').filter((c) => !c.visible);
    // Every case's label differs (its model size, bits and bandwidth are drawn)…
    expect(new Set(hidden.map((c) => c.kind)).size).toBeGreaterThan(hidden.length / 2);
    const failedAll = (student: string): SubmissionResult => ({
      file: `c/${student}/tokens-per-second.ts`, student, exercise: 'tokens-per-second', status: 'failed', passed: 0, total: hidden.length, message: 'wrong',
      cases: hidden.map((c) => ({ index: c.index, number: c.index + 1, visible: false, kind: c.kind, fn: c.fn, passed: false, message: 'wrong result' })), durationMs: 1,
    });
    const c = new ClassSummary();
    c.add(failedAll('ada'));
    c.add(failedAll('bob'));
    // …yet the report counts them as one kind, failed by both students, every case counted.
    const kinds = c.exercises.get('tokens-per-second')!.hiddenKinds;
    expect([...kinds.keys()]).toEqual(['NB parameters at N bits, N GB/s']);
    expect(kinds.get('NB parameters at N bits, N GB/s')).toEqual({ cases: 2 * hidden.length, submissions: 2, example: hidden[0]!.kind });
    const html = toHtmlReport(c, { generated: 'now' });
    expect(html).toContain('<td>NB parameters at N bits, N GB/s<br><span class="muted">e.g. ');
  });
});

describe('merge and report read compact and old (pretty, every case) outputs', () => {
  const cli = (...args: string[]) => new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(process.execPath, [path.resolve('bin/quantcourse.mjs'), ...args], (err, stdout, stderr) => resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr }));
  });

  it('merges an old pretty shard with a compact one into compact JSON, and reports on both', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'quantcourse-compact-'));
    try {
      const a = path.join(dir, 'a.json'), b = path.join(dir, 'b.json');
      writeFileSync(a, prettyWire({ seed: 's', shard: { index: 1, count: 2 }, submissions: [full] }) + '\n');
      writeFileSync(b, compactWireList({ seed: 's', shard: { index: 2, count: 2 } }, 'submissions', [compactCases({ ...full, student: 'bob', file: 'c/bob/x.ts' })]));
      const merged = await cli('merge', a, b, '--json', '-');
      expect(merged.code).toBe(1);
      const json = JSON.parse(merged.stdout);
      expect(json.submissions.map((s: SubmissionResult) => [s.student, s.cases.length])).toEqual([['ada', 3], ['bob', 3]]);
      expect(merged.stdout.split('\n')).toHaveLength(5); // head, two submissions, close, end of text
      const withCases = JSON.parse((await cli('merge', a, b, '--json', '-', '--cases')).stdout);
      expect(withCases.submissions[0].cases).toHaveLength(10);

      const html = path.join(dir, 'r.html');
      const r = await cli('report', a, b, '-o', html);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain('2 student(s), 1 exercise(s)');
      // One message, numbers folded, counted over both shards: 3 failed cases each.
      expect(readFileSync(html, 'utf8')).toMatch(/wrong result at values\[0\]<\/td><td class="num">6</);
      const bad = await cli('report', a, '-o');
      expect(bad.code).toBe(2);
      const notJson = await cli('report', html, '-o', path.join(dir, 'x.html'));
      expect(notJson.code).toBe(2);
      expect(notJson.stderr).toContain('is not the JSON of `quantcourse grade --json`');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
