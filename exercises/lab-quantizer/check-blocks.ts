/**
 * Whether a learner's blocks are what the bits pay for. Plain code with no I/O: the exercise
 * "lab-quantizer" checks each case with it, and the lab checks the blocks it receives from a sandbox.
 */
import type { QuantBlock } from '../../src/core/quant/blocks.ts';

/**
 * A learner's blocks must be what the bits pay for: one block per `blockSize` weights (the last may
 * be shorter) holding integer codes that fit in `bits` bits (at most 2^bits distinct consecutive
 * values: max − min ≤ 2^bits − 1; the zero point places them), with a finite scale and zero point.
 */
export function checkLearnerBlocks(blocks: unknown, n: number, bits: number, blockSize: number, name: string): void {
  if (!Array.isArray(blocks)) throw new TypeError(`${name}: your quantizer returned ${blocks === null ? 'null' : typeof blocks}, not an array of blocks`);
  const want = Math.ceil(n / blockSize);
  if (blocks.length !== want) throw new RangeError(`${name}: your quantizer returned ${blocks.length} blocks for ${n} weights in blocks of ${blockSize}; expected ${want}`);
  const span = 2 ** bits - 1;
  blocks.forEach((b, i) => {
    if (typeof b !== 'object' || b === null || !Array.isArray((b as QuantBlock).values)) throw new TypeError(`${name}: block ${i} from your quantizer has no values array`);
    const { values, scale, zero } = b as QuantBlock;
    if (typeof scale !== 'number' || typeof zero !== 'number' || !Number.isFinite(scale) || !Number.isFinite(zero)) {
      throw new TypeError(`${name}: block ${i} from your quantizer needs a finite numeric scale and zero, got ${JSON.stringify({ scale, zero })}`);
    }
    const size = Math.min(blockSize, n - i * blockSize);
    if (values.length !== size) throw new RangeError(`${name}: block ${i} from your quantizer holds ${values.length} values; expected ${size}`);
    let lo = Infinity, hi = -Infinity;
    for (let j = 0; j < values.length; j++) {
      const q = values[j];
      if (typeof q !== 'number' || !Number.isInteger(q)) throw new RangeError(`${name}: block ${i}, value ${j} from your quantizer is ${JSON.stringify(q)}; codes must be integers`);
      if (q < lo) lo = q;
      if (q > hi) hi = q;
    }
    if (hi - lo > span) throw new RangeError(`${name}: block ${i} from your quantizer uses codes ${lo} to ${hi}, more than the ${2 ** bits} values ${bits} bits can hold`);
  });
}

