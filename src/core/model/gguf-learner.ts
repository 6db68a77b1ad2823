/**
 * The learner's own quantizeBlocks result as a GGUF llama.cpp runs. Some of the lab's integer settings ARE
 * ggml block formats in meaning: one scale (and for asymmetric, a minimum) per 32 weights and integer codes,
 * value = scale × (q − zero). Those blocks are written code for code into the ggml type's bytes, never
 * re-quantized; the one change is that ggml stores scales (and minimums) as float16, so the file holds the
 * learner's codes times f16-rounded scales. Anything a format cannot say exactly is refused, naming the
 * tensor and block: a code out of range, a non-integer code, a non-finite scale, a zero the format cannot hold.
 *
 * The mapping (ggml's dequantization from ../ggml, the learner's scale × (q − zero)); d = f16(scale):
 * - Q8_0, symmetric 8-bit: qs = q − zero (int8), value d·qs.
 * - Q4_0 / Q5_0, symmetric 4 / 5-bit: n = q − zero + 8 / + 16 in 0..15 / 0..31, value d·(n − 8 / 16).
 * - Q4_1 / Q5_1, asymmetric 4 / 5-bit: n = q − base in 0..15 / 0..31, value d·n + m with
 *   m = f16(d·(base − zero)); base is the signed range's low end (−8 / −16: the course's codes) or 0 for
 *   codes written unsigned (0..15 / 0..31). So m also carries one float16 rounding.
 */
import { f16BitsToNumber } from '../floats/half.ts';
import { writeU16 } from '../ggml/codec.ts';
import { ggmlGeometry } from '../ggml/geometry.ts';
import { writeU32 } from '../ggml/q5_0.ts';
import { ggmlTypeByName } from '../gguf/types.ts';
import type { QuantBlock } from '../quant/blocks.ts';
import { writeLlamaGguf, type GgufExport, type LlamaExportSource } from './gguf-export.ts';
import { learnerGgmlType, learnerSettingText, type LearnerGgmlType, type LearnerSetting } from './gguf-learner-type.ts';

export { learnerGgmlType, learnerSettingText, type LearnerGgml, type LearnerGgmlType, type LearnerSetting } from './gguf-learner-type.ts';

/** One block as the learner's quantizeBlocks returns it. */
export type LearnerBlock = Pick<QuantBlock, 'values' | 'scale' | 'zero'>;

/** How each type stores a block: the code range n takes, the offset symmetric codes get, and whether it has a minimum. */
const LAYOUT: Record<LearnerGgmlType, { levels: number; offset: number; min: boolean }> = {
  q8_0: { levels: 256, offset: 0, min: false }, // int8 stored as is
  q4_0: { levels: 16, offset: 8, min: false },
  q5_0: { levels: 32, offset: 16, min: false },
  q4_1: { levels: 16, offset: 0, min: true },
  q5_1: { levels: 32, offset: 0, min: true },
};

/**
 * Pack one block's codes n (already in 0..levels−1, or int8 for Q8_0) into ggml's layout at `at`: d (and m)
 * as float16 bits first; then for 4/5-bit types element j in the low nibble and j+16 in the high nibble of
 * byte j, 5-bit types with the fifth bits in a little-endian 32-bit word before the nibbles (as ../ggml's codecs).
 */
function packBlock(type: LearnerGgmlType, n: Int32Array, dBits: number, mBits: number, out: Uint8Array, at: number): void {
  writeU16(out, at, dBits);
  if (type === 'q8_0') {
    for (let j = 0; j < 32; j++) out[at + 2 + j] = n[j]! & 0xff;
    return;
  }
  const { min, levels } = LAYOUT[type];
  let p = at + 2;
  if (min) {
    writeU16(out, p, mBits);
    p += 2;
  }
  if (levels === 32) {
    let qh = 0;
    for (let j = 0; j < 16; j++) qh |= (((n[j]! >> 4) & 1) << j) | (((n[j + 16]! >> 4) & 1) << (j + 16));
    writeU32(out, p, qh);
    p += 4;
  }
  for (let j = 0; j < 16; j++) out[p + j] = (n[j]! & 0x0f) | ((n[j + 16]! & 0x0f) << 4);
}

/**
 * One matrix's learner blocks as the bytes of `type`. The lab quantizes a matrix as one run of blocks over its
 * rows one after another, so the blocks are ggml's only when each row is a whole number of blocks (checked).
 * `toHalf` is the core's f32ToF16Bits. Anything the format cannot hold exactly is a RangeError naming the block.
 */
export function packLearnerBlocks(type: LearnerGgmlType, blocks: readonly LearnerBlock[], name: string, rowLength: number, rows: number, toHalf: (x: number) => number): Uint8Array {
  const { blockSize, blockBytes } = ggmlGeometry(type);
  const T = type.toUpperCase();
  if (rowLength % blockSize) throw new RangeError(`${name}: rows of ${rowLength} weights are not a multiple of ${blockSize}, so the lab's blocks (run over the whole matrix) would straddle ggml's rows`);
  const want = (rowLength * rows) / blockSize;
  if (!Array.isArray(blocks) || blocks.length !== want) throw new RangeError(`${name}: ${Array.isArray(blocks) ? blocks.length : 'no'} blocks for ${rowLength * rows} weights; ${T} needs ${want} blocks of ${blockSize}`);
  const { levels, offset, min } = LAYOUT[type];
  const out = new Uint8Array(want * blockBytes);
  const n = new Int32Array(blockSize);
  blocks.forEach((b, i) => {
    const where = `${name}: block ${i} (weights ${i * blockSize}–${i * blockSize + blockSize - 1})`;
    const { values, scale, zero } = b;
    if (!Array.isArray(values) || values.length !== blockSize) throw new RangeError(`${where} holds ${Array.isArray(values) ? values.length : 'no'} codes; ${T} blocks hold ${blockSize}`);
    if (typeof scale !== 'number' || !Number.isFinite(scale)) throw new RangeError(`${where} has scale ${String(scale)}; ${T} needs a finite scale`);
    if (typeof zero !== 'number' || !Number.isFinite(zero)) throw new RangeError(`${where} has zero point ${String(zero)}; ${T} needs a finite one`);
    const dBits = toHalf(scale);
    const d = f16BitsToNumber(dBits);
    if (!Number.isFinite(d)) throw new RangeError(`${where} has scale ${scale}, beyond float16's largest (65504), the scale ${T} stores`);
    let lo = Infinity, hi = -Infinity;
    for (let j = 0; j < blockSize; j++) {
      const q = values[j];
      if (typeof q !== 'number' || !Number.isInteger(q)) throw new RangeError(`${where}, code ${j} is ${JSON.stringify(q)}; ${T} stores integer codes`);
      if (q < lo) lo = q;
      if (q > hi) hi = q;
    }
    let mBits = 0;
    if (min) {
      // The course's signed codes (−8..7 for 4 bits) or codes written unsigned (0..15): either base is exact.
      const signed = -levels / 2;
      const base = lo >= signed && hi < signed + levels ? signed : lo >= 0 && hi < levels ? 0 : null;
      if (base === null) throw new RangeError(`${where} uses codes ${lo} to ${hi}; ${T} stores codes ${signed}..${signed + levels - 1} (or 0..${levels - 1})`);
      for (let j = 0; j < blockSize; j++) n[j] = values[j]! - base;
      mBits = toHalf(d * (base - zero));
      if (!Number.isFinite(f16BitsToNumber(mBits))) throw new RangeError(`${where}: its minimum scale × (${base} − zero) = ${d * (base - zero)} is beyond float16's largest (65504), the minimum ${T} stores`);
    } else {
      if (!Number.isInteger(zero)) throw new RangeError(`${where} has zero point ${zero}; ${T} is symmetric, so it can hold only a whole-number zero point (0 in the course's scheme)`);
      const first = -offset - (type === 'q8_0' ? 128 : 0), last = first + levels - 1;
      if (lo - zero < first || hi - zero > last) throw new RangeError(`${where} uses codes ${lo} to ${hi}${zero ? ` with zero point ${zero}` : ''}; ${T} stores q − zero in ${first}..${last}`);
      for (let j = 0; j < blockSize; j++) n[j] = values[j]! - zero + offset;
    }
    packBlock(type, n, dBits, mBits, out, i * blockBytes);
  });
  return out;
}

/**
 * The model as a GGUF whose linear tensors are the learner's blocks (`blocks`: matrix name → the blocks their
 * quantizeBlocks returned for it at `setting`), in the ggml type the setting means; everything else F32, as
 * exportGguf writes it. The metadata says where the blocks came from (quantcourse.quantizer = "learner").
 */
export function exportLearnerGguf(src: LlamaExportSource, setting: LearnerSetting, blocks: ReadonlyMap<string, readonly LearnerBlock[]>, toHalf: (x: number) => number): GgufExport & { type: LearnerGgmlType } {
  const g = learnerGgmlType(setting);
  if ('why' in g) throw new RangeError(`${learnerSettingText(setting)} has no ggml type: ${g.why.replace(/^[^:]*: /, '')}`);
  const { type } = g;
  for (const name of src.linear) if (!blocks.has(name)) throw new RangeError(`${name}: no blocks from your quantizer for this matrix`);
  const e = writeLlamaGguf(src, type, (t, shape) => ({
    type: ggmlTypeByName(type)!.name,
    data: packLearnerBlocks(type, blocks.get(t.name)!, t.name, shape[0]!, shape[1] ?? 1, toHalf),
    fallback: null,
  }), [
    ['quantcourse.quantizer', { type: 'string', value: 'learner' }],
    ['quantcourse.learner_setting', { type: 'string', value: learnerSettingText(setting) }],
  ]);
  return { ...e, type };
}
