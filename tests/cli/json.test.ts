import { describe, expect, it } from 'vitest';
import { prettyWire, prettyWireItem, prettyWireList } from '../../src/cli/json.ts';

describe('prettyWireList and prettyWireItem', () => {
  it('writes what prettyWire writes, from items written one by one', () => {
    const subs = [
      { file: 'a.ts', status: 'passed', cases: [{ got: [NaN, -0, 1.5], expected: new Uint8Array([1, 2]), message: 'line 1\nline 2' }] },
      { file: 'b.ts', status: 'error', cases: [], nested: { deep: [[{ x: undefined }]] } },
    ];
    for (const run of [
      { seed: 's', submissions: subs },
      { exercise: 'e', seed: 's', shard: { index: 1, count: 2 }, submissions: subs.slice(0, 1) },
      { seed: 's', submissions: [] },
    ]) {
      expect(prettyWireList(run, 'submissions', run.submissions.map((s) => prettyWireItem(s)))).toBe(prettyWire(run));
    }
  });
  it('refuses a list that is not the last key', () => {
    expect(() => prettyWireList({ submissions: [], seed: 's' }, 'submissions', [])).toThrow(/last key/);
  });
});
