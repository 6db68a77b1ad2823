// breaks: code-count
// Asymmetric: qmax = 2^(bits-1), so the grid has 2^bits + 1 codes.
type Block = { values: number[]; scale: number; zero: number };

/** Symmetric: scale from the largest magnitude, codes in [-qmax, qmax], zero point 0. */
function symmetric(values: number[], bits: number): Block {
  const qmax = 2 ** (bits - 1) - 1;
  let maxAbs = 0;
  for (const v of values) maxAbs = Math.max(maxAbs, Math.abs(v));
  if (maxAbs === 0) return { values: values.map(() => 0), scale: 0, zero: 0 };
  const scale = maxAbs / qmax;
  return { values: values.map((v) => Math.round(v / scale)), scale, zero: 0 };
}

/** Asymmetric: the grid spans the block's min to max (and 0, for a constant block); codes clamped to [qmin, qmax]. */
function asymmetric(values: number[], bits: number): Block {
  const qmin = -(2 ** (bits - 1));
  const qmax = 2 ** (bits - 1);
  let vmin = Infinity, vmax = -Infinity;
  for (const v of values) {
    vmin = Math.min(vmin, v);
    vmax = Math.max(vmax, v);
  }
  if (vmax === vmin) {
    vmin = Math.min(vmin, 0);
    vmax = Math.max(vmax, 0);
  }
  if (vmax === vmin) return { values: values.map(() => 0), scale: 0, zero: 0 };
  const scale = (vmax - vmin) / (qmax - qmin);
  const zero = qmin - Math.round(vmin / scale);
  return { values: values.map((v) => Math.min(qmax, Math.max(qmin, Math.round(v / scale + zero)))), scale, zero };
}

/** Quantize a weight matrix in blocks of `blockSize`, each with its own scale (and zero point). */
export function quantizeBlocks(values: number[], bits: number, blockSize: number, scheme: 'symmetric' | 'asymmetric'): Block[] {
  const blocks: Block[] = [];
  for (let i = 0; i < values.length; i += blockSize) {
    const block = values.slice(i, i + blockSize);
    blocks.push(scheme === 'symmetric' ? symmetric(block, bits) : asymmetric(block, bits));
  }
  return blocks;
}
