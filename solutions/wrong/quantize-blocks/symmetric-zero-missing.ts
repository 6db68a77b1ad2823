// breaks: symmetric
// Symmetric blocks carry no zero point (the learner's symmetric quantizer from before, unchanged).
type Block = { values: number[]; scale: number; zero: number };

function symmetric(values: number[], bits: number): Block {
  const qmax = 2 ** (bits - 1) - 1;
  const maxAbs = Math.max(0, ...values.map(Math.abs));
  if (maxAbs === 0) return { values: values.map(() => 0), scale: 0, zero: 0 };
  const scale = maxAbs / qmax;
  return { values: values.map((v) => Math.round(v / scale)), scale } as Block;
}

function asymmetric(values: number[], bits: number): Block {
  const qmin = -(2 ** (bits - 1));
  const qmax = 2 ** (bits - 1) - 1;
  let vmin = Math.min(...values);
  let vmax = Math.max(...values);
  if (vmax === vmin) {
    vmin = Math.min(vmin, 0);
    vmax = Math.max(vmax, 0);
  }
  if (vmax === vmin) return { values: values.map(() => 0), scale: 0, zero: 0 };
  const scale = (vmax - vmin) / (qmax - qmin);
  const zero = qmin - Math.round(vmin / scale);
  return { values: values.map((v) => Math.min(qmax, Math.max(qmin, Math.round(v / scale + zero)))), scale, zero };
}

/** Quantize each block of `blockSize` values on its own, with its own scale (and zero point). */
export function quantizeBlocks(values: number[], bits: number, blockSize: number, scheme: 'symmetric' | 'asymmetric'): Block[] {
  const blocks: Block[] = [];
  for (let i = 0; i < values.length; i += blockSize) {
    const block = values.slice(i, i + blockSize);
    blocks.push(scheme === 'symmetric' ? symmetric(block, bits) : asymmetric(block, bits));
  }
  return blocks;
}

/** Dequantize every block (scale × (q − zero)) and concatenate the results. */
export function dequantizeBlocks(blocks: Block[]): number[] {
  return blocks.flatMap((b) => b.values.map((q) => b.scale * (q - b.zero)));
}
