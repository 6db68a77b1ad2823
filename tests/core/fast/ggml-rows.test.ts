/**
 * The fast row quantizers (the WebAssembly kernels of Q8_0, Q4_0, Q4_1, behind quantizeGgml) against the
 * reference block quantizers and against bytes from ggml's C reference: identical on random rows, on
 * rounding ties, zeros, huge values, NaN, ±Inf, subnormals, and on products placed within a few ulps of
 * every rounding step. The C bytes are checked with the kernels on and off (the reference alone).
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GGML_CODECS, quantizeGgml } from '../../../src/core/index.ts';
import { setWasmRows, wasmRows } from '../../../src/core/fast/ggml-rows.ts';
import { cornerRow, f32FromBits, lcgRow, sha256, ulps } from '../ggml-fixture.ts';

const fr = Math.fround;
const FAST = ['q8_0', 'q4_0', 'q4_1'] as const;
type Fast = (typeof FAST)[number];

/** The reference: quantizeBlock on every block. */
function reference(type: Fast, x: Float32Array): Uint8Array {
  const c = GGML_CODECS[type];
  const out = new Uint8Array((x.length / 32) * c.blockBytes);
  for (let b = 0; b < x.length / 32; b++) c.quantizeBlock(x, b * 32, out, b * c.blockBytes);
  return out;
}

/** What each format multiplies x by, computed as the reference does (0 when the block has none). */
function scaleOf(type: Fast, block: Float32Array): { id: number; min: number } {
  if (type === 'q4_1') {
    let min = Infinity, max = -Infinity;
    for (const v of block) if (v === v) { min = Math.min(min, v); max = Math.max(max, v); }
    const d = fr(fr(max - min) / 15);
    return { id: d ? fr(1 / d) : 0, min };
  }
  let amax = 0, max = 0;
  for (const v of block) if (amax < Math.abs(v)) { amax = Math.abs(v); max = v; }
  const d = type === 'q8_0' ? fr(amax / 127) : fr(max / -8);
  return { id: d ? fr(1 / d) : 0, min: 0 };
}

/**
 * Move some elements of each block so that x·id (or (x − min)·id) lands within a few ulps of a rounding
 * step of `type`: where the float32 roundings the reference makes decide the code.
 */
function nearSteps(type: Fast, x: Float32Array, picks: number[]): Float32Array {
  const y = Float32Array.from(x);
  for (let b = 0; b < y.length / 32; b++) {
    const block = y.subarray(b * 32, b * 32 + 32);
    const { id, min } = scaleOf(type, block);
    if (!id || !Number.isFinite(id)) continue;
    for (let i = 0; i < 32; i += 3) {
      const r = picks[(b * 32 + i) % picks.length]!;
      const step = type === 'q8_0' ? (r % 255) - 127 + 0.5 * Math.sign((r % 255) - 127 || 1) : type === 'q4_0' ? (r % 17) - 8.5 : (r % 16) + 0.5;
      const target = type === 'q4_1' ? fr(min + step / id) : fr(step / id);
      const v = ulps(target, (r % 9) - 4);
      // Keep the block's scale: stay strictly inside its range.
      if (type === 'q4_1' ? v > min && v < Math.max(...block.filter((t) => t === t)) : Math.abs(v) < Math.abs(block.reduce((m, t) => (Math.abs(t) > Math.abs(m) ? t : m), 0))) block[i] = v;
    }
  }
  return y;
}

const special = fc.constantFrom(0, -0, NaN, Infinity, -Infinity, 3.4028234663852886e38, -3.4028234663852886e38, f32FromBits(1), -f32FromBits(0x7fffff), 1e-40, 0.5, -0.5, 8, -8, 127, -127, 2.5, -7.5);
const element = fc.oneof(
  { weight: 6, arbitrary: fc.double({ min: -1, max: 1, noNaN: true }) },
  { weight: 2, arbitrary: fc.float() }, // every float32: NaN, ±Inf, ±0, subnormals, huge
  { weight: 2, arbitrary: fc.integer({ min: -32, max: 32 }).map((k) => k / 2) }, // halves: ties
  { weight: 1, arbitrary: special },
);
const rows = fc.tuple(
  fc.integer({ min: -40, max: 36 }),
  fc.array(element, { minLength: 32, maxLength: 128 }).map((a) => a.slice(0, a.length - (a.length % 32))),
  fc.array(fc.nat(), { minLength: 8, maxLength: 8 }),
).map(([e, v, picks]) => ({ x: Float32Array.from(v, (t) => (Math.abs(t) <= 1 ? t * 10 ** e : t)), picks }));

describe('fast row quantizers equal the reference block quantizers', () => {
  beforeAll(() => expect(wasmRows()).not.toBeNull());
  for (const type of FAST) {
    it(`${type}: random rows with ties, zeros, huge values, NaN, ±Inf and subnormals`, () => {
      fc.assert(fc.property(rows, ({ x }) => {
        expect(quantizeGgml(type, x)).toEqual(reference(type, x));
      }), { numRuns: 400 });
    });
    it(`${type}: products within a few ulps of every rounding step`, () => {
      fc.assert(fc.property(rows, ({ x, picks }) => {
        const y = nearSteps(type, x, picks);
        expect(quantizeGgml(type, y)).toEqual(reference(type, y));
      }), { numRuns: 400 });
    });
    it(`${type}: a long row of Gaussian weights, and every block scale from 1e-40 to 1e38`, () => {
      const x = lcgRow(3000, 32);
      expect(quantizeGgml(type, x)).toEqual(reference(type, x));
      const y = Float32Array.from(lcgRow(79, 32), (v, i) => v * 10 ** (Math.floor(i / 32) - 41));
      expect(quantizeGgml(type, y)).toEqual(reference(type, y));
    });
  }
});

for (const wasm of [true, false]) describe(`ggml's C reference, byte for byte (WebAssembly ${wasm ? 'on' : 'off'})`, () => {
  beforeAll(() => setWasmRows(wasm));
  afterAll(() => setWasmRows(true));
  // sha256 of quantize_row_{q8_0,q4_0,q4_1}_ref (ggml, x86-64, gcc -O2 -ffp-contract=off, ggml's portable
  // fp32→fp16) on lcgRow(12, 32) and on cornerRow().
  const fixtures: Record<Fast, { lcg: string; corners: string }> = {
    q8_0: { lcg: '1ac6234a742327532dfb3b9465376c367297abc258e02e6dcedf1ff8f285ca3b', corners: '8d13d51b8f13fa63fc0623ba8b887a98b1be8264114e3bde0b4983638d820b43' },
    q4_0: { lcg: '6cfaf95a24f962c8fd937be12fb7a65e740984729dd02a731867c7f62756b151', corners: 'c9658d9d87da7163646fbbc996459e60c7814abda460af8ade0a9c3b6dc3423f' },
    q4_1: { lcg: '6de313b36c0aa102de243319f80da8d5811743d20b36b0e26d201e6325faa48b', corners: '6158d80c942fa4797ef1b519f0c30e0d373e77c9b70bdcfb59a7febe53f6e981' },
  };
  for (const type of FAST) {
    it(`${type}: fast path and reference both`, () => {
      for (const [name, x] of [['lcg', lcgRow(12, 32)], ['corners', cornerRow()]] as const) {
        expect(sha256(quantizeGgml(type, x)), name).toBe(fixtures[type][name]);
        expect(sha256(reference(type, x)), name).toBe(fixtures[type][name]);
      }
    });
  }
});
