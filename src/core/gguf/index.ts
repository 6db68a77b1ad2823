/** GGUF files: read (by ranges), write, and dequantize their tensors with the core's codecs. */
export { GGML_TYPE_TABLE, ggmlTypeById, ggmlTypeByName, ggmlLowerName, typeBitsPerWeight, type GgmlTypeInfo } from './types.ts';
export { GGUF_VALUE_TYPES, plainValue, safeNumber, type GgufArray, type GgufValue, type GgufValueType } from './values.ts';
export { bytesSource, blobSource, type BlobLike, type ByteSource } from './source.ts';
export { GgufError, NotDecodableError } from './errors.ts';
export { readGguf, GGUF_MAGIC, GGUF_DEFAULT_ALIGNMENT, GGML_MAX_DIMS, type GgufFile, type GgufTensorInfo } from './reader.ts';
export { writeGguf, writeGgufHeader, type GgufInput, type GgufTensorInput, type GgufTensorShape } from './writer.ts';
export { canDequantize, decodableTypes, dequantizeTensorData, dequantizeTensorDataReference } from './dequantize.ts';
export { readTensorBytes, readTensorValues } from './tensor.ts';
export { summarizeTypes, type TypeSummary } from './summary.ts';
