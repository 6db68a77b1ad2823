/**
 * The shape of each ggml block format: values and bytes per block. The codecs take their blockSize and
 * blockBytes from here, and code that only prices a format (bits per weight, padding to whole blocks)
 * imports this module alone, without the quantizers.
 */

/** Values and bytes per block of every supported block format, by ggml's spelling, in table order. */
export const GGML_GEOMETRY = {
  q8_0: { blockSize: 32, blockBytes: 34 },
  q4_0: { blockSize: 32, blockBytes: 18 },
  q4_1: { blockSize: 32, blockBytes: 20 },
  q2_K: { blockSize: 256, blockBytes: 84 },
  q4_K: { blockSize: 256, blockBytes: 144 },
  mxfp4: { blockSize: 32, blockBytes: 17 },
  nvfp4: { blockSize: 64, blockBytes: 36 },
  q5_0: { blockSize: 32, blockBytes: 22 },
  q5_1: { blockSize: 32, blockBytes: 24 },
  iq4_nl: { blockSize: 32, blockBytes: 18 },
} as const satisfies Record<string, { blockSize: number; blockBytes: number }>;

/** A ggml type name the core can quantize to. */
export type GgmlType = keyof typeof GGML_GEOMETRY;

/** The ggml type names, in table order. */
export const GGML_TYPES = /* @__PURE__ */ Object.keys(GGML_GEOMETRY) as GgmlType[];

/** A type's geometry, or the error every ggml entry point gives for an unknown name. */
export function ggmlGeometry(type: string): { blockSize: number; blockBytes: number } {
  const g = (GGML_GEOMETRY as Record<string, { blockSize: number; blockBytes: number }>)[type];
  if (!g) throw new RangeError(`unknown ggml type "${type}"; known: ${GGML_TYPES.join(', ')}`);
  return g;
}

/** Bits per weight of a ggml type, scale overhead included (Q8_0 8.5, Q4_0 4.5, Q4_1 5, Q2_K 2.625, Q4_K 4.5, MXFP4 4.25, NVFP4 4.5, Q5_0 5.5, Q5_1 6, IQ4_NL 4.5). */
export function ggmlBitsPerWeight(type: GgmlType): number {
  const g = ggmlGeometry(type);
  return (8 * g.blockBytes) / g.blockSize;
}

/** Values per block of a ggml type. */
export const ggmlBlockSize = (type: GgmlType): number => ggmlGeometry(type).blockSize;
