import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dequantizeGgml, f16BitsToNumber, f32ToF16Bits, ggmlBitsPerWeight, quantizeGgml } from '../../src/core/index.ts';

const fr = Math.fround;
const u16 = (b: Uint8Array, at: number) => b[at]! | (b[at + 1]! << 8);
const block = fc.tuple(fc.integer({ min: -6, max: 3 }), fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: 32, maxLength: 32 }))
  .map(([e, v]) => Float32Array.from(v, (t) => t * 10 ** e));

describe('sizes', () => {
  it('Q8_0 8.5, Q4_0 4.5, Q4_1 5 bits per weight; 34, 18 and 20 bytes per 32 values', () => {
    expect([ggmlBitsPerWeight('q8_0'), ggmlBitsPerWeight('q4_0'), ggmlBitsPerWeight('q4_1')]).toEqual([8.5, 4.5, 5]);
    expect(['q8_0', 'q4_0', 'q4_1'].map((t) => quantizeGgml(t as 'q8_0', new Float32Array(64)).length)).toEqual([68, 36, 40]);
    expect(() => quantizeGgml('q8_0', new Float32Array(33))).toThrow(/multiple of 32/);
    expect(() => quantizeGgml('q9_9' as 'q8_0', new Float32Array(32))).toThrow(/unknown ggml type "q9_9"/);
  });
});

describe('Q8_0', () => {
  it('stores fp16(amax/127) little-endian, then one int8 per value', () => {
    const x = Float32Array.from({ length: 32 }, (_, i) => i - 16);
    const b = quantizeGgml('q8_0', x);
    expect(u16(b, 0)).toBe(f32ToF16Bits(fr(16 / 127)));
    // id = 1/d = 127/16 (in float32): q = roundf(x·id); −16 → −127 as the byte 0x81.
    expect(b[2]).toBe(0x81);
    expect(b[2 + 31]).toBe(Math.round(15 * fr(1 / fr(16 / 127))));
  });
  it('rounds halves away from zero (roundf), not to even', () => {
    // amax 127 → d = 1 → id = 1: each q is roundf(x).
    const x = new Float32Array(32);
    x.set([127, 0.5, -0.5, 1.5, -1.5, 2.5, -2.5, 0.49]);
    const b = quantizeGgml('q8_0', x);
    const q = Array.from(b.subarray(2, 10), (v) => (v << 24) >> 24);
    expect(q).toEqual([127, 1, -1, 2, -2, 3, -3, 0]);
  });
  it('comes back within half a step plus the fp16 rounding of the scale', () => {
    fc.assert(fc.property(block, (x) => {
      const b = quantizeGgml('q8_0', x);
      const y = dequantizeGgml('q8_0', b, 32);
      const amax = Math.max(...Array.from(x, Math.abs));
      const d = fr(amax / 127), dStored = f16BitsToNumber(u16(b, 0));
      if (d < 2 ** -14) return; // a subnormal fp16 scale loses relative precision; covered elsewhere
      x.forEach((v, i) => expect(Math.abs(v - y[i]!)).toBeLessThanOrEqual(d / 2 + 127 * Math.abs(d - dStored) + 1e-6 * Math.abs(v)));
    }));
  });
});

describe('Q4_0', () => {
  it('takes the signed element of largest magnitude: d = max / −8, so that element lands exactly on code 0', () => {
    // max = −8 → d = 1 → nibble = min(15, trunc(x + 8.5)); 7 → 15, 8 would clip to 15 too.
    const x = new Float32Array(32);
    x.set([-8, 7, 0, -3.4, 7.9]);
    const b = quantizeGgml('q4_0', x);
    expect(f16BitsToNumber(u16(b, 0))).toBe(1);
    expect([b[2]! & 15, b[3]! & 15, b[4]! & 15, b[5]! & 15, b[6]! & 15]).toEqual([0, 15, 8, 5, 15]);
  });
  it('a positive max gives a negative d: the positive extreme is exact, the negative side loses −8', () => {
    const x = new Float32Array(32);
    x.set([8, -8]);
    const y = dequantizeGgml('q4_0', quantizeGgml('q4_0', x), 32);
    expect(y[0]).toBe(8);
    expect(y[1]).toBe(-7); // the grid is −7·|d| … 8·|d| when max is positive
  });
  it('the first of two equal magnitudes decides the sign', () => {
    const x = new Float32Array(32);
    x.set([2, -2]);
    expect(f16BitsToNumber(u16(quantizeGgml('q4_0', x), 0))).toBe(-0.25);
    x.set([-2, 2]);
    expect(f16BitsToNumber(u16(quantizeGgml('q4_0', x), 0))).toBe(0.25);
  });
  it('byte j holds element j in its low nibble and element j + 16 in its high nibble', () => {
    const x = Float32Array.from({ length: 32 }, (_, i) => (i < 16 ? -8 + (i % 16) : 7 - (i % 16)) * 1);
    const b = quantizeGgml('q4_0', x);
    for (let j = 0; j < 16; j++) {
      expect(b[2 + j]! & 15).toBe(j); // element j = j − 8 → nibble j
      expect(b[2 + j]! >> 4).toBe(15 - j); // element j + 16 = 7 − j → nibble 15 − j
    }
  });
});

describe('Q4_1', () => {
  it('stores fp16(d), fp16(min), then nibbles of trunc((x − min)/d + 0.5) in the same order', () => {
    const x = Float32Array.from({ length: 32 }, (_, i) => -1 + (i % 16) * 0.5 + (i >= 16 ? 0.2 : 0));
    const b = quantizeGgml('q4_1', x);
    const min = -1, max = fr(-1 + 15 * 0.5 + 0.2);
    const d = fr(fr(max - min) / 15);
    expect(u16(b, 0)).toBe(f32ToF16Bits(d));
    expect(u16(b, 2)).toBe(f32ToF16Bits(min));
    const id = fr(1 / d);
    for (let j = 0; j < 16; j++) {
      expect(b[4 + j]! & 15).toBe(Math.min(15, Math.trunc(fr(fr(fr(x[j]! - min) * id) + 0.5))));
      expect(b[4 + j]! >> 4).toBe(Math.min(15, Math.trunc(fr(fr(fr(x[16 + j]! - min) * id) + 0.5))));
    }
  });
  it('a positive-only block keeps its offset: every value within about one step', () => {
    fc.assert(fc.property(block, (v) => {
      const x = Float32Array.from(v, (t) => Math.abs(t) + 1);
      const b = quantizeGgml('q4_1', x);
      const y = dequantizeGgml('q4_1', b, 32);
      const step = f16BitsToNumber(u16(b, 0));
      // One step covers both rounding to a level and the fp16 rounding of min (≤ 2^−11 · |min|).
      x.forEach((t, i) => expect(Math.abs(t - y[i]!)).toBeLessThanOrEqual(step + 2 ** -10 * Math.abs(t)));
    }));
  });
});

describe('fp16 scale overflow', () => {
  it('a scale past 65504 is stored as Inf and dequantizes to ±Inf, and to NaN where the code is 0 (Inf × 0)', () => {
    const x = new Float32Array(32);
    x[0] = 1e7; // Q8_0: d = 1e7/127 ≈ 78740 > 65504
    const b = quantizeGgml('q8_0', x);
    expect(u16(b, 0)).toBe(0x7c00);
    const y = dequantizeGgml('q8_0', b, 32);
    expect(y[0]).toBe(Infinity);
    expect(Number.isNaN(y[1])).toBe(true);
  });
  it('Q4_0 and Q4_1 likewise: their zero point meets an infinite scale', () => {
    const x = Float32Array.from({ length: 32 }, (_, i) => (i === 0 ? -1e6 : 0));
    const y0 = dequantizeGgml('q4_0', quantizeGgml('q4_0', x), 32);
    expect(y0[0]).toBe(-Infinity);
    expect(Number.isNaN(y0[1])).toBe(true); // nibble 8 − 8 = 0, times Inf
    const y1 = dequantizeGgml('q4_1', quantizeGgml('q4_1', Float32Array.from({ length: 32 }, (_, i) => i * 1e5)), 32);
    expect(Number.isNaN(y1[0])).toBe(true); // nibble 0 × Inf
  });
});
