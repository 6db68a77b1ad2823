type Block = { values: number[]; scale: number; zero: number };

/** Quantize each block of `blockSize` values on its own, with its own scale (and zero point). */
export function quantizeBlocks(values: number[], bits: number, blockSize: number, scheme: 'symmetric' | 'asymmetric'): Block[] {
  // TODO: split into blocks, quantize each with the chosen scheme
  return [];
}

/** Dequantize every block (scale × (q − zero)) and concatenate the results. */
export function dequantizeBlocks(blocks: Block[]): number[] {
  // TODO
  return [];
}
