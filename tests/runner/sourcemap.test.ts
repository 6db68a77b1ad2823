import * as esbuild from 'esbuild';
import { describe, expect, it } from 'vitest';
import { compileSource } from '../../src/runner/compile-options.ts';
import { decodeSourceMap, originalPosition } from '../../src/runner/sourcemap.ts';

describe('source maps', () => {
  it('maps a position in compiled code back to the learner line', async () => {
    const source = 'type A = { x: number };\ninterface B { y: string }\n\nexport function f(a: A): number {\n  const z = a.x * 2;\n  return z.toFixed(2) as unknown as number;\n}\n';
    const out = await compileSource(esbuild, source);
    if (!out.ok) throw new Error(out.message);
    const lines = out.code.split('\n');
    const gen = lines.findIndex((l) => l.includes('toFixed')) + 1;
    const col = lines[gen - 1]!.indexOf('toFixed') + 1;
    expect(originalPosition(decodeSourceMap(out.map), gen, col)?.line).toBe(6);
  });

  it('returns undefined for an empty or broken map', () => {
    expect(originalPosition(decodeSourceMap(''), 1, 1)).toBeUndefined();
    expect(originalPosition(decodeSourceMap('{"mappings":";;'), 3, 1)).toBeUndefined();
  });
});
