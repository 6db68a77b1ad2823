/**
 * The WebAssembly SIMD row kernels (src/core/fast/): the module is small and valid, its float16
 * conversion is f32ToF16Bits, it flags exactly the blocks the reference takes through NaN or an infinite
 * 1/d, and long rows (across chunk boundaries, with special blocks anywhere) come out byte for byte the
 * reference's. ggml-rows.test.ts holds quantizeGgml's output to the reference on random and adversarial rows.
 */
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { f32ToF16Bits, GGML_CODECS, quantizeGgml } from '../../../src/core/index.ts';
import { quantizeRowWasm, rowModuleBytes, setWasmRows, wasmRows } from '../../../src/core/fast/ggml-rows.ts';
import { f32FromBits, lcgRow } from '../ggml-fixture.ts';

const KERNELS = ['q4_0', 'q8_0', 'q4_1'] as const;
type Kernel = (typeof KERNELS)[number];

/** The reference: quantizeBlock on every block. */
function reference(type: Kernel, x: Float32Array): Uint8Array {
  const c = GGML_CODECS[type];
  const out = new Uint8Array((x.length / 32) * c.blockBytes);
  for (let b = 0; b < x.length / 32; b++) c.quantizeBlock(x, b * 32, out, b * c.blockBytes);
  return out;
}

afterEach(() => setWasmRows(true));

describe('the module', () => {
  it('is under 4 KB, validates, and instantiates here (Node has WebAssembly SIMD)', () => {
    const bytes = rowModuleBytes();
    expect(bytes.length).toBeLessThan(4096);
    expect(WebAssembly.validate(bytes)).toBe(true);
    expect(wasmRows()).not.toBeNull();
  });
  it('can be switched off: the kernels then decline and the reference runs', () => {
    setWasmRows(false);
    expect(wasmRows()).toBeNull();
    expect(quantizeRowWasm((w) => w.q4_0, 18, new Float32Array(32), new Uint8Array(18), () => {})).toBe(false);
    const x = lcgRow(40, 32);
    expect(quantizeGgml('q4_0', x)).toEqual(reference('q4_0', x));
    expect(quantizeGgml('q8_0', x)).toEqual(reference('q8_0', x));
    expect(quantizeGgml('q4_1', x)).toEqual(reference('q4_1', x));
  });
});

describe('f16: float32 → float16 bits, rounded to nearest even', () => {
  const f16 = (x: number) => wasmRows()!.f16(x);
  it('equals f32ToF16Bits on every float32 pattern class', () => {
    fc.assert(fc.property(fc.float(), (x) => {
      expect(f16(x)).toBe(f32ToF16Bits(x));
    }), { numRuns: 5000 });
  });
  it('equals f32ToF16Bits at every exponent on the rounding boundaries (ties odd and even, just off them)', () => {
    for (let sign = 0; sign < 2; sign++) {
      for (let e = 0; e < 256; e++) {
        for (const low of [0, 1, 0xfff, 0x1000, 0x1001, 0x1fff, 0x2000, 0x2fff, 0x3000, 0x3001, 0x7fffff, 0x7ff000, 0x400000]) {
          const x = f32FromBits((sign << 31) | (e << 23) | low);
          expect(f16(x), `bits ${((sign << 31) | (e << 23) | low) >>> 0}`).toBe(f32ToF16Bits(x));
        }
      }
    }
    for (let u = 0; u < 2 ** 32; u += 65521) expect(f16(f32FromBits(u))).toBe(f32ToF16Bits(f32FromBits(u)));
  });
});

for (const type of KERNELS) describe(`${type} kernel`, () => {
  const bytesPerBlock = GGML_CODECS[type].blockBytes;
  /** Run the kernel on one row held in its memory; the bytes and the flags it wrote. */
  function kernel(x: Float32Array): { bytes: Uint8Array; flags: number[]; count: number } {
    const w = wasmRows()!;
    const n = x.length / 32, out = 32 * 1024 * 4, flags = out + 34 * 1024;
    w.f32.set(x);
    const count = w[type](0, out, flags, n);
    return { bytes: w.u8.slice(out, out + bytesPerBlock * n), flags: Array.from(w.u8.subarray(flags, flags + n)), count };
  }
  it('flags exactly the blocks with an infinite 1/d, a NaN (Q4_0, Q8_0) or a zero min or max (Q4_1), and writes the reference bytes for the others', () => {
    const blocks = [
      lcgRow(1, 32),
      Float32Array.from(lcgRow(1, 32), (v, i) => (i === 5 ? NaN : v)), // NaN → flagged (Q4_1: skipped, as the reference does)
      Float32Array.from(lcgRow(1, 32), (v, i) => (i === 9 ? -Infinity : v)), // Inf: d = Inf, id = 0, not flagged
      new Float32Array(32).fill(f32FromBits(1)), // the smallest subnormal: d rounds to 0, id = 0
      new Float32Array(32).fill(-f32FromBits(0x7fffff)), // the largest subnormal: 1/d overflows → flagged
      new Float32Array(32).fill(-0), // all −0: max stays +0, d = −0
      new Float32Array(32).fill(3.4028234663852886e38),
      Float32Array.from({ length: 32 }, (_, i) => f32FromBits(i % 2 ? 16 : 1)), // Q4_0, Q4_1: 1/d overflows → flagged
      Float32Array.from(lcgRow(1, 32), (v, i) => (i === 3 ? 0 : Math.abs(v))), // Q4_1: min is +0 → flagged
      new Float32Array(32).fill(Infinity), // Q4_1: min stays FLT_MAX, the reference's start
    ];
    const x = new Float32Array(32 * blocks.length);
    blocks.forEach((b, i) => x.set(b, 32 * i));
    const { bytes, flags, count } = kernel(x);
    const expected = { q4_0: [0, 1, 0, 0, 1, 0, 0, 1, 0, 0], q8_0: [0, 1, 0, 0, 1, 0, 0, 0, 0, 0], q4_1: [0, 0, 0, 0, 0, 1, 0, 1, 1, 0] }[type];
    expect(flags).toEqual(expected);
    expect(count).toBe(expected.reduce((a, f) => a + f, 0));
    const ref = reference(type, x);
    for (let b = 0; b < blocks.length; b++) {
      const at = bytesPerBlock * b;
      if (!flags[b]) expect(bytes.subarray(at, at + bytesPerBlock), `block ${b}`).toEqual(ref.subarray(at, at + bytesPerBlock));
    }
    expect(quantizeGgml(type, x)).toEqual(ref); // the row path redoes the flagged ones
  });
  it('takes the first element of largest magnitude for the sign of d (Q4_0; Q8_0 and Q4_1 alike)', () => {
    for (let at = 0; at < 32; at++) {
      const x = new Float32Array(32).fill(0.25);
      x[at] = -3;
      x[(at + 7) % 32] = 3; // the same magnitude, after (or before, wrapping) the first
      expect(quantizeGgml(type, x)).toEqual(reference(type, x));
    }
  });
  it('rounds ties x·id = k + 0.5 exactly as the reference (each block built for id = 1)', () => {
    const x = type === 'q4_0'
      ? Float32Array.from({ length: 32 }, (_, i) => (i === 0 ? -8 : -8 + i / 2)) // x + 8.5 = k + 0.5 or k
      : type === 'q8_0'
        ? Float32Array.from({ length: 32 }, (_, i) => (i === 0 ? 127 : (i % 2 ? -1 : 1) * (i * 3.5 + 0.5))) // ±(k + 0.5)
        : Float32Array.from({ length: 32 }, (_, i) => (i === 0 ? 7 : -8 + i / 2)); // min −8, max 7: d = 1, x − min + 0.5 = k or k + 0.5
    expect(quantizeGgml(type, x)).toEqual(reference(type, x));
  });
  it('long rows: lengths around the 1024-block chunk, special blocks anywhere, equal the reference', () => {
    const special = [NaN, Infinity, -Infinity, 1e-40, -f32FromBits(0x7fffff), 0, -0, 3.4028234663852886e38];
    fc.assert(fc.property(
      fc.constantFrom(1023, 1024, 1025, 2048, 2049, 3000),
      fc.array(fc.tuple(fc.nat(), fc.constantFrom(...special), fc.boolean()), { maxLength: 12 }),
      (blocks, marks) => {
        const x = lcgRow(blocks, 32);
        for (const [at, v, whole] of marks) {
          const i = at % x.length;
          if (whole) x.fill(v, i - (i % 32), i - (i % 32) + 32);
          else x[i] = v;
        }
        expect(quantizeGgml(type, x)).toEqual(reference(type, x));
      },
    ), { numRuns: 25 });
  });
});
