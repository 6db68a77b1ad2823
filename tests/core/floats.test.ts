import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  allValues, decodeFloat, defineFormat, encodeFloat, f16BitsToNumber, f32ToF16Bits, FORMATS, guaranteedDigits,
  isNaNCode, maxFinite, minSubnormal, nanCode, nextDown, nextUp, roundToFormat, type FloatFormat,
} from '../../src/core/index.ts';

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);
const bitsOfF32 = (x: number) => ((f32[0] = x), u32[0]!);
const valueOfF32Bits = (b: number) => ((u32[0] = b), f32[0]!);
/** NaN codes all mean NaN: compare them by meaning. */
const sameCode = (f: FloatFormat, a: number, b: number) => (isNaNCode(a, f) && isNaNCode(b, f)) || a === b;

describe('named formats', () => {
  it('have their standard limits', () => {
    expect(maxFinite(FORMATS.float32)).toBe(3.4028234663852886e38);
    expect(maxFinite(FORMATS.float16)).toBe(65504);
    expect(maxFinite(FORMATS.bfloat16)).toBe(3.3895313892515355e38);
    expect(maxFinite(FORMATS.e4m3fn)).toBe(448);
    expect(maxFinite(FORMATS.e5m2)).toBe(57344);
    expect(maxFinite(FORMATS.e2m1)).toBe(6);
    expect(maxFinite(FORMATS.fp8_e4m3_ieee)).toBe(240);
    expect(maxFinite(FORMATS.fp4_e2m1_ieee)).toBe(3);
    expect(minSubnormal(FORMATS.float16)).toBe(2 ** -24);
  });
  it('guarantee 6, 3 and 2 significant digits for float32, float16, bfloat16', () => {
    expect([FORMATS.float32, FORMATS.float16, FORMATS.bfloat16].map(guaranteedDigits)).toEqual([6, 3, 2]);
  });
  it('E2M1 holds exactly 0, 0.5, 1, 1.5, 2, 3, 4, 6 and their negatives', () => {
    expect(allValues(FORMATS.e2m1).map((v) => v.value)).toEqual([0, 0.5, 1, 1.5, 2, 3, 4, 6, -0, -0.5, -1, -1.5, -2, -3, -4, -6]);
  });
  it('E4M3FN has one NaN per sign and finite 256..448 at 0x78..0x7e', () => {
    const vals = allValues(FORMATS.e4m3fn);
    expect(vals.filter((v) => Number.isNaN(v.value)).map((v) => v.bits)).toEqual([0x7f, 0xff]);
    expect(vals.slice(0x78, 0x7f).map((v) => v.value)).toEqual([256, 288, 320, 352, 384, 416, 448]);
  });
  it('rejects impossible format descriptions and codes', () => {
    expect(() => defineFormat({ name: 'x', exponentBits: 0, significandBits: 3 })).toThrow(/exponentBits/);
    expect(() => decodeFloat(256, FORMATS.e4m3fn)).toThrow(/not a 8-bit code/);
    expect(() => decodeFloat(1.5, FORMATS.float16)).toThrow(RangeError);
  });
});

describe('decode then encode is the identity', () => {
  for (const name of ['float16', 'bfloat16', 'e4m3fn', 'e5m2', 'e2m1', 'fp8_e4m3_ieee', 'fp4_e2m1_ieee'] as const) {
    it(`on every ${name} code (NaN codes map to the canonical NaN)`, () => {
      const f = FORMATS[name];
      for (const { bits, value } of allValues(f)) {
        const back = encodeFloat(value, f);
        if (Number.isNaN(value)) expect(back).toBe(nanCode(f));
        else expect(back).toBe(bits);
      }
    });
  }
});

describe('float32 agrees with Float32Array', () => {
  it('decodes random codes as the hardware does', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 2 ** 32 - 1 }), (b) => {
      expect(Object.is(decodeFloat(b, FORMATS.float32), valueOfF32Bits(b)) || Number.isNaN(valueOfF32Bits(b))).toBe(true);
    }), { numRuns: 20000 });
  });
  it('encodes random doubles as Math.fround does', () => {
    fc.assert(fc.property(fc.double({ noNaN: true }), (x) => {
      expect(encodeFloat(x, FORMATS.float32)).toBe(bitsOfF32(x));
    }), { numRuns: 20000 });
  });
  it('encodes doubles halfway between float32 neighbours to the even one', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 0x7f7ffffe }), (b) => {
      const lo = valueOfF32Bits(b), hi = valueOfF32Bits(b + 1);
      expect(encodeFloat(lo + (hi - lo) / 2, FORMATS.float32)).toBe(bitsOfF32(lo + (hi - lo) / 2));
    }), { numRuns: 5000 });
  });
});

describe('float16 agrees with Math.f16round', () => {
  const f16round = (Math as { f16round?: (x: number) => number }).f16round;
  it.skipIf(!f16round)('on random doubles, ties and overflow included', () => {
    fc.assert(fc.property(fc.oneof(fc.double({ noNaN: true }), fc.double({ min: -70000, max: 70000, noNaN: true })), (x) => {
      expect(Object.is(decodeFloat(encodeFloat(x, FORMATS.float16), FORMATS.float16), f16round!(x))).toBe(true);
    }), { numRuns: 20000 });
  });
  it('the fast float32 path agrees with the generic encoder', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 2 ** 32 - 1 }), (b) => {
      const x = valueOfF32Bits(b);
      expect(sameCode(FORMATS.float16, f32ToF16Bits(x), encodeFloat(x, FORMATS.float16))).toBe(true);
    }), { numRuns: 50000 });
    for (let b = 0; b < 65536; b++) {
      const v = decodeFloat(b, FORMATS.float16);
      expect(Object.is(f16BitsToNumber(b), v) || Number.isNaN(v)).toBe(true);
    }
  });
});

describe('rounding rules of the formats', () => {
  it('float16: 65519 rounds down to 65504, 65520 overflows to Inf', () => {
    expect(decodeFloat(encodeFloat(65519, FORMATS.float16), FORMATS.float16)).toBe(65504);
    expect(encodeFloat(65520, FORMATS.float16)).toBe(0x7c00);
    expect(encodeFloat(-65520, FORMATS.float16)).toBe(0xfc00);
  });
  it('E4M3FN: 464 is a tie that goes to 448; above it is NaN with the sign kept; saturate clamps', () => {
    expect(encodeFloat(464, FORMATS.e4m3fn)).toBe(0x7e);
    expect(encodeFloat(464.01, FORMATS.e4m3fn)).toBe(0x7f);
    expect(encodeFloat(-1e9, FORMATS.e4m3fn)).toBe(0xff);
    expect(encodeFloat(Infinity, FORMATS.e4m3fn, { saturate: true })).toBe(0x7e);
    expect(encodeFloat(-500, FORMATS.e4m3fn, { saturate: true })).toBe(0xfe);
  });
  it('E2M1 always saturates, and has no NaN to encode', () => {
    expect(encodeFloat(7, FORMATS.e2m1)).toBe(0x7);
    expect(encodeFloat(-Infinity, FORMATS.e2m1)).toBe(0xf);
    expect(() => encodeFloat(NaN, FORMATS.e2m1)).toThrow(/no NaN/);
  });
  it('E5M2 and float16 saturate to their max on request', () => {
    expect(decodeFloat(encodeFloat(1e6, FORMATS.e5m2, { saturate: true }), FORMATS.e5m2)).toBe(57344);
    expect(decodeFloat(encodeFloat(-Infinity, FORMATS.float16, { saturate: true }), FORMATS.float16)).toBe(-65504);
  });
  it('gives canonical NaNs', () => {
    expect(encodeFloat(NaN, FORMATS.float16)).toBe(0x7e00);
    expect(encodeFloat(NaN, FORMATS.bfloat16)).toBe(0x7fc0);
    expect(encodeFloat(NaN, FORMATS.e5m2)).toBe(0x7e);
    expect(encodeFloat(NaN, FORMATS.e4m3fn)).toBe(0x7f);
  });
  it('underflows gradually: half the smallest subnormal rounds to 0, a bit more to the subnormal', () => {
    const tiny = minSubnormal(FORMATS.float16);
    expect(encodeFloat(tiny / 2, FORMATS.float16)).toBe(0);
    expect(encodeFloat(tiny * 0.5000001, FORMATS.float16)).toBe(1);
    expect(encodeFloat(tiny * 1.5, FORMATS.float16)).toBe(2); // tie between 1 and 2 ulps: even
    expect(encodeFloat(-tiny / 4, FORMATS.float16)).toBe(0x8000); // -0 keeps its sign
  });
  it('keeps -0', () => {
    expect(encodeFloat(-0, FORMATS.bfloat16)).toBe(0x8000);
    expect(Object.is(roundToFormat([-0], FORMATS.e2m1)[0], -0)).toBe(true);
  });
  it('round to nearest collapses small weights in E2M1', () => {
    expect(roundToFormat([0.1, 0.2, 0.3, 0.7, 2.6, 5.1, 100], FORMATS.e2m1)).toEqual([0, 0, 0.5, 0.5, 3, 6, 6]);
  });
});

describe('neighbours', () => {
  it('step through every float16 value in order', () => {
    const f = FORMATS.float16;
    let code = encodeFloat(-Infinity, f);
    let prev = -Infinity, steps = 0;
    while (code !== encodeFloat(Infinity, f)) {
      code = nextUp(code, f);
      const v = decodeFloat(code, f);
      expect(v > prev || (v === 0 && prev === 0)).toBe(true);
      prev = v;
      steps++;
    }
    // 2 × 31 × 1024 finite codes, minus the duplicate zero, plus the step onto +Inf.
    expect(steps).toBe(2 * 31 * 1024 - 1 + 1);
  });
  it('nextDown undoes nextUp away from zero and the ends', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 0x7bfe }), fc.boolean(), (b, neg) => {
      const code = neg ? b + 0x8000 : b;
      expect(nextDown(nextUp(code, FORMATS.float16), FORMATS.float16)).toBe(code);
    }));
  });
  it('stays put at the top of formats without infinity', () => {
    expect(nextUp(0x7e, FORMATS.e4m3fn)).toBe(0x7e);
    expect(nextUp(0x77, FORMATS.fp8_e4m3_ieee)).toBe(0x78); // 240 → +Inf
  });
});
