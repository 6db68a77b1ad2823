import { describe, expect, it } from 'vitest';
import { fromWire, toWire } from '../../src/grading/wire.ts';

describe('wire format', () => {
  it('round-trips what JSON loses', () => {
    const value = { a: [NaN, Infinity, -Infinity, -0, 0, 1.5], b: new Float32Array([1.5, NaN]), c: new Uint8Array([0, 255]), d: undefined, e: 'text' };
    const back = fromWire(toWire(value)) as typeof value;
    expect(back.a.map((x) => Object.is(x, -0) ? '-0' : x)).toEqual([NaN, Infinity, -Infinity, '-0', 0, 1.5]);
    expect(back.b).toBeInstanceOf(Float32Array);
    expect(Array.from(back.b)).toEqual([1.5, NaN]);
    expect(back.c).toBeInstanceOf(Uint8Array);
    expect(Array.from(back.c)).toEqual([0, 255]);
    expect(back.d).toBeUndefined();
    expect(back.e).toBe('text');
  });

  it('throws on cycles like JSON does', () => {
    const o: Record<string, unknown> = {};
    o.self = o;
    expect(() => toWire(o)).toThrow();
  });
});
