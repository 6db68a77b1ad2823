/**
 * The learner's quantizeBlocks result as a GGUF: which settings are ggml types, the file read back by the core's
 * reader and codecs equal to exactly the learner's codes × f16(scale) (and the f16 minimum for Q4_1/Q5_1), and a
 * clear refusal, naming tensor and block, for anything the format cannot hold.
 */
import { describe, expect, it } from 'vitest';
import { f16BitsToNumber, f32ToF16Bits } from '../../src/core/floats/half.ts';
import { bytesSource, plainValue, readGguf, readTensorValues } from '../../src/core/gguf/index.ts';
import { exportSourceOf } from '../../src/core/model/gguf-export.ts';
import { exportLearnerGguf, learnerGgmlType, packLearnerBlocks, type LearnerBlock, type LearnerSetting } from '../../src/core/model/gguf-learner.ts';
import { readCourseModel } from '../../src/lab/node-model.ts';
import { quantizeBlocks } from '../../solutions/quantize-blocks.ts';

const { model } = readCourseModel();
const fr = Math.fround;
const f16 = (x: number) => f16BitsToNumber(f32ToF16Bits(x));

/** The solution's blocks for every linear matrix at a setting, as the lab's sandbox would return them. */
function solutionBlocks(s: LearnerSetting): Map<string, LearnerBlock[]> {
  return new Map(model.manifest.linear.map((name) => [name, quantizeBlocks(Array.from(model.tensors[name]!), s.bits, s.blockSize as number, s.scheme)]));
}

/** What the file must hold for these blocks, computed from the mapping's definition (not from the packer). */
function expectedValues(blocks: readonly LearnerBlock[], bits: number, asymmetric: boolean): Float32Array {
  const out = new Float32Array(blocks.length * 32);
  blocks.forEach((b, i) => {
    const d = f16(b.scale);
    const base = -(2 ** (bits - 1));
    const m = f16(d * (base - b.zero));
    b.values.forEach((q, j) => (out[32 * i + j] = asymmetric ? fr(fr((q - base) * d) + m) : fr((q - b.zero) * d)));
  });
  return out;
}

describe('which learner settings are ggml types', () => {
  it('maps symmetric 8/4/5-bit and asymmetric 4/5-bit blocks of 32, and says why for the rest', () => {
    expect(learnerGgmlType({ bits: 8, blockSize: 32, scheme: 'symmetric' })).toEqual({ type: 'q8_0' });
    expect(learnerGgmlType({ bits: 4, blockSize: 32, scheme: 'symmetric' })).toEqual({ type: 'q4_0' });
    expect(learnerGgmlType({ bits: 5, blockSize: 32, scheme: 'symmetric' })).toEqual({ type: 'q5_0' });
    expect(learnerGgmlType({ bits: 4, blockSize: 32, scheme: 'asymmetric' })).toEqual({ type: 'q4_1' });
    expect(learnerGgmlType({ bits: 5, blockSize: 32, scheme: 'asymmetric' })).toEqual({ type: 'q5_1' });
    expect(learnerGgmlType({ bits: 3, blockSize: 32, scheme: 'asymmetric' })).toEqual({ why: expect.stringMatching(/3-bit asymmetric: ggml has asymmetric codes of 4 and 5 bits only/) });
    expect(learnerGgmlType({ bits: 8, blockSize: 32, scheme: 'asymmetric' })).toEqual({ why: expect.stringMatching(/Q8_0\) has no zero point/) });
    expect(learnerGgmlType({ bits: 4, blockSize: 64, scheme: 'symmetric' })).toEqual({ why: expect.stringMatching(/blocks of 64: ggml's formats of plain codes use blocks of 32/) });
    expect(learnerGgmlType({ bits: 4, blockSize: 'tensor', scheme: 'symmetric' })).toEqual({ why: expect.stringMatching(/one scale per matrix/) });
    expect(learnerGgmlType({ bits: 6, blockSize: 32, scheme: 'symmetric' })).toEqual({ why: expect.stringMatching(/6-bit symmetric/) });
  });
});

describe('exportLearnerGguf with solutions/quantize-blocks.ts', () => {
  const cases: [LearnerSetting, string][] = [
    [{ bits: 4, blockSize: 32, scheme: 'symmetric' }, 'Q4_0'],
    [{ bits: 8, blockSize: 32, scheme: 'symmetric' }, 'Q8_0'],
    [{ bits: 5, blockSize: 32, scheme: 'symmetric' }, 'Q5_0'],
    [{ bits: 4, blockSize: 32, scheme: 'asymmetric' }, 'Q4_1'],
    [{ bits: 5, blockSize: 32, scheme: 'asymmetric' }, 'Q5_1'],
  ];
  for (const [s, T] of cases) {
    it(`${s.bits}-bit ${s.scheme}: ${T} tensors that read back as the learner's codes × f16(scale)`, async () => {
      const blocks = solutionBlocks(s);
      const e = exportLearnerGguf(exportSourceOf(model), s, blocks, f32ToF16Bits);
      const file = await readGguf(bytesSource(e.bytes));
      expect(plainValue(file.metadata.get('quantcourse.quantizer')!)).toBe('learner');
      expect(plainValue(file.metadata.get('quantcourse.scheme')!)).toBe(T.toLowerCase());
      expect(plainValue(file.metadata.get('quantcourse.learner_setting')!)).toBe(`${s.bits}-bit ${s.scheme}, blocks of 32`);
      let differs = 0;
      const far: string[] = [];
      for (const t of file.tensors) {
        const got = await readTensorValues(bytesSource(e.bytes), t);
        const own = model.tensors[t.name]!;
        if (!model.manifest.linear.includes(t.name)) {
          expect(t.type.name).toBe('F32');
          expect(got).toEqual(own);
          continue;
        }
        expect(t.type.name).toBe(T);
        const b = blocks.get(t.name)!;
        // + 0: a learner's code may be −0 (Math.round(−0.3)), which a format's code 0 stores as +0.
        expect(got.map((v) => v + 0)).toEqual(expectedValues(b, s.bits, s.scheme === 'asymmetric').map((v) => v + 0));
        // And that is the learner's own dequantized matrix up to the f16 rounding of the scale (and minimum):
        // half a float16 step (2^-11 relative) of each, plus half float16's smallest subnormal step.
        const base = -(2 ** (s.bits - 1));
        b.forEach((x, i) => x.values.forEach((q, j) => {
          const v = x.scale * (q - x.zero);
          const bound = 2 ** -11 * (Math.abs(v) + (s.scheme === 'asymmetric' ? 2 * Math.abs(x.scale * (base - x.zero)) : 0)) + 2 ** -25;
          if (!(Math.abs(got[32 * i + j]! - v) <= bound * 1.01)) far.push(`${t.name}[${32 * i + j}]: ${got[32 * i + j]} vs ${v}`);
          if (got[32 * i + j] !== fr(v)) differs++;
        }));
      }
      expect(far.slice(0, 5)).toEqual([]);
      // The rounding is real: some weights differ from the learner's float64 scale × code.
      expect(differs).toBeGreaterThan(0);
    });
  }

  it('asymmetric codes written unsigned (0..15 with the zero point moved by 8) give the same bytes', () => {
    const s: LearnerSetting = { bits: 4, blockSize: 32, scheme: 'asymmetric' };
    const signed = solutionBlocks(s);
    const unsigned = new Map([...signed].map(([k, bs]) => [k, bs.map((b) => ({ values: b.values.map((q) => q + 8), scale: b.scale, zero: b.zero + 8 }))]));
    expect(exportLearnerGguf(exportSourceOf(model), s, unsigned, f32ToF16Bits).bytes).toEqual(exportLearnerGguf(exportSourceOf(model), s, signed, f32ToF16Bits).bytes);
  });
});

describe('refusals name the tensor and block', () => {
  const good = (): LearnerBlock[] => Array.from({ length: 4 }, (_, i) => ({ values: Array.from({ length: 32 }, (_, j) => ((i + j) % 15) - 7), scale: 0.01, zero: 0 }));
  const pack = (type: Parameters<typeof packLearnerBlocks>[0], blocks: LearnerBlock[], rowLength = 64) => packLearnerBlocks(type, blocks, 'blk.0.attn_q.weight', rowLength, 128 / rowLength, f32ToF16Bits);
  const bad = (edit: (b: LearnerBlock[]) => void) => {
    const b = good();
    edit(b);
    return b;
  };
  it('accepts in-range blocks', () => {
    expect(pack('q4_0', good()).length).toBe(4 * 18);
  });
  it('a code outside the format\'s range', () => {
    expect(() => pack('q4_0', bad((b) => (b[2]!.values[5] = 8)))).toThrow(/blk\.0\.attn_q\.weight: block 2 \(weights 64–95\) uses codes -7 to 8; Q4_0 stores q − zero in -8\.\.7/);
    expect(() => pack('q8_0', bad((b) => (b[1]!.values[0] = 128)))).toThrow(/block 1 .* uses codes -7 to 128; Q8_0 stores q − zero in -128\.\.127/);
    expect(() => pack('q4_1', bad((b) => (b[3]!.values[0] = 9)))).toThrow(/block 3 .* uses codes -7 to 9; Q4_1 stores codes -8\.\.7 \(or 0\.\.15\)/);
    expect(() => pack('q5_0', bad((b) => (b[0]!.values[0] = -17)))).toThrow(/block 0 .* Q5_0 stores q − zero in -16\.\.15/);
  });
  it('a non-integer code, a non-finite or too large scale, a zero point the format cannot hold', () => {
    expect(() => pack('q4_0', bad((b) => (b[1]!.values[3] = 0.5)))).toThrow(/block 1 \(weights 32–63\), code 3 is 0\.5; Q4_0 stores integer codes/);
    expect(() => pack('q4_0', bad((b) => (b[0]!.scale = Infinity)))).toThrow(/block 0 .* has scale Infinity; Q4_0 needs a finite scale/);
    expect(() => pack('q8_0', bad((b) => (b[0]!.scale = NaN)))).toThrow(/has scale NaN/);
    expect(() => pack('q4_0', bad((b) => (b[0]!.scale = 1e6)))).toThrow(/scale 1000000, beyond float16's largest \(65504\)/);
    expect(() => pack('q4_0', bad((b) => (b[2]!.zero = 0.5)))).toThrow(/block 2 .* zero point 0\.5; Q4_0 is symmetric/);
    expect(() => pack('q4_1', bad((b) => { b[0]!.scale = 60000; b[0]!.zero = 7; }))).toThrow(/block 0.*minimum.*beyond float16's largest/);
  });
  it('rows that are not a whole number of blocks, and a wrong block count', () => {
    expect(() => packLearnerBlocks('q4_0', good(), 'm', 48, 2, f32ToF16Bits)).toThrow(/m: rows of 48 weights are not a multiple of 32, so the lab's blocks .* would straddle ggml's rows/);
    expect(() => pack('q4_0', good().slice(1))).toThrow(/3 blocks for 128 weights; Q4_0 needs 4 blocks of 32/);
    expect(() => pack('q4_0', bad((b) => b[3]!.values.pop()))).toThrow(/block 3 .* holds 31 codes; Q4_0 blocks hold 32/);
  });
  it('a setting without a ggml type, or a matrix without blocks', () => {
    const s: LearnerSetting = { bits: 4, blockSize: 32, scheme: 'symmetric' };
    expect(() => exportLearnerGguf(exportSourceOf(model), { ...s, bits: 3 }, solutionBlocks(s), f32ToF16Bits)).toThrow(/3-bit symmetric, blocks of 32 has no ggml type/);
    const some = solutionBlocks(s);
    some.delete('output.weight');
    expect(() => exportLearnerGguf(exportSourceOf(model), s, some, f32ToF16Bits)).toThrow(/output\.weight: no blocks from your quantizer/);
  });
});
