/**
 * The course against files and bytes written by llama.cpp's own compiled code: the libllama/libggml that
 * node-llama-cpp ships, driven by scripts/llama-quantize-fixtures/make.py (tests/fixtures/llama-cpp, with the
 * release, commit and exact calls in its manifest.json). No Python here: the tests read the committed output.
 * - every file llama_model_quantize wrote is read by the course as by @huggingface/gguf and by ggml's reader;
 * - every tensor the core can decode dequantizes to ggml's own to_float, bit for bit; the rest are refused;
 * - the core's quantizers write ggml_quantize_chunk's bytes, row by row, in every type the core implements;
 * - the course's own export of the lab model holds the same tensor data as llama-quantize's --pure file, for
 *   every export scheme llama-quantize can write (all but NVFP4, whose ftype this release refuses).
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { f32ToF16Bits } from '../../src/core/floats/half.ts';
import {
  bytesSource, canDequantize, dequantizeGgml, NotDecodableError, plainValue, quantizeGgml, readGguf, readTensorBytes, readTensorValues,
  type GgmlType, type GgufFile,
} from '../../src/core/index.ts';
import { exportGguf, exportSourceOf } from '../../src/core/model/gguf-export.ts';
import { readCourseModel } from '../../src/lab/node-model.ts';
import { agree } from './gguf-agree.ts';

const DIR = path.resolve('tests/fixtures/llama-cpp');
interface FileEntry {
  call: { ftype: string; pure: boolean };
  bytes: number;
  sha256: string;
  tensors: { name: string; type: string; count: number; bytes_sha256: string; dequantized_sha256: string }[];
}
interface Manifest {
  llama_cpp: { release: string; commit: string; node_llama_cpp: string };
  source: { sha256: string };
  files: Record<string, FileEntry>;
  /** The other --pure files, by the course's scheme name: only their general.file_type and per-tensor hashes are kept. */
  pure_hashes: Record<string, Omit<FileEntry, 'sha256'> & { file_type: number }>;
  rows: { file: string; count: number; length: number; names: string[]; types: Record<string, { bytes: string; dequantized: string; row_bytes: number }> };
}
const manifest = JSON.parse(readFileSync(path.join(DIR, 'manifest.json'), 'utf8')) as Manifest;
const FILES = Object.keys(manifest.files);

const sha256 = (b: Uint8Array | Float32Array) => createHash('sha256').update(new Uint8Array(b.buffer, b.byteOffset, b.byteLength)).digest('hex');
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
const f32File = (name: string) => { const b = readFileSync(path.join(DIR, name)); return new Float32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength)); };
const bits = (x: Float32Array) => Array.from(new Uint32Array(x.buffer, x.byteOffset, x.length));

async function open(name: string): Promise<{ bytes: Buffer; file: GgufFile }> {
  const bytes = readFileSync(path.join(DIR, name));
  return { bytes, file: await readGguf(bytesSource(bytes)) };
}

describe('the fixtures are what llama.cpp wrote', () => {
  it('records the llama.cpp release and commit, and each file is the one it describes', () => {
    expect(manifest.llama_cpp.release).toBe('v0.5.0');
    expect(manifest.llama_cpp.commit).toMatch(/^[0-9a-f]{40}$/);
    expect(FILES).toEqual(['q4_k_m.gguf', 'pure-q4_0.gguf', 'pure-q8_0.gguf', 'pure-q5_1.gguf', 'pure-iq4_nl.gguf', 'pure-q2_k.gguf']);
    for (const name of FILES) expect(sha256(readFileSync(path.join(DIR, name))), name).toBe(manifest.files[name]!.sha256);
  });
});

describe('the course reads every file llama_model_quantize wrote', () => {
  it.each(FILES)('%s: @huggingface/gguf agrees, and ggml\'s own reader saw the same tensors', async (name) => {
    const mine = await agree(path.join(DIR, name));
    const want = manifest.files[name]!.tensors;
    expect(mine.tensors.map((t) => ({ name: t.name, type: t.type.name, count: t.elements }))).toEqual(want.map((t) => ({ name: t.name, type: t.type, count: t.count })));
    const { bytes } = await open(name);
    for (const [i, t] of mine.tensors.entries()) expect(sha256(bytes.subarray(t.offset, t.offset + t.bytes)), t.name).toBe(want[i]!.bytes_sha256);
    expect(mine.alignment).toBe(32);
    expect(plainValue(mine.metadata.get('general.quantization_version')!)).toBe(2);
  });

  it.each(FILES)('%s: each tensor the core decodes equals ggml\'s to_float bit for bit; the others are refused, never misread', async (name) => {
    const { bytes, file } = await open(name);
    const src = bytesSource(bytes);
    for (const [i, t] of file.tensors.entries()) {
      if (!canDequantize(t.type.name)) {
        await expect(readTensorValues(src, t), t.name).rejects.toBeInstanceOf(NotDecodableError);
        continue;
      }
      expect(sha256(await readTensorValues(src, t)), `${t.name} (${t.type.name})`).toBe(manifest.files[name]!.tensors[i]!.dequantized_sha256);
    }
  });
});

describe('Q4_K_M, the mixed preset, on the lab model', () => {
  it('gives each tensor the type llama-quantize\'s recipe and fallbacks pick; Q6_K is listed, not decoded', async () => {
    const { file } = await open('q4_k_m.gguf');
    const types = Object.fromEntries(file.tensors.map((t) => [t.name, t.type.name]));
    // Rows of 64 cannot hold 256-blocks: Q4_K falls back to Q5_0, Q6_K (output, the second half's attn_v) to Q8_0.
    expect(types).toMatchObject({
      'token_embd.weight': 'Q5_0', 'output.weight': 'Q8_0', 'blk.0.attn_v.weight': 'Q5_0', 'blk.1.attn_v.weight': 'Q8_0',
      'blk.0.attn_q.weight': 'Q5_0', 'blk.0.ffn_up.weight': 'Q5_0', 'output_norm.weight': 'F32',
      // ffn_down has rows of 256: the recipe's own types, Q4_K in the first layer, Q6_K in the last.
      'blk.0.ffn_down.weight': 'Q4_K', 'blk.1.ffn_down.weight': 'Q6_K',
    });
    expect(canDequantize('Q6_K')).toBe(false);
    expect(Object.values(types).filter((t) => !canDequantize(t))).toEqual(['Q6_K']);
  });
  it('the lesson\'s measured sentence is what the file holds', async () => {
    const lesson = readFileSync(path.resolve('lessons/into-llama-cpp.mdx'), 'utf8');
    const { file } = await open('q4_k_m.gguf');
    // llama-quantize warns for each quantized matrix whose rows do not hold 256-blocks, except output.weight,
    // which the recipe itself sends to Q8_0 for such rows.
    const warned = file.tensors.filter((t) => t.shape.length > 1 && t.shape[0]! % 256 !== 0 && t.name !== 'output.weight').length;
    const bpw = (8 * file.tensors.reduce((a, t) => a + t.bytes, 0)) / file.tensors.reduce((a, t) => a + t.elements, 0);
    expect(lesson).toContain(`llama.cpp warned for ${warned} of the ${file.tensors.length} tensors`);
    expect(lesson).toContain(`holds ${bpw.toFixed(4)} bits per weight on average`);
  });
});

describe('the core\'s quantizers write ggml_quantize_chunk\'s bytes', () => {
  const rows = f32File(manifest.rows.file);
  const L = manifest.rows.length;
  it('the fixture holds its named rows', () => {
    expect(rows.length).toBe(manifest.rows.count * L);
    expect(manifest.rows.names).toEqual(expect.arrayContaining(['all zeros', 'subnormal: normal σ=1e-39']));
  });
  it.each(Object.keys(manifest.rows.types))('%s: every row, byte for byte, and ggml\'s bytes dequantize to ggml\'s float32 bits', (name) => {
    const type = name.toLowerCase().replace(/_k$/, '_K') as GgmlType;
    const entry = manifest.rows.types[name]!;
    const want = new Uint8Array(readFileSync(path.join(DIR, entry.bytes)));
    const wantDeq = f32File(entry.dequantized);
    const rb = entry.row_bytes;
    for (let r = 0; r < manifest.rows.count; r++) {
      const row = rows.subarray(r * L, (r + 1) * L);
      const label = `${name} row ${r} (${manifest.rows.names[r]})`;
      expect(hex(quantizeGgml(type, row)), label).toBe(hex(want.subarray(r * rb, (r + 1) * rb)));
      expect(bits(dequantizeGgml(type, want.subarray(r * rb, (r + 1) * rb), L)), label).toEqual(bits(wantDeq.subarray(r * L, (r + 1) * L)));
    }
  });
});

describe('the course\'s export equals llama-quantize --pure --token-embedding-type f32, tensor by tensor', () => {
  const { model } = readCourseModel();
  const source = exportSourceOf(model);
  /**
   * What may differ, and why: the tensor ORDER (llama.cpp writes them in its loader's order, the course in
   * the manifest's) and the metadata llama-quantize adds (general.quantization_version) or rewrites
   * (general.file_type); every other key is copied from the float file, so the course's own quantcourse.*
   * keys there say "f32". Tensor names, types, shapes and data bytes may not differ.
   */
  it('the float file llama.cpp quantized is the one the course exports today', () => {
    expect(sha256(exportGguf(source, 'f32', f32ToF16Bits).bytes)).toBe(manifest.source.sha256);
  });
  it.each(FILES.filter((f) => manifest.files[f]!.call.pure))('%s', async (name) => {
    const scheme = manifest.files[name]!.call.ftype.toLowerCase().replace(/_k$/, '_K');
    const course = exportGguf(source, scheme, f32ToF16Bits);
    const [mine, theirs] = await Promise.all([readGguf(bytesSource(course.bytes)), open(name)]);
    const byName = new Map(mine.tensors.map((t) => [t.name, t]));
    expect([...byName.keys()].sort()).toEqual(theirs.file.tensors.map((t) => t.name).sort());
    for (const t of theirs.file.tensors) {
      const m = byName.get(t.name)!;
      expect({ type: m.type.name, shape: m.shape }, t.name).toEqual({ type: t.type.name, shape: t.shape });
      const [a, b] = await Promise.all([readTensorBytes(bytesSource(course.bytes), m), readTensorBytes(bytesSource(theirs.bytes), t)]);
      expect(sha256(a), `${t.name} (${t.type.name}) data`).toBe(sha256(b));
    }
    const keys = (f: GgufFile) => [...f.metadata.keys()].filter((k) => !['general.quantization_version', 'general.file_type'].includes(k));
    expect(keys(theirs.file)).toEqual(keys(mine));
    for (const k of keys(mine).filter((k) => !k.startsWith('quantcourse.'))) expect(theirs.file.metadata.get(k), k).toEqual(mine.metadata.get(k));
    expect(plainValue(theirs.file.metadata.get('general.file_type')!)).toBe(plainValue(mine.metadata.get('general.file_type')!));
  });
  it.each(Object.keys(manifest.pure_hashes))('%s (kept as hashes of llama.cpp\'s tensors)', async (scheme) => {
    const theirs = manifest.pure_hashes[scheme]!;
    const course = exportGguf(source, scheme, f32ToF16Bits);
    const mine = await readGguf(bytesSource(course.bytes));
    const byName = new Map(mine.tensors.map((t) => [t.name, t]));
    expect([...byName.keys()].sort()).toEqual(theirs.tensors.map((t) => t.name).sort());
    for (const t of theirs.tensors) {
      const m = byName.get(t.name)!;
      expect(m.type.name, t.name).toBe(t.type);
      expect(sha256(await readTensorBytes(bytesSource(course.bytes), m)), `${t.name} (${t.type}) data`).toBe(t.bytes_sha256);
    }
    expect(plainValue(mine.metadata.get('general.file_type')!)).toBe(theirs.file_type);
  });
});
