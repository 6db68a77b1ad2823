import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  createRng, decodeQ2KBlock, decodeQ4KBlock, dequantizeGgml, f16BitsToNumber, f32ToF16Bits, ggmlBitsPerWeight,
  ggmlBlockSize, makeQkx2Quants, nearestInt, packScalesK4, q2KLevelPosition, q4KLevelPosition, quantizeGgml,
  unpackScalesK4,
} from '../../src/core/index.ts';
import { fromHex, lcgRow, sha256 } from './ggml-fixture.ts';

const fr = Math.fround;
const rms = (x: ArrayLike<number>, y: ArrayLike<number>) => {
  let e = 0, s = 0;
  for (let i = 0; i < x.length; i++) { e += (x[i]! - y[i]!) ** 2; s += x[i]! ** 2; }
  return Math.sqrt(e / s);
};
const gaussianRow = (seed: string, n: number, std: number) => {
  const rng = createRng(seed);
  return Float32Array.from({ length: n }, () => rng.normal(0, std));
};
// Blocks of 256 float32 values with a per-block spread from 1e-3 to 10.
const kBlock = fc.tuple(fc.double({ min: -3, max: 1, noNaN: true }), fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: 256, maxLength: 256 }))
  .map(([e, v]) => Float32Array.from(v, (t) => t * 10 ** e));

describe('sizes and layouts', () => {
  it('Q2_K: 84 bytes per 256 values, 2.625 bits per weight; Q4_K: 144 bytes, 4.5 bits', () => {
    expect(ggmlBlockSize('q2_K')).toBe(256);
    expect(ggmlBlockSize('q4_K')).toBe(256);
    // Q2_K: 16 scale/min bytes + 256·2/8 level bytes + two fp16 = 84; Q4_K: 4 + 12 + 256·4/8 = 144.
    expect(ggmlBitsPerWeight('q2_K')).toBe((8 * (16 + 64 + 4)) / 256);
    expect(ggmlBitsPerWeight('q2_K')).toBe(2.625);
    expect(ggmlBitsPerWeight('q4_K')).toBe(4.5);
    expect(quantizeGgml('q2_K', new Float32Array(512)).length).toBe(168);
    expect(quantizeGgml('q4_K', new Float32Array(512)).length).toBe(288);
  });
  it('rejects rows that are not whole super-blocks, and short byte arrays', () => {
    expect(() => quantizeGgml('q4_K', new Float32Array(32))).toThrow(/multiple of 256/);
    expect(() => dequantizeGgml('q2_K', new Uint8Array(83), 256)).toThrow(/84 bytes/);
  });
  it('Q2_K puts element e in byte 16 + 32·⌊e/128⌋ + e mod 32 at bits 2·⌊(e mod 128)/32⌋', () => {
    expect(q2KLevelPosition(0)).toEqual({ byte: 16, shift: 0 });
    expect(q2KLevelPosition(32)).toEqual({ byte: 16, shift: 2 });
    expect(q2KLevelPosition(127)).toEqual({ byte: 47, shift: 6 });
    expect(q2KLevelPosition(128)).toEqual({ byte: 48, shift: 0 });
    expect(() => q2KLevelPosition(256)).toThrow(/0..255/);
  });
  it('Q4_K puts element e in byte 16 + 32·⌊e/64⌋ + e mod 32, low nibble for the first half of each 64', () => {
    expect(q4KLevelPosition(0)).toEqual({ byte: 16, shift: 0 });
    expect(q4KLevelPosition(32)).toEqual({ byte: 16, shift: 4 });
    expect(q4KLevelPosition(64)).toEqual({ byte: 48, shift: 0 });
    expect(q4KLevelPosition(255)).toEqual({ byte: 143, shift: 4 });
  });
  it('every level byte position is used by exactly the right number of elements', () => {
    const uses2 = new Map<string, number>(), uses4 = new Map<string, number>();
    for (let e = 0; e < 256; e++) {
      const a = q2KLevelPosition(e), b = q4KLevelPosition(e);
      uses2.set(`${a.byte}:${a.shift}`, (uses2.get(`${a.byte}:${a.shift}`) ?? 0) + 1);
      uses4.set(`${b.byte}:${b.shift}`, (uses4.get(`${b.byte}:${b.shift}`) ?? 0) + 1);
    }
    expect(uses2.size).toBe(256); // 64 bytes × 4 slots, each used once
    expect(uses4.size).toBe(256); // 128 bytes × 2 nibbles
  });
  it('the dequantizer reads each element\'s level from the position the layout names', () => {
    const x = lcgRow(6, 256).subarray(0, 256);
    for (const type of ['q2_K', 'q4_K'] as const) {
      const bytes = quantizeGgml(type, x);
      const y = dequantizeGgml(type, bytes, 256);
      const p = type === 'q2_K' ? decodeQ2KBlock(bytes) : decodeQ4KBlock(bytes);
      const n = type === 'q2_K' ? 16 : 32;
      let nonZeroLevels = 0;
      for (let e = 0; e < 256; e++) {
        const { byte, shift } = type === 'q2_K' ? q2KLevelPosition(e) : q4KLevelPosition(e);
        const q = (bytes[byte]! >> shift) & (type === 'q2_K' ? 3 : 15);
        if (q) nonZeroLevels++;
        const s = Math.floor(e / n);
        expect(y[e]).toBe(fr(fr(fr(p.d * p.scales[s]!) * q) - fr(p.dmin * p.mins[s]!)));
      }
      expect(nonZeroLevels).toBeGreaterThan(100);
    }
  });
});

describe('nearest_int', () => {
  it('rounds ties to even, as ggml does by adding 1.5·2^23 in float32', () => {
    expect([-2.5, -1.5, -0.5, 0.5, 1.5, 2.5, 3.5].map(nearestInt)).toEqual([-2, -2, 0, 0, 2, 2, 4]);
    expect(Object.is(nearestInt(-0.4), 0)).toBe(true);
  });
  it('off a tie, is the nearest integer', () => {
    fc.assert(fc.property(fc.float({ min: -4e6, max: 4e6, noNaN: true }), (f) => {
      if (Math.abs(f - Math.trunc(f)) === 0.5) return;
      expect(nearestInt(f)).toBe(Math.round(f) + 0); // + 0: levels are plain integers, never −0
    }));
  });
  it('does not crash outside ggml\'s contract (NaN, ±Inf, huge) and returns an integer', () => {
    for (const f of [NaN, Infinity, -Infinity, 1e30, -5e6]) expect(Number.isInteger(nearestInt(f))).toBe(true);
    expect(nearestInt(NaN)).toBe(0);
  });
});

describe('Q4_K scale packing', () => {
  const code6 = fc.array(fc.integer({ min: 0, max: 63 }), { minLength: 8, maxLength: 8 });
  it('unpack(pack(s, m)) gives s and m back', () => {
    fc.assert(fc.property(code6, code6, (s, m) => {
      expect(unpackScalesK4(packScalesK4(s, m))).toEqual({ scales: s, mins: m });
    }));
  });
  it('lays the bits out as ggml\'s get_scale_min_k4 reads them', () => {
    // Sub-blocks 0-3: low 6 bits of bytes 0-3 (scales) and 4-7 (mins); sub-blocks 4-7: nibbles in bytes 8-11,
    // top two bits in bits 6-7 of bytes 0-3 (scales) and 4-7 (mins).
    const s = [1, 2, 3, 4, 0b110101, 0b010110, 0b100111, 0b001000];
    const m = [5, 6, 7, 8, 0b011001, 0b101010, 0b111011, 0b000100];
    const k = packScalesK4(s, m);
    expect(Array.from(k)).toEqual([
      1 | (0b11 << 6), 2 | (0b01 << 6), 3 | (0b10 << 6), 4 | (0b00 << 6),
      5 | (0b01 << 6), 6 | (0b10 << 6), 7 | (0b11 << 6), 8 | (0b00 << 6),
      0b0101 | (0b1001 << 4), 0b0110 | (0b1010 << 4), 0b0111 | (0b1011 << 4), 0b1000 | (0b0100 << 4),
    ]);
  });
  it('rejects codes that do not fit 6 bits and wrong counts, naming the culprit', () => {
    expect(() => packScalesK4([64, 0, 0, 0, 0, 0, 0, 0], new Array(8).fill(0))).toThrow(/scale code 0 must be an integer 0..63, got 64/);
    expect(() => packScalesK4(new Array(8).fill(0), [0, 0, -1, 0, 0, 0, 0, 0])).toThrow(/min code 2/);
    expect(() => packScalesK4(new Array(8).fill(0), [0.5, 0, 0, 0, 0, 0, 0, 0])).toThrow(/min code 0/);
    expect(() => packScalesK4([1, 2], new Array(8).fill(0))).toThrow(/8 scale codes, got 2/);
    expect(() => unpackScalesK4(new Uint8Array(11))).toThrow(/12 bytes/);
  });
  it('the quantizer\'s bytes 4-15 unpack to the codes decodeQ4KBlock reports', () => {
    const bytes = quantizeGgml('q4_K', lcgRow(1, 256));
    const parts = decodeQ4KBlock(bytes);
    expect(packScalesK4(parts.scales, parts.mins)).toEqual(bytes.subarray(4, 16));
  });
});

describe('make_qkx2_quants', () => {
  const run = (v: number[], nmax: number) => {
    const x = Float32Array.from(v), w = Float32Array.from(v, Math.abs);
    const L = new Uint8Array(v.length);
    const fit = makeQkx2Quants(x, 0, v.length, w, L, 0, new Uint8Array(v.length), { nmax, rmin: -0.5, rdelta: fr(0.1), nstep: 15, useMad: true });
    return { ...fit, L: Array.from(L) };
  };
  it('a constant ≤ 0 is degenerate: levels 0, scale 0, min = −c', () => {
    expect(run(new Array(16).fill(-0.25), 3)).toEqual({ scale: 0, min: 0.25, L: new Array(16).fill(0) });
    const zero = run(new Array(16).fill(0), 3);
    expect(zero.scale).toBe(0);
    expect(zero.min === 0).toBe(true); // ±0
  });
  it('a positive constant is not degenerate: the offset is clamped to 0 and the levels reach the top', () => {
    const fit = run(new Array(16).fill(0.75), 3);
    expect(fit.min === 0).toBe(true); // −0 or +0: never an offset
    expect(fit.L.every((l) => l === 3)).toBe(true);
    expect(fr(fit.scale * 3)).toBeCloseTo(0.75, 6);
  });
  it('levels stay in [0, nmax] and the fit reproduces an exact affine grid', () => {
    // x = 0.1·L − 0.2 exactly representable up to float32: the fit finds scale ≈ 0.1, offset ≈ 0.2.
    const v = Array.from({ length: 32 }, (_, i) => fr(0.1 * (i % 16) - 0.2));
    const x = Float32Array.from(v), w = Float32Array.from(v, (t) => fr(1 + Math.abs(t)));
    const L = new Uint8Array(32);
    const fit = makeQkx2Quants(x, 0, 32, w, L, 0, new Uint8Array(32), { nmax: 15, rmin: -1, rdelta: fr(0.1), nstep: 20, useMad: false });
    expect(fit.scale).toBeCloseTo(0.1, 5);
    expect(fit.min).toBeCloseTo(0.2, 5);
    expect(Array.from(L)).toEqual(Array.from({ length: 32 }, (_, i) => i % 16));
  });
});

describe("ggml's C reference, byte for byte", () => {
  // Expected values computed with quantize_row_{q2,q4}_K_ref and dequantize_row_{q2,q4}_K (ggml, x86-64, gcc -O2,
  // no FMA contraction) on lcgRow(12, 256): 12 super-blocks of varied shapes and scales.
  const fixtures = {
    q2_K: {
      block0: '78389837897a588b3a35598acd9affa85c0e9aba1b0799a4822893571225e31ae58059326bf629409d4c9156699004b658a0a962a0e2ec3bbaa5b9a4545a54832dd014e32a4493c53aa9fb5769907458b8101d14',
      bytes: '2857b5385727fe811daba3186918c5f6e7d2bfd8295aef0e2c75b79b77e87bb0',
      dequant: '95a0874c693dd912cab038d2619fbba4d65fc12c124ec0100e63f835266abede',
    },
    q4_K: {
      block0: 'cd01a80be9adf4f261ace5e6843d56ffc0c798997d6c936019920e3b39572b79a972ca5bcf9dc864f8f45a9bc874868c752183ac26219596813794754647c933fba3751f48fc0a60a77186456ac521acb012d72b3339f39ec865a783639b804fe5027108854218349784c838940141a26699ac5c89ecfa0f9f989eb93544548049c725a93b5178a33d9cbd665a867e56',
      bytes: '1331aee688cd0a3786f6c276baa580dc1d88206440fdc379c817f81e16391e3f',
      dequant: 'c4167c0f6aa3f3aef7fc280812d65213e784d153a73db9716f51c6f1185fac3a',
    },
  } as const;
  for (const type of ['q2_K', 'q4_K'] as const) {
    it(`${type}: quantized bytes and dequantized float32 bits`, () => {
      const x = lcgRow(12, 256);
      const bytes = quantizeGgml(type, x);
      const blockBytes = bytes.length / 12;
      expect(Buffer.from(bytes.subarray(0, blockBytes)).toString('hex')).toBe(fixtures[type].block0);
      expect(sha256(bytes)).toBe(fixtures[type].bytes);
      expect(sha256(dequantizeGgml(type, bytes, x.length))).toBe(fixtures[type].dequant);
    });
  }
  it('decodes the reference block0 bytes to values consistent with its parts', () => {
    const bytes = fromHex(fixtures.q4_K.block0);
    const p = decodeQ4KBlock(bytes);
    const y = dequantizeGgml('q4_K', bytes, 256);
    for (let e = 0; e < 256; e += 17) {
      const s = e >> 5;
      expect(y[e]).toBe(fr(fr(fr(p.d * p.scales[s]!) * p.levels[e]!) - fr(p.dmin * p.mins[s]!)));
    }
  });
});

describe('special cases', () => {
  it('an all-zero block is all zero bytes and dequantizes to +0', () => {
    for (const type of ['q2_K', 'q4_K'] as const) {
      for (const z of [0, -0]) {
        const bytes = quantizeGgml(type, new Float32Array(256).fill(z));
        expect(bytes.every((b) => b === 0)).toBe(true);
        expect(Array.from(dequantizeGgml(type, bytes, 256)).every((v) => Object.is(v, 0))).toBe(true);
      }
    }
  });
  it('a negative constant: scale codes 0, d = 0, top min codes, dmin = −c/15 or −c/63, levels 0', () => {
    const c = -0.3;
    const x = new Float32Array(256).fill(c);
    const p2 = decodeQ2KBlock(quantizeGgml('q2_K', x));
    expect(p2.dBits).toBe(0);
    expect(p2.scales.every((s) => s === 0) && p2.mins.every((m) => m === 15)).toBe(true);
    expect(p2.dminBits).toBe(f32ToF16Bits(fr(fr(-fr(c)) / 15)));
    expect(p2.levels.every((l) => l === 0)).toBe(true);
    const p4 = decodeQ4KBlock(quantizeGgml('q4_K', x));
    expect(p4.dBits).toBe(0);
    expect(p4.scales.every((s) => s === 0) && p4.mins.every((m) => m === 63)).toBe(true);
    expect(p4.dminBits).toBe(f32ToF16Bits(fr(fr(-fr(c)) / 63)));
    // Dequantized: −dmin·M, within fp16 rounding of c.
    const y = dequantizeGgml('q4_K', quantizeGgml('q4_K', x), 256);
    expect(y[0]).toBe(-fr(f16BitsToNumber(p4.dminBits) * 63));
    expect(Math.abs(y[0]! - c)).toBeLessThan(1e-3 * Math.abs(c));
  });
  it('a positive constant needs no offset: dmin = 0 and every min code 0', () => {
    for (const type of ['q2_K', 'q4_K'] as const) {
      const bytes = quantizeGgml(type, new Float32Array(256).fill(0.42));
      const p = type === 'q2_K' ? decodeQ2KBlock(bytes) : decodeQ4KBlock(bytes);
      expect(p.dminBits).toBe(0);
      expect(p.mins.every((m) => m === 0)).toBe(true);
      const y = dequantizeGgml(type, bytes, 256);
      expect(Math.abs(y[0]! - 0.42)).toBeLessThan(0.42 / 30);
    }
  });
  it('a sub-block far smaller than the largest gets scale code 0 and keeps its (non-zero) fitted levels', () => {
    // Sub-block 0 spans ±100; sub-block 1 holds small positive values whose scale rounds to code 0.
    const x = new Float32Array(256);
    for (let i = 0; i < 32; i++) x[i] = (i % 2 ? 1 : -1) * (50 + i);
    for (let i = 32; i < 64; i++) x[i] = 0.001 * (i - 31);
    const bytes = quantizeGgml('q4_K', x);
    const p = decodeQ4KBlock(bytes);
    expect(p.scales[1]).toBe(0);
    const levels1 = Array.from(p.levels.subarray(32, 64));
    expect(levels1.some((l) => l > 0)).toBe(true);
    const y = dequantizeGgml('q4_K', bytes, 256);
    // d·0·q − dmin·M: the stored levels are ignored on the way back.
    for (let i = 32; i < 64; i++) expect(y[i]).toBe(fr(0 - fr(p.dmin * p.mins[1]!)));
  });
  it('huge values overflow the fp16 scale: a positive constant 1e30 gets levels 0 and dequantizes to NaN', () => {
    for (const type of ['q2_K', 'q4_K'] as const) {
      const bytes = quantizeGgml(type, new Float32Array(256).fill(1e30));
      const p = type === 'q2_K' ? decodeQ2KBlock(bytes) : decodeQ4KBlock(bytes);
      expect(p.dBits).toBe(0x7c00);
      expect(p.levels.every((l) => l === 0)).toBe(true);
      expect(Array.from(dequantizeGgml(type, bytes, 256)).every(Number.isNaN)).toBe(true);
    }
  });
  it('NaN, ±Inf and subnormal inputs (outside ggml\'s contract) do not crash', () => {
    const weird = Float32Array.from({ length: 256 }, (_, i) => [NaN, Infinity, -Infinity, 1e-45, -3e-39, 0, 1][i % 7]!);
    for (const type of ['q2_K', 'q4_K'] as const) {
      const bytes = quantizeGgml(type, weird);
      expect(dequantizeGgml(type, bytes, 256).length).toBe(256);
    }
  });
});

describe('round-trip error', () => {
  it('every element inside its sub-block\'s stored grid comes back within half a step', () => {
    fc.assert(fc.property(kBlock, (x) => {
      for (const type of ['q2_K', 'q4_K'] as const) {
        const bytes = quantizeGgml(type, x);
        const y = dequantizeGgml(type, bytes, 256);
        const p = type === 'q2_K' ? decodeQ2KBlock(bytes) : decodeQ4KBlock(bytes);
        const n = type === 'q2_K' ? 16 : 32, top = type === 'q2_K' ? 3 : 15;
        for (let e = 0; e < 256; e++) {
          const s = Math.floor(e / n);
          const step = p.d * p.scales[s]!, lo = -p.dmin * p.mins[s]!;
          if (step === 0 || x[e]! < lo - step / 2 || x[e]! > lo + top * step + step / 2) continue;
          expect(Math.abs(x[e]! - y[e]!)).toBeLessThanOrEqual(step / 2 + 1e-6 * (Math.abs(x[e]!) + Math.abs(lo) + step));
        }
      }
    }), { numRuns: 40 });
  });
  it('Q4_K beats Q4_0 at the same 4.5 bits on Gaussian weights; Q2_K costs far more error than Q4_K', () => {
    const x = gaussianRow('kquant-rms', 256 * 32, 0.02);
    const e = (t: 'q4_0' | 'q4_K' | 'q2_K') => rms(x, dequantizeGgml(t, quantizeGgml(t, x), x.length));
    expect(e('q4_K')).toBeLessThan(e('q4_0'));
    expect(e('q2_K')).toBeGreaterThan(2 * e('q4_K'));
    expect(e('q2_K')).toBeLessThan(0.5); // still well under the weights' own spread
  });
});
