/** compileSource, as both runners call it: one file transformed, imports refused by a bundle build first. */
import { describe, expect, it } from 'vitest';
import { compileNode } from '../../src/runner/node/compile.ts';
import { decodeSourceMap, originalPosition } from '../../src/runner/sourcemap.ts';

describe('compiling learner code', () => {
  it('keeps top-level let and const, and maps compiled positions to the learner\'s lines', async () => {
    const out = await compileNode('const SCALE = 2;\n\nexport function f(x: number): number {\n  return (x * SCALE).toFixed(1) as unknown as number;\n}\n');
    if (!out.ok) throw new Error(out.message);
    expect(out.code).toMatch(/^const SCALE = 2;$/m);
    const lines = out.code.split('\n');
    const gen = lines.findIndex((l) => l.includes('toFixed')) + 1;
    expect(originalPosition(decodeSourceMap(out.map), gen, lines[gen - 1]!.indexOf('toFixed') + 1)?.line).toBe(4);
  });

  it('gives the same module whether or not the source could import something', async () => {
    const body = 'export function f(x: number): number {\n  return x + 1;\n}\n';
    const plain = await compileNode(`// a comment\n${body}`);
    const mentioning = await compileNode(`// import nothing\n${body}`);
    expect(plain.ok && mentioning.ok).toBe(true);
    if (plain.ok && mentioning.ok) expect(mentioning.code.replace('import nothing', 'a comment')).toBe(plain.code);
  });

  it('refuses an import with a message at its line, and reports syntax errors at theirs', async () => {
    const imported = await compileNode('export const f = () => readFileSync;\nimport { readFileSync } from "node:fs";\n');
    expect(imported).toMatchObject({ ok: false, at: { line: 2 } });
    if (!imported.ok) expect(imported.message).toMatch(/Imports are not available here: "node:fs"/);
    const broken = await compileNode('export function f() {\n  return (1 + ;\n}\n');
    expect(broken).toMatchObject({ ok: false, at: { line: 2 } });
    if (!broken.ok) expect(broken.message).toMatch(/^Compile error: /);
  });
});
