/** Reading a harness's answer into a run report: positions mapped back, tampering found outside added. */
import { describe, expect, it } from 'vitest';
import { toWire } from '../../src/grading/wire.ts';
import { compileNode } from '../../src/runner/node/compile.ts';
import { readResult } from '../../src/runner/read-result.ts';

const answer = (over: object = {}) => toWire({ values: [1, null], errors: [{ at: 1, name: 'Error', message: 'no', line: 25, column: 11 }], logs: ['a'], flooded: false, tampered: [], missing: [], ...over });

describe('readResult', () => {
  it('gives each call its value or its error, at the learner\'s line', async () => {
    const compiled = await compileNode('export function f(x: number) {\n  if (x > 1)\n    throw new Error("no");\n  return x;\n}\n');
    if (!compiled.ok) throw new Error(compiled.message);
    // Line 25 of the compiled module is the learner's `throw` (after esbuild's CommonJS preamble).
    expect(compiled.code.split('\n')[24]).toBe('    throw new Error("no");');
    const report = readResult(answer(), compiled.map, 4);
    expect(report).toMatchObject({ end: 'completed', logs: ['a'], flooded: false, tampered: [], missing: [], durationMs: 4 });
    if (report.end !== 'completed') return;
    expect(report.outcomes[0]).toEqual({ ok: true, value: 1 });
    expect(report.outcomes[1]).toEqual({ ok: false, error: { name: 'Error', message: 'no', at: { line: 3, column: 11 } } });
    expect('loadError' in report || 'unreturnable' in report).toBe(false);
  });

  it('keeps the load error and the reason a value could not come back', () => {
    const report = readResult(answer({ values: [], errors: [], loadError: { name: 'TypeError', message: 'x' }, unreturnable: 'a cycle' }), '{}');
    expect(report).toMatchObject({ end: 'completed', loadError: { name: 'TypeError', message: 'x' }, unreturnable: 'a cycle' });
  });

  it('takes the built-ins found changed from outside the realm over the harness\'s own list', () => {
    expect(readResult(answer(), '{}', 1, ['Math.round'])).toMatchObject({ tampered: ['Math.round'] });
  });

  it('calls text it cannot read unreadable', () => {
    expect(readResult('not wire json', '{}')).toEqual({ end: 'unreadable' });
  });
});
