import { describe, expect, it } from 'vitest';
import { mergeResults, type ResultsFile } from '../../src/cli/merge.ts';
import type { SubmissionResult } from '../../src/cli/reports/results.ts';

const sub = (student: string, exercise: string, passed = true): SubmissionResult => ({
  file: `class/${student}/${exercise}.ts`, student, exercise, status: passed ? 'passed' : 'failed', passed: passed ? 3 : 1, total: 3, message: '', cases: [], durationMs: 1,
});
const shard = (file: string, index: number, count: number, subs: SubmissionResult[], seed = 's'): ResultsFile => ({ file, run: { seed, shard: { index, count }, submissions: subs } });

describe('mergeResults', () => {
  it('orders the merged submissions as an unsharded run would: by student, then file', () => {
    const m = mergeResults([
      shard('b.json', 2, 2, [sub('bob', 'perplexity'), sub('bob', 'model-bytes', false)]),
      shard('a.json', 1, 2, [sub('ada', 'perplexity'), sub('cy', 'model-bytes')]),
    ]);
    expect(m.submissions.map((s) => `${s.student}/${s.exercise}`)).toEqual(['ada/perplexity', 'bob/model-bytes', 'bob/perplexity', 'cy/model-bytes']);
    expect(m.seed).toBe('s');
    expect(m.shard).toBeUndefined();
  });

  it('accepts an empty shard (more shards than students)', () => {
    expect(mergeResults([shard('a.json', 1, 2, [sub('ada', 'perplexity')]), shard('b.json', 2, 2, [])]).submissions).toHaveLength(1);
  });

  it('refuses different seeds without printing them', () => {
    expect(() => mergeResults([shard('a.json', 1, 2, [], 'secret-1'), shard('b.json', 2, 2, [], 'secret-2')])).toThrow(/a\.json and b\.json: they were graded with different seeds/);
    try {
      mergeResults([shard('a.json', 1, 2, [], 'secret-1'), shard('b.json', 2, 2, [], 'secret-2')]);
    } catch (e) {
      expect((e as Error).message).not.toMatch(/secret/);
    }
  });

  it('refuses a student found in two shards, a shard passed twice, a missing shard, mixed splits', () => {
    expect(() => mergeResults([shard('a.json', 1, 2, [sub('ada', 'perplexity')]), shard('b.json', 2, 2, [sub('ada', 'model-bytes')])])).toThrow(/student "ada" appears in both a\.json and b\.json/);
    expect(() => mergeResults([shard('a.json', 1, 2, []), shard('c.json', 1, 2, [])])).toThrow(/a\.json and c\.json are both shard 1\/2/);
    expect(() => mergeResults([shard('a.json', 1, 3, []), shard('b.json', 3, 3, [])])).toThrow(/Shard\(s\) 2\/3 missing/);
    expect(() => mergeResults([shard('a.json', 1, 2, []), shard('b.json', 2, 3, [])])).toThrow(/every shard must come from the same --shard i\/2 split/);
    expect(() => mergeResults([])).toThrow(/Name the results to merge/);
  });
});
