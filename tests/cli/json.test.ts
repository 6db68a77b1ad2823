import { describe, expect, it } from 'vitest';
import { fromWire } from '../../src/grading/wire.ts';
import { compactWireList, JsonListWriter } from '../../src/cli/json.ts';

describe('JsonListWriter', () => {
  const subs = [
    { file: 'a.ts', status: 'passed', cases: [{ got: [NaN, -0, 1.5], expected: new Uint8Array([1, 2]), message: 'line 1\nline 2' }] },
    { file: 'b.ts', status: 'error', cases: [], nested: { deep: [[{ x: undefined }]] } },
  ];

  it('writes JSON that reads back as the object, one item per line, list last', () => {
    for (const head of [{ seed: 's' }, { exercise: 'e', seed: 's', shard: { index: 1, count: 2 } }, { submissions: ['dropped'], seed: 's' }]) {
      for (const items of [subs, subs.slice(0, 1), []]) {
        const text = compactWireList(head, 'submissions', items);
        const back = fromWire(text) as Record<string, unknown>;
        expect(Object.keys(back).at(-1)).toBe('submissions');
        expect(back).toEqual({ ...head, submissions: items });
        // One line for the head, one per item, one to close: a class's file greps and diffs by submission.
        expect(text.split('\n')).toHaveLength(items.length ? items.length + 3 : 2);
        expect(text.endsWith('\n')).toBe(true);
      }
    }
  });

  it('writes each item as it is added', () => {
    const parts: string[] = [];
    const w = new JsonListWriter((s) => parts.push(s), { seed: 's' }, 'submissions');
    expect(parts.join('')).toBe('{"seed":"s","submissions":[');
    w.add({ n: 1 });
    expect(parts.join('')).toBe('{"seed":"s","submissions":[\n{"n":1}');
    w.add({ n: 2 });
    w.end();
    expect(JSON.parse(parts.join(''))).toEqual({ seed: 's', submissions: [{ n: 1 }, { n: 2 }] });
  });
});
