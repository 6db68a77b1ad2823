/**
 * One check shared by the peer tests: @huggingface/gguf (a parser written by others) and the course's reader
 * see the same metadata (values and types), tensor names, shapes, types and offsets in a file.
 */
import { gguf } from '@huggingface/gguf';
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import { bytesSource, GGUF_VALUE_TYPES, readGguf, type GgufArray, type GgufFile, type GgufValue } from '../../src/core/index.ts';

/** One comparable form for both parsers' values: bigints and numbers alike as tagged strings when integral 64-bit. */
function canon(v: unknown): unknown {
  if (typeof v === 'bigint') return `int:${v}`;
  if (Array.isArray(v)) return v.map(canon);
  return v;
}

function ours(v: GgufValue | GgufArray['value'][number]): unknown {
  if (typeof v !== 'object' || v === null) return canon(v);
  if (v.type === 'array') return (v.value as GgufArray['value'][number][]).map(ours);
  return v.type === 'u64' || v.type === 'i64' ? `int:${BigInt(v.value)}` : canon(v.value);
}

/** Parse `file` with the peer and assert it sees what the course's reader sees; the course's reading. */
export async function agree(file: string): Promise<GgufFile> {
  const bytes = readFileSync(file);
  const mine = await readGguf(bytesSource(bytes));
  const peer = await gguf(file, { allowLocalFile: true, typedMetadata: true });
  const peerKeys = Object.keys(peer.typedMetadata).filter((k) => !['version', 'tensor_count', 'kv_count'].includes(k));
  expect(peerKeys).toEqual([...mine.metadata.keys()]);
  expect(Number(peer.typedMetadata.version.value)).toBe(mine.version);
  for (const [key, v] of mine.metadata) {
    const p = peer.typedMetadata[key] as { value: unknown; type: number; subType?: number };
    expect(p.type, key).toBe(GGUF_VALUE_TYPES.indexOf(v.type));
    if (v.type === 'array') expect(p.subType, key).toBe(GGUF_VALUE_TYPES.indexOf(v.itemType));
    expect(canon(p.value), key).toEqual(ours(v));
  }
  expect(Number(peer.tensorDataOffset)).toBe(mine.dataOffset);
  expect(peer.tensorInfos.map((t) => ({ name: t.name, shape: t.shape.map(Number), type: t.dtype, offset: Number(t.offset) })))
    .toEqual(mine.tensors.map((t) => ({ name: t.name, shape: t.shape, type: t.type.id, offset: t.relativeOffset })));
  return mine;
}
