import { describe, expect, it } from 'vitest';
import { compareOutputs } from '../../src/grading/compare.ts';
import type { Tolerance } from '../../src/grading/exercise.ts';

const tol = (t: Tolerance) => () => t;

describe('compareOutputs', () => {
  it('accepts floats within tolerance and names the first differing element otherwise', () => {
    const t = tol({ rel: 1e-9, abs: 0 });
    expect(compareOutputs([1, 2, 3], [1, 2 * (1 + 1e-12), 3], t)).toBeNull();
    const d = compareOutputs([1, 2, 3], [1, 2.1, 3.5], t);
    expect(d?.path).toBe('[1]');
    expect(d?.reason).toMatch(/expected 2, got 2.1/);
  });

  it('treats NaN as equal to NaN and nothing else', () => {
    expect(compareOutputs(NaN, NaN, tol('exact'))).toBeNull();
    expect(compareOutputs(NaN, 0, tol({ rel: 1, abs: 1 }))).not.toBeNull();
    expect(compareOutputs(Infinity, 1e308, tol({ rel: 1, abs: 0 }))).not.toBeNull();
  });

  it("'exact' ignores the sign of zero, 'identical' does not", () => {
    expect(compareOutputs(0, -0, tol('exact'))).toBeNull();
    expect(compareOutputs(0, -0, tol('identical'))?.reason).toMatch(/sign of zero/);
  });

  it('compares bytes exactly, and typed arrays against plain arrays by element', () => {
    expect(compareOutputs(new Uint8Array([1, 2]), [1, 2], tol('exact'))).toBeNull();
    expect(compareOutputs(new Uint8Array([1, 2]), new Uint8Array([1, 3]), tol('exact'))?.path).toBe('[1]');
    expect(compareOutputs(new Uint8Array([1, 2]), new Uint8Array([1]), tol('exact'))?.reason).toMatch(/expected 2 elements, got 1/);
  });

  it('uses a tolerance per top-level field and reports missing fields', () => {
    const byField = (f: string): Tolerance => (f === 'values' ? 'exact' : { rel: 1e-6, abs: 0 });
    expect(compareOutputs({ values: [1, 2], scale: 0.5 }, { values: [1, 2], scale: 0.5000001 }, byField)).toBeNull();
    expect(compareOutputs({ values: [1, 2], scale: 0.5 }, { values: [1, 2] }, byField)?.reason).toMatch(/no field "scale"/);
    expect(compareOutputs({ values: [1, 2], scale: 0.5 }, { values: [1, 2.0000001], scale: 0.5 }, byField)?.path).toBe('values[1]');
    expect(compareOutputs({ a: 1 }, 5, byField)?.reason).toMatch(/expected an object/);
  });
});
