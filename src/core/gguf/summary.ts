/** What a GGUF's tensors add up to, by type: count, values, bytes and average bits per weight. */
import type { GgufTensorInfo } from './reader.ts';

/** The tensors of one ggml type (or of all, with type "all"). */
export interface TypeSummary {
  type: string;
  tensors: number;
  elements: number;
  bytes: number;
  /** 8 · bytes / elements (0 when there are no values). */
  bitsPerWeight: number;
}

/** Per-type totals in order of first appearance, then the total over all tensors. */
export function summarizeTypes(tensors: readonly GgufTensorInfo[]): { byType: TypeSummary[]; total: TypeSummary } {
  const map = new Map<string, TypeSummary>();
  const total: TypeSummary = { type: 'all', tensors: 0, elements: 0, bytes: 0, bitsPerWeight: 0 };
  for (const t of tensors) {
    let s = map.get(t.type.name);
    if (!s) map.set(t.type.name, (s = { type: t.type.name, tensors: 0, elements: 0, bytes: 0, bitsPerWeight: 0 }));
    for (const x of [s, total]) {
      x.tensors++;
      x.elements += t.elements;
      x.bytes += t.bytes;
    }
  }
  const byType = [...map.values()];
  for (const x of [...byType, total]) x.bitsPerWeight = x.elements ? (8 * x.bytes) / x.elements : 0;
  return { byType, total };
}
