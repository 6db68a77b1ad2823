/**
 * Blocks a learner's quantizeBlocks returned in a sandbox, handed back to the core's quantizeModel
 * as a block quantizer, after checking that they are what the bits pay for.
 */
import type { BlockQuantizer } from '../core/model/recipe.ts';
import { dequantizeBlocks } from '../core/quant/blocks.ts';
import { checkLearnerBlocks } from '../../exercises/lab-quantizer/check-blocks.ts';

/** A quantizer that hands back blocks already computed per matrix (by a sandboxed learner function), each checked first. */
export function answeredQuantizer(answers: ReadonlyMap<string, unknown>): BlockQuantizer {
  return checkedQuantizer((_values, _bits, _blockSize, _scheme, matrix) => {
    if (!answers.has(matrix)) throw new RangeError(`${matrix}: no blocks were computed for this matrix`);
    return answers.get(matrix) as ReturnType<BlockQuantizer>;
  });
}

/**
 * A learner's quantizer whose blocks are checked before the core uses them: the count, integer codes
 * that fit the bits and finite scales (checkLearnerBlocks), then that they dequantize to finite weights.
 */
export function checkedQuantizer(quantizer: BlockQuantizer): BlockQuantizer {
  return (values, bits, blockSize, scheme, matrix) => {
    const blocks = quantizer(values, bits, blockSize, scheme, matrix);
    checkLearnerBlocks(blocks, values.length, bits, blockSize, matrix);
    const deq = dequantizeBlocks(blocks);
    const bad = deq.findIndex((v) => !Number.isFinite(v));
    if (bad >= 0) throw new RangeError(`${matrix}: your quantizer's blocks dequantize to ${deq[bad]} at weight ${bad} (check scale and zero of block ${Math.floor(bad / blockSize)})`);
    return blocks;
  };
}
