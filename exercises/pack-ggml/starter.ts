/** llama.cpp Q8_0: per block of 32, a float16 scale then 32 int8 values. */
export function packQ8_0(values: Float32Array): Uint8Array {
  // TODO
  return new Uint8Array((values.length / 32) * 34);
}

/** llama.cpp Q4_0: per block of 32, a float16 scale then 16 bytes of 4-bit values. */
export function packQ4_0(values: Float32Array): Uint8Array {
  // TODO
  return new Uint8Array((values.length / 32) * 18);
}

/** llama.cpp Q4_1: per block of 32, float16 scale and minimum, then 16 bytes of 4-bit values. */
export function packQ4_1(values: Float32Array): Uint8Array {
  // TODO
  return new Uint8Array((values.length / 32) * 20);
}
