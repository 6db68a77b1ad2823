/** Scanning a compact `grade --json` output: keys now, each submission read whole again from its line, equal to what a whole read gives. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { compactWireList, prettyWire } from '../../src/cli/json.ts';
import { readResults } from '../../src/cli/merge.ts';
import type { SubmissionResult } from '../../src/cli/reports/results.ts';
import { fullSubmission, scanResults } from '../../src/cli/results-scan.ts';

const dir = mkdtempSync(path.join(os.tmpdir(), 'quantcourse-scan-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A failed submission whose one case holds `size` values, some of them what plain JSON loses. */
const failed = (student: string, size: number): SubmissionResult => ({
  file: `class/${student}/x.ts`, student, exercise: 'x', status: 'failed', passed: 0, total: 1, message: 'values differ — −0 expected',
  cases: [{ index: 0, number: 1, visible: true, kind: 'größe', fn: 'f', passed: false, message: 'wrong', args: [Array.from({ length: size }, (_, i) => i / 7)], expected: [-0, NaN, Infinity], got: [0, 1, 2] }],
  durationMs: 4,
});

describe('scanResults', () => {
  it('keeps keys only, and reads each submission back whole, across chunk boundaries and multi-byte text', () => {
    // The middle submission's line is ~2.5 MB: it spans the scanner's 1 MiB reads.
    const subs = [failed('ada', 10), failed('bó', 150_000), failed('cy', 3)];
    const file = path.join(dir, 'compact.json');
    writeFileSync(file, compactWireList({ seed: 's', skipped: [{ file: 'class/dee/notes.txt', reason: 'not an exercise' }] }, 'submissions', subs));
    const scanned = scanResults(file);
    expect(scanned.run.seed).toBe('s');
    expect(scanned.run.skipped).toEqual([{ file: 'class/dee/notes.txt', reason: 'not an exercise' }]);
    expect(scanned.run.submissions.map((s) => [s.student, s.status, s.cases.length])).toEqual([['ada', 'failed', 0], ['bó', 'failed', 0], ['cy', 'failed', 0]]);
    const whole = readResults(file).run.submissions;
    expect(scanned.run.submissions.map(fullSubmission)).toEqual(whole);
    // What plain JSON loses comes back too (toEqual does not tell −0 from 0).
    expect(Object.is((fullSubmission(scanned.run.submissions[0]!).cases[0]!.expected as number[])[0], -0)).toBe(true);
  });

  it('reads an indented output whole, and names what is wrong with a file that is not results', () => {
    const pretty = path.join(dir, 'pretty.json');
    writeFileSync(pretty, prettyWire({ seed: 's', submissions: [failed('ada', 2)] }));
    const read = scanResults(pretty);
    expect(read.run.submissions[0]!.cases).toHaveLength(1);
    expect(fullSubmission(read.run.submissions[0]!)).toBe(read.run.submissions[0]);

    const cut = path.join(dir, 'cut.json');
    // A compact output cut off mid-way (a grader that died): not read as a shorter class.
    writeFileSync(cut, compactWireList({ seed: 's' }, 'submissions', [failed('ada', 2), failed('bo', 2)]).split('\n').slice(0, 2).join('\n'));
    expect(() => scanResults(cut)).toThrow(/cut\.json is not the JSON of `quantcourse grade --json` \(it does not parse/);
    const lacking = path.join(dir, 'lacking.json');
    writeFileSync(lacking, '{"seed":"s","submissions":[\n{"file":"a.ts"}\n]}\n');
    expect(() => scanResults(lacking)).toThrow(/submission 0 lacks file, exercise, status, passed or total/);
    expect(() => scanResults(path.join(dir, 'none.json'))).toThrow(/No such file/);
  });
});
