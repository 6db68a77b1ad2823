import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decodeFloat, decodeMxfp4Block, decodeNvfp4Block, dequantizeGgml, e8m0Half, encodeFloat, FORMATS, FP4_DOUBLED,
  fp4BestCode, ggmlBitsPerWeight, ggmlBlockSize, mxfp4SharedExponent, quantizeGgml, ue4m3Encode, ue4m3Half,
} from '../../src/core/index.ts';
import { f32Bits, f32FromBits, lcgRow, sha256 } from './ggml-fixture.ts';

const fr = Math.fround;
const E2M1 = [0, 0.5, 1, 1.5, 2, 3, 4, 6];
const finite32 = fc.float({ noNaN: true, noDefaultInfinity: true });

describe('sizes and layouts', () => {
  it('MXFP4: 17 bytes per 32 values (4.25 bits); NVFP4: 36 bytes per 64 (4.5 bits)', () => {
    expect(ggmlBlockSize('mxfp4')).toBe(32);
    expect(ggmlBlockSize('nvfp4')).toBe(64);
    expect(ggmlBitsPerWeight('mxfp4')).toBe((8 * (1 + 16)) / 32);
    expect(ggmlBitsPerWeight('mxfp4')).toBe(4.25);
    expect(ggmlBitsPerWeight('nvfp4')).toBe((8 * (4 + 32)) / 64);
    expect(ggmlBitsPerWeight('nvfp4')).toBe(4.5);
    expect(() => quantizeGgml('nvfp4', new Float32Array(32))).toThrow(/multiple of 64/);
  });
  it('MXFP4: element j is the low nibble of byte 1 + j, element j + 16 the high nibble', () => {
    // With amax = 6, E = 2 and e = 127: the scale is 1 and each value is its own E2M1 code.
    const x = new Float32Array(32);
    for (let j = 0; j < 16; j++) {
      x[j] = E2M1[j % 8]!;
      x[16 + j] = -E2M1[(j + 3) % 8]!;
    }
    x[0] = 6;
    const bytes = quantizeGgml('mxfp4', x);
    expect(bytes[0]).toBe(127);
    for (let j = 0; j < 16; j++) {
      const lo = j === 0 ? 7 : j % 8;
      const hiMag = (j + 3) % 8;
      expect(bytes[1 + j]! & 15).toBe(lo);
      expect(bytes[1 + j]! >> 4).toBe(hiMag === 0 ? 0 : 8 + hiMag); // −0 gets code 0, not 8
    }
    expect(Array.from(dequantizeGgml('mxfp4', bytes, 32))).toEqual(Array.from(x, (v) => v + 0));
  });
  it('NVFP4: four scale bytes, then byte 4 + 8s + j holds element 16s + j (low) and 16s + 8 + j (high)', () => {
    const x = Float32Array.from({ length: 64 }, (_, e) => ((e % 7) - 3) * 2 ** (e >> 4));
    const bytes = quantizeGgml('nvfp4', x);
    const parts = decodeNvfp4Block(bytes);
    expect(parts.scaleCodes).toEqual(Array.from(bytes.subarray(0, 4)));
    for (let e = 0; e < 64; e++) {
      const s = e >> 4, j = e & 7, high = (e & 15) >= 8;
      const code = high ? bytes[4 + 8 * s + j]! >> 4 : bytes[4 + 8 * s + j]! & 15;
      expect(code).toBe(parts.codes[e]);
      expect(code).toBe(fp4BestCode(x[e]!, ue4m3Half(bytes[s]!)));
    }
  });
});

describe('the FP4 element coder (best_index_mxfp4)', () => {
  it('ties go to the smaller magnitude: 0.25, 0.75, 1.25, 1.75, 2.5, 3.5, 5 round down', () => {
    const d = 0.5; // half the scale 1: FP4_DOUBLED·d is the E2M1 grid itself
    expect([0.25, 0.75, 1.25, 1.75, 2.5, 3.5, 5].map((x) => fp4BestCode(x, d))).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect([-0.25, -0.75, -3.5, -5].map((x) => fp4BestCode(x, d))).toEqual([0, 9, 13, 14]);
  });
  it('zero, −0, NaN, ±Inf and d = 0 give code 0; magnitudes past 12·d saturate to 7 / 15', () => {
    expect([0, -0, NaN, Infinity, -Infinity].map((x) => fp4BestCode(x, 0.5))).toEqual([0, 0, 0, 0, 0]);
    expect(fp4BestCode(3, 0)).toBe(0);
    expect(fp4BestCode(100, 0.5)).toBe(7);
    expect(fp4BestCode(-100, 0.5)).toBe(15);
  });
  it('off a tie, agrees with the core\'s round-to-nearest E2M1 encoder', () => {
    fc.assert(fc.property(fc.double({ min: -8, max: 8, noNaN: true }), (x) => {
      const v = fr(x);
      const mids = [0.25, 0.75, 1.25, 1.75, 2.5, 3.5, 5];
      if (mids.includes(Math.abs(v)) || v === 0) return;
      const code = fp4BestCode(v, 0.5);
      // + 0: ggml gives a value that rounds to zero code 0, never −0 (code 8).
      expect(decodeFloat(code, FORMATS.e2m1) + 0).toBe(decodeFloat(encodeFloat(v, FORMATS.e2m1), FORMATS.e2m1) + 0);
    }));
  });
  it('with d = 224, enormous magnitudes degrade as the spec says: |x| ≥ 2^36 gives code 0', () => {
    expect(fp4BestCode(2 ** 37, 224)).toBe(0);
    expect(fp4BestCode(1000, 224)).toBe(4); // grid 0, 224, 448, 672, 896, 1344, …: 896 is nearest
  });
});

describe('MXFP4 shared exponent', () => {
  it('decodes E8M0 to half the scale: 0 → 2^−128, 1 → 2^−127 (subnormals), 127 → 0.5, 255 → 2^127', () => {
    expect(f32Bits(e8m0Half(0))).toBe(0x00200000);
    expect(f32Bits(e8m0Half(1))).toBe(0x00400000);
    expect(e8m0Half(127)).toBe(0.5);
    expect(f32Bits(e8m0Half(200))).toBe(199 << 23);
    expect(e8m0Half(255)).toBe(2 ** 127);
    expect(() => e8m0Half(256)).toThrow(/0..255/);
  });
  it('rounds log2 to float32 first: amax = 7.9999995 (0x40ffffff) gives e = 128, not 127', () => {
    expect(mxfp4SharedExponent(f32FromBits(0x40ffffff))).toBe(128);
    expect(mxfp4SharedExponent(4)).toBe(127);
    expect(mxfp4SharedExponent(0)).toBe(0);
    expect(mxfp4SharedExponent(f32FromBits(0x7f7fffff))).toBe(253);
  });
  it('matches the exact integer rule below on every positive normal float32', () => {
    // E = k + 1 when the mantissa field f ≥ 2^23 − J(k), else k; J(k) = J(−1−k) and, for k ≥ 0:
    // 0 for k ≤ 1, 1 for 2–3, 2 for 4–7, 5 for 8–15, 11 for 16–31, 22 for 32–63, 44 for 64–127.
    const J = (k: number): number => {
      const a = k >= 0 ? k : -1 - k;
      return a <= 1 ? 0 : a <= 3 ? 1 : a <= 7 ? 2 : a <= 15 ? 5 : a <= 31 ? 11 : a <= 63 ? 22 : 44;
    };
    const rule = (bits: number) => {
      const k = ((bits >>> 23) & 0xff) - 127, f = bits & 0x7fffff;
      return (f >= 2 ** 23 - J(k) ? k + 1 : k) + 125;
    };
    // Random normals, plus the top ulps of every binade where the rule bites.
    const edge = fc.tuple(fc.integer({ min: 1, max: 254 }), fc.integer({ min: 0, max: 60 })).map(([b, u]) => (b << 23) + 0x7fffff - u);
    fc.assert(fc.property(fc.oneof(fc.integer({ min: 0x00800000, max: 0x7f7fffff }), edge), (bits) => {
      const e = rule(bits);
      if (e < 0) return; // amax < ≈2^−125 is outside ggml's contract
      expect(mxfp4SharedExponent(f32FromBits(bits))).toBe(e);
    }), { numRuns: 5000 });
  });
  it('outside the contract does what an x86 build does: tiny amax wraps to a high byte, +Inf gives 0', () => {
    expect(mxfp4SharedExponent(2 ** -127)).toBe(0xfe); // −127 − 2 + 127 = −2, whose low byte is 0xfe
    expect(mxfp4SharedExponent(Infinity)).toBe(0);
  });
});

describe('NVFP4 scale (UE4M3)', () => {
  it('decodes to half the UE4M3 value: 0x38 → 0.5, 0x7e → 224, 0xff → 240, 0x80 and 0x7f → 0', () => {
    expect(ue4m3Half(0x38)).toBe(0.5);
    expect(ue4m3Half(0x7e)).toBe(224);
    expect(ue4m3Half(0xff)).toBe(240);
    expect(ue4m3Half(0x80)).toBe(0);
    expect(ue4m3Half(0x7f)).toBe(0);
    expect(ue4m3Half(3)).toBe(3 * 2 ** -10);
    expect(() => ue4m3Half(-1)).toThrow(/0..255/);
  });
  it('encodes with ggml\'s quirks: t ≥ 248 → 0x7e, [7.5·2^−9, 2^−6) → 7, the float32 carry at 0x3a7fffff → 1', () => {
    for (const t of [248, 300, 448, 1e9, Infinity]) expect(ue4m3Encode(t)).toBe(0x7e);
    expect(ue4m3Encode(247.99)).toBe(0x77); // 240
    expect(ue4m3Encode(7.5 * 2 ** -9)).toBe(7);
    expect(ue4m3Encode(fr(2 ** -6 * 0.999))).toBe(7);
    expect(ue4m3Encode(f32FromBits(0x3a7fffff))).toBe(1);
    for (const t of [0, -1, NaN, -Infinity]) expect(ue4m3Encode(t)).toBe(0);
    expect(ue4m3Encode(0.5)).toBe(0x30);
  });
  it('never emits 0x78..0x7d, and decodes back close to t', () => {
    fc.assert(fc.property(fc.float({ min: fr(2 ** -6), max: 448, noNaN: true }), (t) => {
      const b = ue4m3Encode(t);
      expect(b < 0x78 || b === 0x7e).toBe(true);
      if (t < 240) expect(Math.abs(2 * ue4m3Half(b) - t)).toBeLessThanOrEqual(t / 16 + 1e-12);
    }));
  });
  it('off a tie, in [2^−6, 240), agrees with the core\'s E4M3FN encoder (round to nearest even)', () => {
    fc.assert(fc.property(fc.float({ min: fr(2 ** -6), max: fr(239.99), noNaN: true }), (t) => {
      const bits = f32Bits(t);
      if ((bits & 0xfffff) === 0x80000) return; // bit 19 alone set: a tie, where ggml rounds up and RNE to even
      expect(ue4m3Encode(t)).toBe(encodeFloat(t, FORMATS.e4m3fn));
    }));
  });
});

describe("ggml's C reference, byte for byte", () => {
  // Computed with quantize_row_{mxfp4,nvfp4}_ref and dequantize_row_{mxfp4,nvfp4} (ggml, x86-64) on lcgRow(12, blockSize).
  const fixtures = {
    mxfp4: {
      block0: '762ed1424266652cbe23bd365412b09552',
      bytes: '3949a2ba8f82cf473dc316d224066065f2140e971f2e369ceb5c5b2efbafa46d',
      dequant: 'ed7a7d070bc9827036741f3bf9fcfd5eaf6189048f817b6ba94fcf1feb3129a2',
    },
    nvfp4: {
      block0: '010101013ed1624226055c2e22bd345416b6925be415f1d1e9cbe1ab6269c41c45a1949b',
      bytes: '2ed4f455786de787ae598cb8824f0ad421304b82d6a0cfa1fdc14574fdbb7afe',
      dequant: '046e9f62b3a10bf0d3938d70c9c7966c0c8163482830e309c676624f56936bea',
    },
  } as const;
  for (const type of ['mxfp4', 'nvfp4'] as const) {
    it(`${type}: quantized bytes and dequantized float32 bits`, () => {
      const x = lcgRow(12, ggmlBlockSize(type));
      const bytes = quantizeGgml(type, x);
      expect(Buffer.from(bytes.subarray(0, bytes.length / 12)).toString('hex')).toBe(fixtures[type].block0);
      expect(sha256(bytes)).toBe(fixtures[type].bytes);
      expect(sha256(dequantizeGgml(type, bytes, x.length))).toBe(fixtures[type].dequant);
    });
  }
});

describe('special blocks', () => {
  it('all zeros: MXFP4 e = 0 and codes 0, NVFP4 scales 0; both dequantize to +0', () => {
    const m = quantizeGgml('mxfp4', new Float32Array(32).fill(-0));
    expect(m.every((b) => b === 0)).toBe(true);
    const n = quantizeGgml('nvfp4', new Float32Array(64));
    expect(n.every((b) => b === 0)).toBe(true);
    expect(Array.from(dequantizeGgml('nvfp4', n, 64)).every((v) => Object.is(v, 0))).toBe(true);
  });
  it('NVFP4: a sub-block with amax below ≈0.00586 gets scale 0 and becomes zeros, without touching its neighbours', () => {
    const x = Float32Array.from({ length: 64 }, (_, e) => (e < 16 ? 0.005 : 1) * (e % 2 ? 1 : -1));
    const p = decodeNvfp4Block(quantizeGgml('nvfp4', x));
    expect(p.scaleCodes[0]).toBe(0);
    expect(p.values.slice(0, 16).every((v) => v === 0)).toBe(true);
    expect(p.values.slice(16).every((v, i) => Math.abs(v - x[16 + i]!) < 0.05)).toBe(true);
  });
  it('an Inf element saturates the NVFP4 scale (0x7e) and itself gets code 0; NaN elements get code 0', () => {
    const x = new Float32Array(64).fill(1);
    x[3] = Infinity;
    x[20] = NaN;
    const p = decodeNvfp4Block(quantizeGgml('nvfp4', x));
    expect(p.scaleCodes[0]).toBe(0x7e);
    expect(p.codes[3]).toBe(0);
    expect(p.codes[20]).toBe(0);
    expect(p.codes[21]).not.toBe(0);
  });
  it('an outlier sets the MXFP4 exponent: it lands on code 6 or 7 and small neighbours flush to zero', () => {
    const x = Float32Array.from({ length: 32 }, (_, i) => 0.01 * ((i % 5) - 2));
    x[9] = 10;
    const p = decodeMxfp4Block(quantizeGgml('mxfp4', x));
    expect(p.e).toBe(Math.floor(Math.log2(10)) + 125);
    expect([6, 7]).toContain(p.codes[9]);
    expect(p.codes.filter((c, i) => i !== 9 && c !== 0)).toEqual([]);
  });
});

describe('round trip: every element comes back as the nearest value of its block\'s grid', () => {
  // Grid points that overflow float32 (e ≥ 253: 4·X or 6·X past FLT_MAX) are Inf in ggml too and never chosen.
  const nearestOnGrid = (x: number, scale: number) =>
    Math.min(...E2M1.filter((v) => Number.isFinite(fr(v * scale))).flatMap((v) => [Math.abs(x - v * scale), Math.abs(x + v * scale)]));
  it('MXFP4 (scale X = 2^(e−127)); the block maximum never saturates far: |x| ≤ 8·X', () => {
    fc.assert(fc.property(fc.array(finite32, { minLength: 32, maxLength: 32 }), fc.integer({ min: -20, max: 20 }), (v, k) => {
      const x = Float32Array.from(v, (t) => t * 2 ** k);
      if (x.some((t) => !Number.isFinite(t))) return;
      const amax = Math.max(...Array.from(x, Math.abs));
      if (amax < 2 ** -120) return; // outside ggml's contract
      const bytes = quantizeGgml('mxfp4', x);
      const { scale } = decodeMxfp4Block(bytes);
      const y = dequantizeGgml('mxfp4', bytes, 32);
      expect(amax).toBeLessThan(8 * scale);
      x.forEach((t, i) => expect(Math.abs(t - y[i]!)).toBeLessThanOrEqual(nearestOnGrid(t, scale) * (1 + 2 ** -20)));
    }), { numRuns: 200 });
  });
  it('NVFP4 (one E4M3 scale per 16 values)', () => {
    fc.assert(fc.property(fc.array(fc.double({ min: -500, max: 500, noNaN: true }), { minLength: 64, maxLength: 64 }), (v) => {
      const x = Float32Array.from(v);
      const bytes = quantizeGgml('nvfp4', x);
      const p = decodeNvfp4Block(bytes);
      const y = dequantizeGgml('nvfp4', bytes, 64);
      x.forEach((t, i) => expect(Math.abs(t - y[i]!)).toBeLessThanOrEqual(nearestOnGrid(t, p.scales[i >> 4]!) * (1 + 2 ** -20)));
    }), { numRuns: 200 });
  });
  it('the grid a block decodes to is FP4_DOUBLED times half its scale', () => {
    const p = decodeMxfp4Block(quantizeGgml('mxfp4', lcgRow(1, 32)));
    p.codes.forEach((c, i) => expect(p.values[i]).toBe(fr(FP4_DOUBLED[c]! * (p.scale / 2))));
  });
});
