/**
 * The GGUF exporter on a small synthetic Llama-shaped model (rows of 64 and 256, as the lab's): llama's
 * metadata and tokenizer keys, the scheme's type on the lab's matrices and F32 elsewhere, llama-quantize's
 * fallbacks where rows do not fit, and the bytes read back by the core's reader equal to the core's codecs.
 */
import { describe, expect, it } from 'vitest';
import { f32ToF16Bits } from '../../src/core/floats/half.ts';
import { bytesSource, plainValue, readGguf, readTensorValues } from '../../src/core/gguf/index.ts';
import { dequantizeGgml, quantizeGgml } from '../../src/core/ggml/index.ts';
import { EXPORT_SCHEMES, exportGguf, tensorTypeFor, type LlamaExportSource } from '../../src/core/model/gguf-export.ts';

function source(): LlamaExportSource {
  const C = 64, F = 256;
  const tokens = [{ gguf: '<unk>', type: 2 }, { gguf: '<s>', type: 3 }, { gguf: '</s>', type: 3 },
    ...Array.from({ length: 256 }, (_, b) => ({ gguf: `<0x${b.toString(16).toUpperCase().padStart(2, '0')}>`, type: 6 })),
    ...[...'\n\u2581ab'].map((c) => ({ gguf: c, type: 1 }))];
  const V = tokens.length;
  let s = 3;
  const t = (name: string, shape: number[]) => ({ name, shape, values: Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 4294967296 - 0.5) });
  const tensors = [t('token_embd.weight', [V, C]), t('blk.0.attn_norm.weight', [C]), t('blk.0.attn_q.weight', [C, C]), t('blk.0.ffn_up.weight', [F, C]), t('blk.0.ffn_down.weight', [C, F]), t('output.weight', [V, C])];
  return { config: { layers: 1, heads: 4, width: C, context: 32, ffnWidth: F, normEps: 1e-5, ropeBase: 10000 }, tokens, tensors, linear: ['blk.0.attn_q.weight', 'blk.0.ffn_up.weight', 'blk.0.ffn_down.weight', 'output.weight'], name: 'test' };
}

describe('llama-quantize\'s per-tensor type', () => {
  it('keeps a type whose blocks fit the row, and falls back as llama-quantize does where they do not', () => {
    expect(tensorTypeFor('q4_0', 64)).toEqual({ type: 'q4_0', fallback: null });
    expect(tensorTypeFor('q4_K', 256)).toEqual({ type: 'q4_K', fallback: null });
    expect(tensorTypeFor('q4_K', 64).type).toBe('q5_0');
    expect(tensorTypeFor('q2_K', 64).type).toBe('q4_0');
    expect(tensorTypeFor('q2_K', 64).fallback).toMatch(/rows of 64 are not a multiple of Q2_K's 256: llama-quantize falls back to Q4_0/);
    expect(tensorTypeFor('q4_K', 48).type).toBe('f16');
    expect(() => tensorTypeFor('q4_0', 48)).toThrow(/no fallback for Q4_0/);
  });
});

describe('exportGguf', () => {
  it('writes llama\'s keys, the tokenizer and F32 tensors for "f32", read back exactly', async () => {
    const src = source();
    const e = exportGguf(src, 'f32', f32ToF16Bits);
    const file = await readGguf(bytesSource(e.bytes));
    const meta = Object.fromEntries([...file.metadata].map(([k, v]) => [k, plainValue(v)]));
    expect(meta).toMatchObject({
      'general.architecture': 'llama', 'general.file_type': 0, 'llama.context_length': 32, 'llama.embedding_length': 64, 'llama.block_count': 1,
      'llama.feed_forward_length': 256, 'llama.attention.head_count': 4, 'llama.attention.head_count_kv': 4, 'llama.rope.dimension_count': 16,
      'llama.vocab_size': src.tokens.length, 'tokenizer.ggml.model': 'llama', 'tokenizer.ggml.unknown_token_id': 0, 'tokenizer.ggml.bos_token_id': 1,
      'tokenizer.ggml.eos_token_id': 2, 'tokenizer.ggml.add_bos_token': false, 'tokenizer.ggml.add_space_prefix': false, 'quantcourse.scheme': 'f32',
      'quantcourse.fallbacks': [],
    });
    expect(meta['tokenizer.ggml.tokens']).toEqual(src.tokens.map((t) => t.gguf));
    expect(meta['tokenizer.ggml.token_type']).toEqual(src.tokens.map((t) => t.type));
    for (const t of src.tensors) {
      const info = file.tensors.find((x) => x.name === t.name)!;
      expect(info.type.name).toBe('F32');
      expect(info.shape).toEqual([...t.shape].reverse());
      expect(await readTensorValues(bytesSource(e.bytes), info)).toEqual(t.values);
    }
  });

  it('q4_K: the lab\'s matrices in Q4_K where rows are 256 long, Q5_0 (recorded, with the reason) where they are 64; the rest F32', async () => {
    const src = source();
    const e = exportGguf(src, 'q4_K', f32ToF16Bits);
    const file = await readGguf(bytesSource(e.bytes));
    const types = Object.fromEntries(file.tensors.map((t) => [t.name, t.type.name]));
    expect(types).toEqual({ 'token_embd.weight': 'F32', 'blk.0.attn_norm.weight': 'F32', 'blk.0.attn_q.weight': 'Q5_0', 'blk.0.ffn_up.weight': 'Q5_0', 'blk.0.ffn_down.weight': 'Q4_K', 'output.weight': 'Q5_0' });
    expect(e.tensors.map((t) => t.type)).toEqual(file.tensors.map((t) => t.type.name));
    const fallbacks = plainValue(file.metadata.get('quantcourse.fallbacks')!) as string[];
    expect(fallbacks).toHaveLength(3);
    expect(fallbacks[0]).toMatch(/^blk\.0\.attn_q\.weight: Q5_0 \(rows of 64 are not a multiple of Q4_K's 256/);
    // The bytes are the core codec's, so they dequantize to the codec's round trip.
    const down = src.tensors.find((t) => t.name === 'blk.0.ffn_down.weight')!;
    const info = file.tensors.find((t) => t.name === down.name)!;
    expect(await readTensorValues(bytesSource(e.bytes), info)).toEqual(dequantizeGgml('q4_K', quantizeGgml('q4_K', down.values), down.values.length));
  });

  it('every export scheme writes a file the core reads back, with the scheme recorded', async () => {
    for (const scheme of EXPORT_SCHEMES) {
      const e = exportGguf(source(), scheme, f32ToF16Bits);
      const file = await readGguf(bytesSource(e.bytes));
      expect(plainValue(file.metadata.get('quantcourse.scheme')!)).toBe(scheme);
      expect(file.tensors).toHaveLength(6);
    }
  });

  it('refuses a scheme without a ggml type, and a vocabulary without the special tokens llama.cpp needs', () => {
    expect(() => exportGguf(source(), 'int3-asym', f32ToF16Bits)).toThrow(/scheme "int3-asym" has no ggml type to export; choose one of: f32, q8_0/);
    const src = source();
    expect(() => exportGguf({ ...src, tokens: src.tokens.slice(1) }, 'f32', f32ToF16Bits)).toThrow(/no <unk> token/);
  });
});
