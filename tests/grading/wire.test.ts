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

describe('wire format fast paths', () => {
  it('plain data is plain JSON, and parses back without a walk', () => {
    const v = { values: [1, -2, 3.5], scale: 0.1, nested: [{ a: [1, 2] }] };
    expect(toWire(v)).toBe(JSON.stringify(v));
    expect(fromWire(toWire(v))).toEqual(v);
  });
  it('tags specials deep inside arrays and objects, and keeps an undefined field', () => {
    const v = [{ q: [1, NaN], s: { t: -0 } }, [[Infinity]], { u: undefined }];
    const back = fromWire(toWire(v)) as [{ q: number[]; s: { t: number } }, number[][], { u?: unknown }];
    expect(back[0].q[1]).toBeNaN();
    expect(Object.is(back[0].s.t, -0)).toBe(true);
    expect(back[1]![0]![0]).toBe(Infinity);
    expect('u' in back[2]).toBe(true);
  });
  it('writes −0 as the text -0 when asked (a sandbox report), which parses back as −0 with no tag', () => {
    const codes = [3, -0, 0, -1, -0, 2];
    const v = { values: [codes, { scale: -0, zero: 0 }], more: [NaN, -0] };
    const text = toWire(v, undefined, true);
    expect(text).toBe('{"values":[[3,-0,0,-1,-0,2],{"scale":-0,"zero":0}],"more":[{"$qc":"NaN"},-0]}');
    const back = fromWire(text) as { values: [number[], { scale: number; zero: number }]; more: number[] };
    expect(back.values[0].map((x) => Object.is(x, -0))).toEqual([false, true, false, false, true, false]);
    expect(Object.is(back.values[1].scale, -0)).toBe(true);
    expect(Object.is(back.values[1].zero, 0)).toBe(true);
    expect(Object.is(back.more[1], -0)).toBe(true);
    expect(codes).toEqual([3, -0, 0, -1, -0, 2]); // the learner's array is copied, not patched
    // Output for people and other tools keeps the tag (Python's json reads -0 as 0).
    expect(toWire([-0])).toBe('[{"$qc":"-0"}]');
  });
  it('keeps an own "__proto__" key next to a special value as a key, not as a prototype', () => {
    const v = JSON.parse('{"__proto__": {"a": 1}, "x": 1}') as Record<string, unknown>;
    v.y = NaN;
    const back = fromWire(toWire(v)) as Record<string, unknown>;
    expect(Object.getPrototypeOf(back)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(back, '__proto__')?.value).toEqual({ a: 1 });
    expect(back.y).toBeNaN();
  });
  it('refuses values nested too deeply', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 300; i++) deep = [deep];
    expect(() => toWire(deep)).toThrow(/nested too deeply/);
  });
});
