// breaks: byte-0
// Writes the 16 bytes of codes first and e last.
/** E2M1 values by code: bit 3 is the sign. */
const GRID = [0, 0.5, 1, 1.5, 2, 3, 4, 6, -0, -0.5, -1, -1.5, -2, -3, -4, -6];

/** The code whose value times `scale` is nearest to x; the first code wins a tie. */
function nearestCode(x: number, scale: number): number {
  let best = 0;
  let bestErr = Infinity;
  for (let c = 0; c < 16; c++) {
    const err = Math.abs(Math.fround(Math.fround(GRID[c]! * scale) - x));
    if (err < bestErr) {
      best = c;
      bestErr = err;
    }
  }
  return best;
}

/** Quantize 32 float32 values to llama.cpp's MXFP4 block: a shared E8M0 exponent byte, then 16 bytes of 4-bit codes. */
export function quantizeMxfp4(values: Float32Array): Uint8Array {
  let amax = 0;
  for (const x of values) if (amax < Math.abs(x)) amax = Math.abs(x);
  const e = amax > 0 ? Math.floor(Math.fround(Math.log2(amax))) - 2 + 127 : 0;
  const scale = 2 ** (e - 127);
  const out = new Uint8Array(17);
  out[16] = e;
  for (let j = 0; j < 16; j++) out[j] = nearestCode(values[j]!, scale) | (nearestCode(values[j + 16]!, scale) << 4);
  return out;
}
