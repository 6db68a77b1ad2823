/**
 * The reference core: the single source of truth for every number the course shows or grades.
 * Pure TypeScript, deterministic, no DOM or Node APIs.
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
export * from './ggml/index.ts';
export { codecBitsPerWeight, type GgmlCodec } from './ggml/codec.ts';
export * from './metrics/softmax.ts';
export * from './metrics/perplexity.ts';
export * from './metrics/kl.ts';
export * from './sizes.ts';
export { createRng, type Rng } from './rng.ts';
