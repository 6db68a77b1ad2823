/** The lab's small language model: manifest, weights, forward pass, generation and quantized variants. */
export * from './manifest.ts';
export * from './weights.ts';
export * from './tokenizer.ts';
export * from './forward.ts';
export * from './generate.ts';
export * from './quantize.ts';
export * from './baseline.ts';
