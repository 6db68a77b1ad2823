/**
 * The course's GGUF reader and writer against a peer written by others, @huggingface/gguf: for files the
 * course writes, and for files gguf-py (llama.cpp's own Python package) wrote (tests/fixtures/gguf, made by
 * scripts/gguf-fixtures/make.py), both parsers must see the same metadata (values and types), tensor names,
 * shapes, types and offsets. gguf-py's own dequantization of the fixture's tensors is the reference for the
 * core's codecs.
 */
import { serializeGgufMetadata, GGUFValueType } from '@huggingface/gguf';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { bytesSource, canDequantize, NotDecodableError, readGguf, readTensorValues, writeGguf } from '../../src/core/index.ts';
import { agree } from './gguf-agree.ts';
import { courseGguf, EVERY_TYPE } from './gguf-file.ts';

const FIXTURES = path.resolve('tests/fixtures/gguf');
const tmp = mkdtempSync(path.join(os.tmpdir(), 'quantcourse-gguf-'));

describe('@huggingface/gguf agrees with the course', () => {
  it.each([undefined, 64, 8, 1])('on a file the course writes (alignment %s)', async (alignment) => {
    const file = path.join(tmp, `course-${alignment ?? 32}.gguf`);
    writeFileSync(file, courseGguf(alignment));
    const mine = await agree(file);
    expect(mine.metadata.size).toBe(EVERY_TYPE.length + (alignment ? 1 : 0));
    expect(mine.tensors.length).toBe(5);
  });

  it('on a file with no tensors and a long vocabulary', async () => {
    const tokens = Array.from({ length: 5000 }, (_, i) => `tok${i}▁`);
    const file = path.join(tmp, 'vocab.gguf');
    writeFileSync(file, writeGguf({ metadata: [['tokenizer.ggml.tokens', { type: 'array', itemType: 'string', value: tokens }]], tensors: [] }));
    const mine = await agree(file);
    expect(mine.metadata.get('tokenizer.ggml.tokens')!.value).toEqual(tokens);
  });

  it.each(['gguf-py-tensors.gguf', 'gguf-py-align64.gguf', 'gguf-py-expected.gguf'])('on %s, written by gguf-py', async (name) => {
    const mine = await agree(path.join(FIXTURES, name));
    expect(mine.tensors.length).toBeGreaterThan(0);
    if (name.includes('align64')) expect(mine.alignment).toBe(64);
  });

  it('the course reads the metadata @huggingface/gguf serializes', async () => {
    const bytes = serializeGgufMetadata({
      version: { value: 3, type: GGUFValueType.UINT32 },
      tensor_count: { value: 0n, type: GGUFValueType.UINT64 },
      kv_count: { value: 3n, type: GGUFValueType.UINT64 },
      'general.architecture': { value: 'llama', type: GGUFValueType.STRING },
      'llama.block_count': { value: 2, type: GGUFValueType.UINT32 },
      'tokenizer.ggml.scores': { value: [0.5, -1], type: GGUFValueType.ARRAY, subType: GGUFValueType.FLOAT32 },
    } as unknown as Parameters<typeof serializeGgufMetadata>[0]);
    const mine = await readGguf(bytesSource(bytes));
    expect([...mine.metadata]).toEqual([
      ['general.architecture', { type: 'string', value: 'llama' }],
      ['llama.block_count', { type: 'u32', value: 2 }],
      ['tokenizer.ggml.scores', { type: 'array', itemType: 'f32', value: [0.5, -1] }],
    ]);
  });
});

describe('the core decodes what gguf-py wrote as gguf-py does', () => {
  it('every decodable tensor equals gguf-py\'s dequantization; the rest are refused, never misread', async () => {
    const src = bytesSource(readFileSync(path.join(FIXTURES, 'gguf-py-tensors.gguf')));
    const expSrc = bytesSource(readFileSync(path.join(FIXTURES, 'gguf-py-expected.gguf')));
    const [file, expected] = await Promise.all([readGguf(src), readGguf(expSrc)]);
    const decoded: string[] = [];
    for (const t of file.tensors) {
      const e = expected.tensors.find((x) => x.name === t.name)!;
      expect(e.shape).toEqual(t.shape);
      if (!canDequantize(t.type.name)) {
        await expect(readTensorValues(src, t)).rejects.toBeInstanceOf(NotDecodableError);
        continue;
      }
      const [got, want] = await Promise.all([readTensorValues(src, t), readTensorValues(expSrc, e)]);
      expect(got.length, t.name).toBe(want.length);
      // gguf-py computes in float32 numpy, in its own order of operations: equal to a float32 rounding.
      for (let i = 0; i < got.length; i++) {
        if (!(Math.abs(got[i]! - want[i]!) <= 1e-6 * Math.max(1, Math.abs(want[i]!)))) expect(got[i], `${t.name}[${i}]`).toBe(want[i]);
      }
      decoded.push(t.type.name);
    }
    expect(decoded).toEqual(expect.arrayContaining(['F32', 'F16', 'BF16', 'Q8_0', 'Q4_0', 'Q4_1', 'Q2_K', 'Q4_K', 'MXFP4', 'NVFP4']));
    expect(decoded).not.toContain('Q6_K');
  });
});
