/**
 * Q5_0, Q5_1 and IQ4_NL against bytes ggml's own C wrote (tests/core/fixtures/ggml-q5-iq4nl, with the
 * commit and command that made them): the core quantizes to the same bytes and dequantizes to the same
 * float32 bits, on random and adversarial blocks. Then the layouts and invariants the lesson states.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dequantizeGgml, ggmlBitsPerWeight, ggmlBlockSize, IQ4_NL_LEVELS, quantizeGgml, type GgmlType } from '../../src/core/index.ts';
import { fromHex } from './ggml-fixture.ts';

const vectors = JSON.parse(readFileSync(new URL('./fixtures/ggml-q5-iq4nl/vectors.json', import.meta.url), 'utf8')) as Record<string, string>;
const input = new Float32Array(fromHex(vectors.input!).buffer);
const TYPES: GgmlType[] = ['q5_0', 'q5_1', 'iq4_nl'];
const BLOCK_BYTES = { q5_0: 22, q5_1: 24, iq4_nl: 18 } as Record<string, number>;

describe('byte-exact to ggml (vectors written by its C)', () => {
  it('the fixture holds 40 blocks of 32 inputs', () => expect(input.length).toBe(40 * 32));
  for (const t of TYPES) {
    it(`${t}: the same bytes, block by block`, () => {
      const want = fromHex(vectors[t]!);
      const got = quantizeGgml(t, input);
      expect(got.length).toBe(want.length);
      const bb = BLOCK_BYTES[t]!;
      for (let b = 0; b < 40; b++) expect(Buffer.from(got.subarray(b * bb, (b + 1) * bb)).toString('hex'), `${t} block ${b}`).toBe(Buffer.from(want.subarray(b * bb, (b + 1) * bb)).toString('hex'));
    });
    it(`${t}: dequantizes ggml's bytes to ggml's float32 bits`, () => {
      const y = dequantizeGgml(t, fromHex(vectors[t]!), input.length);
      expect(Buffer.from(new Uint8Array(y.buffer)).toString('hex')).toBe(vectors[`${t}_dequantized`]);
    });
  }
});

describe('sizes and layouts', () => {
  it('Q5_0 5.5, Q5_1 6, IQ4_NL 4.5 bits per weight, blocks of 32', () => {
    expect(TYPES.map(ggmlBitsPerWeight)).toEqual([5.5, 6, 4.5]);
    expect(TYPES.map(ggmlBlockSize)).toEqual([32, 32, 32]);
    expect(() => quantizeGgml('q5_0', new Float32Array(16))).toThrow(/multiple of 32/);
  });
  it('Q5_0: code j sits in nibble j of the quants and bit j of the 32-bit high word', () => {
    // max = -16 makes d = 1 and each integer x in [-16, 15] its own code x + 16.
    const x = Float32Array.from({ length: 32 }, (_, j) => (j === 0 ? -16 : ((j * 7) % 32) - 16));
    const bytes = quantizeGgml('q5_0', x);
    const qh = new DataView(bytes.buffer).getUint32(2, true);
    for (let j = 0; j < 32; j++) {
      const code = x[j]! + 16;
      const nib = j < 16 ? bytes[6 + j]! & 15 : bytes[6 + j - 16]! >> 4;
      expect(nib | (((qh >>> j) & 1) << 4)).toBe(code);
    }
    expect(Array.from(dequantizeGgml('q5_0', bytes, 32))).toEqual(Array.from(x));
  });
  it('IQ4_NL: every value dequantizes to d times one of its 16 levels', () => {
    const x = Float32Array.from({ length: 32 }, (_, j) => Math.sin(j * 1.7) * 0.3);
    const bytes = quantizeGgml('iq4_nl', x);
    const d = dequantizeGgml('iq4_nl', bytes, 32);
    const scale = Math.abs(d[0]! / IQ4_NL_LEVELS[bytes[2]! & 15]!);
    for (const v of d) expect(IQ4_NL_LEVELS.some((l) => Math.abs(Math.abs(v) - Math.abs(l * scale)) <= 1e-6 * scale * 127)).toBe(true);
  });
});

describe('invariants on any finite block', () => {
  // Scales stay in float16's normal range (a block of tiny values may have its scale flushed to zero).
  const block = fc.float32Array({ minLength: 32, maxLength: 32, noNaN: true, noDefaultInfinity: true, min: -1e4, max: 1e4 })
    .filter((x) => Math.max(...Array.from(x, Math.abs)) > 1e-2);
  it('Q5_1 never errs by more than half a step plus float16 rounding of its minimum; Q5_0 by more than a step', () => {
    fc.assert(fc.property(block, (x) => {
      for (const t of ['q5_0', 'q5_1'] as const) {
        const y = dequantizeGgml(t, quantizeGgml(t, x), 32);
        const amax = Math.max(...Array.from(x, Math.abs));
        const range = Math.max(...x) - Math.min(...x);
        const step = t === 'q5_0' ? amax / 16 : range / 31;
        for (let j = 0; j < 32; j++) expect(Math.abs(y[j]! - x[j]!)).toBeLessThanOrEqual(step * (t === 'q5_0' ? 1.01 : 0.51) + amax * 1e-3 + 1e-30);
      }
    }), { numRuns: 200 });
  });
});

describe('what the lesson says of them', () => {
  it('on bell-shaped weights IQ4_NL errs less than Q4_0 at the same 4.5 bits, and Q5_0 less than both', () => {
    // A fixed Gaussian-ish row from the fixture generator (sum of four uniforms), 64 blocks.
    let state = 7;
    const u = () => (state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 4294967296;
    const x = Float32Array.from({ length: 64 * 32 }, () => u() + u() + u() + u() - 2);
    const mse = (t: GgmlType) => {
      const y = dequantizeGgml(t, quantizeGgml(t, x), x.length);
      return y.reduce((s, v, i) => s + (v - x[i]!) ** 2, 0) / x.length;
    };
    expect(mse('iq4_nl')).toBeLessThan(mse('q4_0'));
    expect(mse('q5_0')).toBeLessThan(mse('iq4_nl'));
  });
});
