/** Quantize 32 float32 values to llama.cpp's MXFP4 block: a shared E8M0 exponent byte, then 16 bytes of 4-bit codes. */
export function quantizeMxfp4(values: Float32Array): Uint8Array {
  const out = new Uint8Array(17);
  // TODO: the shared exponent in out[0], then the element codes
  return out;
}
