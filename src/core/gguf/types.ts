/**
 * Every tensor type ggml defines, by the id a GGUF file stores: its name (as gguf-py spells it, e.g.
 * "Q4_K"), values per block and bytes per block. The ids and sizes are ggml's own (ggml/include/ggml.h,
 * ggml/src/ggml.c's type_traits; gguf-py's GGML_QUANT_SIZES agrees except Q8_1, 40 bytes there, 36 in ggml's
 * block_q8_1, which is what gguf.cpp uses). Ids 4, 5, 31–33 and 36–38 were removed
 * from ggml and are not valid in a GGUF file. Whether the course can decode a type is not this table's
 * business: see dequantize.ts.
 */

/** One ggml tensor type: how a GGUF file prices its values. */
export interface GgmlTypeInfo {
  /** The id stored in a tensor info. */
  id: number;
  /** gguf-py's name, e.g. "Q4_K" (ggml's own type_name is the same in lower case, K kept upper: "q4_K"). */
  name: string;
  /** Values per block (1 for plain scalars). */
  blockSize: number;
  /** Bytes per block. */
  blockBytes: number;
}

// [id, name, values per block, bytes per block]
const ROWS: readonly (readonly [number, string, number, number])[] = [
  [0, 'F32', 1, 4], [1, 'F16', 1, 2], [2, 'Q4_0', 32, 18], [3, 'Q4_1', 32, 20],
  [6, 'Q5_0', 32, 22], [7, 'Q5_1', 32, 24], [8, 'Q8_0', 32, 34], [9, 'Q8_1', 32, 36],
  [10, 'Q2_K', 256, 84], [11, 'Q3_K', 256, 110], [12, 'Q4_K', 256, 144], [13, 'Q5_K', 256, 176],
  [14, 'Q6_K', 256, 210], [15, 'Q8_K', 256, 292], [16, 'IQ2_XXS', 256, 66], [17, 'IQ2_XS', 256, 74],
  [18, 'IQ3_XXS', 256, 98], [19, 'IQ1_S', 256, 50], [20, 'IQ4_NL', 32, 18], [21, 'IQ3_S', 256, 110],
  [22, 'IQ2_S', 256, 82], [23, 'IQ4_XS', 256, 136], [24, 'I8', 1, 1], [25, 'I16', 1, 2],
  [26, 'I32', 1, 4], [27, 'I64', 1, 8], [28, 'F64', 1, 8], [29, 'IQ1_M', 256, 56],
  [30, 'BF16', 1, 2], [34, 'TQ1_0', 256, 54], [35, 'TQ2_0', 256, 66], [39, 'MXFP4', 32, 17],
  [40, 'NVFP4', 64, 36], [41, 'Q1_0', 128, 18], [42, 'Q2_0', 64, 18],
];

/** Every ggml type, in id order. */
export const GGML_TYPE_TABLE: readonly GgmlTypeInfo[] = /* @__PURE__ */ ROWS.map(([id, name, blockSize, blockBytes]) => ({ id, name, blockSize, blockBytes }));

/** The ggml type with this id, or undefined for an id ggml does not define. */
export function ggmlTypeById(id: number): GgmlTypeInfo | undefined {
  return GGML_TYPE_TABLE.find((t) => t.id === id);
}

/** The ggml type with this name (any case: "q4_K", "Q4_K"), or undefined. */
export function ggmlTypeByName(name: string): GgmlTypeInfo | undefined {
  const upper = name.toUpperCase();
  return GGML_TYPE_TABLE.find((t) => t.name === upper);
}

/** ggml's own spelling of a type name (ggml_type_name): lower case, a K-quant's K upper ("q4_K"). */
export const ggmlLowerName = (name: string): string => name.toLowerCase().replace(/_k$/, '_K');

/** Bits per weight of a ggml type, block scales included. */
export const typeBitsPerWeight = (t: GgmlTypeInfo): number => (8 * t.blockBytes) / t.blockSize;
