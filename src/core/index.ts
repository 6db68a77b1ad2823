/**
 * The reference core: the single source of truth for every number the course shows or grades.
 * Pure TypeScript, deterministic, no DOM or Node APIs. No module has top-level side effects (see
 * tests/core/bundle.test.ts), so a page that imports this barrel loads only the modules it uses.
 */
export * from './floats/format.ts';
export * from './floats/codec.ts';
export * from './floats/count.ts';
export * from './floats/half.ts';
export * from './ints.ts';
export * from './quant/schemes.ts';
export * from './quant/blocks.ts';
export * from './quant/outliers.ts';
export * from './quant/errors.ts';
export * from './quant/error-bands.ts';
export * from './ggml/index.ts';
export { type GgmlCodec } from './ggml/codec.ts';
export * from './metrics/softmax.ts';
export * from './metrics/perplexity.ts';
export * from './metrics/kl.ts';
export * from './metrics/histogram.ts';
export * from './sizes.ts';
export { createRng, type Rng } from './rng.ts';
export { nearestInt, makeQkx2Quants, type Qkx2Params, type Qkx2Fit } from './ggml/kquant-search.ts';
export { packScalesK4, unpackScalesK4, decodeQ4KBlock, q4KLevelPosition, type ScalesK4, type Q4KBlockParts } from './ggml/q4_k.ts';
export { decodeQ2KBlock, q2KLevelPosition, type Q2KBlockParts } from './ggml/q2_k.ts';
export { FP4_DOUBLED, fp4BestCode, fp4Value } from './ggml/fp4.ts';
export { e8m0Half, mxfp4SharedExponent, decodeMxfp4Block, type Mxfp4BlockParts } from './ggml/mxfp4.ts';
export { IQ4_NL_LEVELS } from './ggml/iq4_nl.ts';
export { ue4m3Half, ue4m3Encode, decodeNvfp4Block, type Nvfp4BlockParts } from './ggml/nvfp4.ts';
export * from './model/index.ts';
export * from './gguf/index.ts';
