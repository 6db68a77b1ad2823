import { describe, expect, it } from 'vitest';
import {
  blobSource, bytesSource, dequantizeGgml, GGML_TYPE_TABLE, GgufError, NotDecodableError, plainValue, readGguf, readTensorValues, summarizeTypes, writeGguf,
  type ByteSource, type GgufValue,
} from '../../src/core/index.ts';
import { Builder, courseGguf, EVERY_TYPE, someTensors } from './gguf-file.ts';

const read = (b: Uint8Array) => readGguf(bytesSource(b));

/** A source that counts the bytes it hands out. */
function counting(b: Uint8Array): ByteSource & { served: number } {
  const s = { size: b.length, served: 0, read: async (o: number, n: number) => { const r = b.subarray(o, o + n); s.served += r.length; return r; } };
  return s;
}

describe('GGUF round trip', () => {
  it('reads back every metadata type, with 64-bit values exact', async () => {
    const f = await read(courseGguf());
    expect(f.version).toBe(3);
    expect(f.alignment).toBe(32);
    expect([...f.metadata.keys()]).toEqual(EVERY_TYPE.map(([k]) => k));
    for (const [k, v] of EVERY_TYPE) expect(f.metadata.get(k), k).toEqual(v);
    expect(f.metadata.get('test.u64')!.value).toBe(18446744073709551615n);
    expect(plainValue(f.metadata.get('test.u64')!)).toBe('18446744073709551615');
    expect(plainValue(f.metadata.get('test.u64_small')!)).toBe(1234567);
    expect(plainValue(f.metadata.get('test.array_nested')!)).toEqual([[1, -2, 3], ['x']]);
  });

  it('lays out tensors as ggml does: aligned data section, each tensor padded, absolute offsets', async () => {
    for (const alignment of [32, 64, 8, 1]) {
      const bytes = courseGguf(alignment === 32 ? undefined : alignment);
      const f = await read(bytes);
      expect(f.alignment).toBe(alignment);
      expect(f.dataOffset % alignment).toBe(0);
      const tensors = someTensors();
      let rel = 0;
      f.tensors.forEach((t, i) => {
        expect(t.name).toBe(tensors[i]!.name);
        expect(t.type.name).toBe(tensors[i]!.type);
        expect(t.shape).toEqual(tensors[i]!.shape);
        expect(t.bytes).toBe(tensors[i]!.data.length);
        expect(t.relativeOffset).toBe(rel);
        expect(t.offset).toBe(f.dataOffset + rel);
        expect(bytes.subarray(t.offset, t.offset + t.bytes)).toEqual(tensors[i]!.data);
        rel += Math.ceil(t.bytes / alignment) * alignment;
      });
      // The last tensor is padded too, so the file ends on the alignment.
      expect(bytes.length).toBe(f.dataOffset + rel);
      if (alignment !== 32) expect(f.metadata.get('general.alignment')).toEqual({ type: 'u32', value: alignment });
    }
  });

  it('reads a vocabulary larger than its 1 MB read chunk, strings and numbers split across chunks', async () => {
    const tokens = Array.from({ length: 120_000 }, (_, i) => (i % 7 === 0 ? `▁wörd${i}` : i % 11 === 0 ? `long-token-${'x'.repeat(40)}-${i}` : `t${i}`));
    const scores = tokens.map((_, i) => Math.fround(-i / 7));
    const metadata: [string, GgufValue][] = [
      ['tokenizer.ggml.tokens', { type: 'array', itemType: 'string', value: tokens }],
      ['tokenizer.ggml.scores', { type: 'array', itemType: 'f32', value: scores }],
      ['tokenizer.ggml.ids', { type: 'array', itemType: 'u64', value: tokens.map((_, i) => BigInt(i) << 40n) }],
    ];
    const bytes = writeGguf({ metadata, tensors: [] });
    expect(bytes.length).toBeGreaterThan(2 << 20);
    const src = counting(bytes);
    const f = await readGguf(src);
    expect([...f.metadata]).toEqual(metadata);
    // Chunk by chunk: a value split by a chunk boundary is fetched again from its start, nothing more.
    expect(src.served).toBeLessThan(bytes.length + 100);
  });

  it('reads the header without touching the tensor data', async () => {
    const big = writeGguf({ metadata: [], tensors: [{ name: 'w', type: 'F32', shape: [1 << 20], data: new Uint8Array(4 << 20) }] });
    const src = counting(big);
    const f = await readGguf(src);
    expect(f.tensors[0]!.bytes).toBe(4 << 20);
    expect(src.served).toBeLessThanOrEqual(1 << 20); // one chunk: the header, never the 4 MB of data
    expect(src.served).toBeLessThan(big.length / 2);
  });

  it('reads through a Blob as the page does (File.slice), tensor data included', async () => {
    const bytes = courseGguf();
    const src = blobSource(new Blob([bytes]));
    const f = await readGguf(src);
    expect(f.tensors.map((t) => t.name)).toEqual(someTensors().map((t) => t.name));
    expect(await readTensorValues(src, f.tensors[0]!)).toEqual(someTensors()[0]!.values);
  });

  it('dequantizes with the core codecs, in ggml order', async () => {
    const bytes = courseGguf();
    const src = bytesSource(bytes);
    const f = await readGguf(src);
    const tensors = someTensors();
    expect(await readTensorValues(src, f.tensors[0]!)).toEqual(tensors[0]!.values);
    const f16 = await readTensorValues(src, f.tensors[1]!);
    expect(Array.from(f16)).toEqual([1, 0, 0, 0, 0, 0, 0]);
    expect(await readTensorValues(src, f.tensors[2]!)).toEqual(dequantizeGgml('q8_0', tensors[2]!.data, 128));
    expect(await readTensorValues(src, f.tensors[4]!)).toEqual(dequantizeGgml('q4_K', tensors[4]!.data, 512));
  });

  it('decodes BF16 as the top half of float32', async () => {
    const data = Uint8Array.from([0x80, 0x3f, 0x00, 0xc0, 0x80, 0x7f, 0x49, 0x40]); // 1, -2, Inf, 3.140625
    const bytes = writeGguf({ metadata: [], tensors: [{ name: 'b', type: 'BF16', shape: [4], data }] });
    const src = bytesSource(bytes);
    const f = await readGguf(src);
    expect(Array.from(await readTensorValues(src, f.tensors[0]!))).toEqual([1, -2, Infinity, 3.140625]);
  });

  it('lists a type without a codec with its name and size, and refuses to decode it', async () => {
    const data = new Uint8Array(210 * 2); // two Q6_K blocks
    const bytes = writeGguf({ metadata: [], tensors: [{ name: 'q6', type: 'Q6_K', shape: [512], data }] });
    const src = bytesSource(bytes);
    const f = await readGguf(src);
    expect(f.tensors[0]!.type).toMatchObject({ id: 14, name: 'Q6_K', blockSize: 256, blockBytes: 210 });
    await expect(readTensorValues(src, f.tensors[0]!)).rejects.toThrow(NotDecodableError);
    await expect(readTensorValues(src, f.tensors[0]!)).rejects.toThrow(/Q6_K tensors are not decodable here/);
  });

  it('reads version 2, whose layout is version 3\'s (v3 only added big-endian files), as llama.cpp does', async () => {
    const v2 = courseGguf().slice();
    v2[4] = 2;
    const f = await read(v2);
    expect(f.version).toBe(2);
    expect(f.tensors.length).toBe(5);
  });

  it('sums bits per weight by type', async () => {
    const f = await read(courseGguf());
    const { byType, total } = summarizeTypes(f.tensors);
    expect(byType.map((s) => [s.type, s.tensors, s.elements, s.bytes])).toEqual([
      ['F32', 1, 15, 60], ['F16', 1, 7, 14], ['Q8_0', 1, 128, 136], ['Q4_0', 1, 96, 54], ['Q4_K', 1, 512, 288],
    ]);
    expect(byType.find((s) => s.type === 'Q4_K')!.bitsPerWeight).toBe(4.5);
    expect(total.bytes).toBe(60 + 14 + 136 + 54 + 288);
    expect(total.bitsPerWeight).toBeCloseTo((8 * total.bytes) / total.elements, 12);
  });

  it('has ggml ids and sizes for the types the spec lists', () => {
    const row = (name: string) => GGML_TYPE_TABLE.find((t) => t.name === name)!;
    expect([row('Q4_0'), row('Q2_K'), row('IQ4_NL'), row('BF16'), row('MXFP4'), row('NVFP4')].map((t) => [t.id, t.blockSize, t.blockBytes]))
      .toEqual([[2, 32, 18], [10, 256, 84], [20, 32, 18], [30, 1, 2], [39, 32, 17], [40, 64, 36]]);
    expect(new Set(GGML_TYPE_TABLE.map((t) => t.id)).size).toBe(GGML_TYPE_TABLE.length);
  });
});

describe('the writer refuses bad input', () => {
  const t = (over: object) => ({ name: 'a', type: 'F32', shape: [2], data: new Uint8Array(8), ...over });
  it.each([
    ['wrong byte count', { metadata: [], tensors: [t({ data: new Uint8Array(7) })] }, /its 2 F32 values take 8 bytes, but 7 were given/],
    ['rows not whole blocks', { metadata: [], tensors: [t({ type: 'Q4_0', shape: [16], data: new Uint8Array(9) })] }, /not a multiple of its block of 32/],
    ['unknown type', { metadata: [], tensors: [t({ type: 'Q9_9' })] }, /unknown ggml type "Q9_9"/],
    ['duplicate tensor', { metadata: [], tensors: [t({}), t({})] }, /duplicate tensor name "a"/],
    ['duplicate key', { metadata: [['k', { type: 'u8', value: 1 }], ['k', { type: 'u8', value: 2 }]], tensors: [] }, /duplicate metadata key "k"/],
    ['value out of range', { metadata: [['k', { type: 'u8', value: 256 }]], tensors: [] }, /256 is not a u8/],
    ['unsafe u64 number', { metadata: [['k', { type: 'u64', value: 2 ** 60 }]], tensors: [] }, /is not a u64/],
    ['alignment not a power of two', { metadata: [], tensors: [], alignment: 24 }, /power of two/],
  ])('%s', (_name, input, message) => {
    expect(() => writeGguf(input as Parameters<typeof writeGguf>[0])).toThrow(message);
  });
});

describe('bad GGUF files get a clear GgufError', () => {
  const good = courseGguf();
  const cases: [string, Uint8Array, RegExp][] = [
    ['empty file', new Uint8Array(0), /not a GGUF file: it has 0 bytes/],
    ['not a GGUF (magic)', new TextEncoder().encode('PK\u0003\u0004 this is a zip'), /not a GGUF file: it starts with the bytes 50 4b 03 04/],
    ['version 1', new Builder().header(1, 0, 0).bytes(), /unsupported GGUF version 1.*retired/],
    ['version 4', new Builder().header(4, 0, 0).bytes(), /unsupported GGUF version 4/],
    ['big-endian', new Builder().u32(0x46554747).u32(0x03000000).u64(0).u64(0).bytes(), /big-endian/],
    ['header cut short', good.subarray(0, 12), /truncated: the tensor and metadata counts/],
    ['a string length of 2^60', new Builder().header(3, 0, 1).u64(1n << 60n).zeros(16).bytes(), /claims a length of 1152921504606846976 bytes/],
    ['an array of 2^40 elements', new Builder().header(3, 0, 1).str('k').u32(9).u32(4).u64(1n << 40n).bytes(), /claims 1099511627776 u32 elements/],
    ['an array of 2^40 strings', new Builder().header(3, 0, 1).str('k').u32(9).u32(8).u64(1n << 40n).bytes(), /claims 1099511627776 string elements/],
    ['2^62 metadata entries', new Builder().header(3, 0, 1n << 62n).bytes(), /claims 4611686018427387904 metadata entries/],
    ['2^40 tensors', new Builder().header(3, 1n << 40n, 0).bytes(), /claims 1099511627776 tensors/],
    ['an unknown value type', new Builder().header(3, 0, 1).str('k').u32(13).zeros(8).bytes(), /"k" has value type 13/],
    ['arrays nested too deep', (() => { const b = new Builder().header(3, 0, 1).str('k').u32(9); for (let i = 0; i < 40; i++) b.u32(9).u64(1); return b.u32(0).u64(0).bytes(); })(), /nests arrays more than 32 deep/],
    ['duplicate keys', new Builder().header(3, 0, 2).str('k').u32(0).u8(1).str('k').u32(0).u8(2).bytes(), /duplicate metadata key "k"/],
    ['empty key', new Builder().header(3, 0, 1).str('').u32(0).u8(1).bytes(), /empty key/],
    ['alignment not u32', new Builder().header(3, 0, 1).str('general.alignment').u32(10).u64(64).bytes(), /general.alignment must be a u32/],
    ['alignment not a power of two', new Builder().header(3, 0, 1).str('general.alignment').u32(4).u32(48).bytes(), /48, not a power of two/],
    ['a type id the course does not know', tensorFile({ type: 99 }), /ggml type id 99, which the course does not know/],
    ['a removed type id', tensorFile({ type: 4 }), /ggml type id 4, which the course does not know/],
    ['five dimensions', tensorFile({ dims: [32, 1, 1, 1, 1] }), /5 dimensions; ggml allows at most 4/],
    ['dimensions whose product overflows', tensorFile({ dims: [1n << 32n, 1n << 32n] }), /overflow ggml's int64 count/],
    ['a dimension past int64', tensorFile({ dims: [1n << 63n] }), /more than ggml's int64 can hold/],
    ['rows not whole blocks', tensorFile({ type: 2, dims: [33] }), /rows of 33 values, not a multiple of its block of 32/],
    ['misaligned offset', tensorFile({ offset: 4 }), /data offset 4, not a multiple of the alignment 32/],
    ['data past the end', tensorFile({ dims: [1024] }), /tensor "t" runs past the end of the file: its 4096 bytes/],
    ['duplicate tensor names', (() => {
      const b = new Builder().header(3, 2, 0);
      for (let i = 0; i < 2; i++) b.str('t').u32(1).u64(8).u32(0).u64(32 * i);
      return b.zeros(128).bytes();
    })(), /duplicate tensor name "t"/],
  ];
  it.each(cases)('%s', async (_name, bytes, message) => {
    const error = await read(bytes).then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(GgufError);
    expect((error as Error).message).toMatch(message);
  });

  it('in a file large enough to hold them, still refuses an array or string longer than llama.cpp accepts (2^30)', async () => {
    const huge = (head: Uint8Array): ByteSource => ({ size: 2 ** 40, read: async (o, n) => { const b = new Uint8Array(n); b.set(head.subarray(o, o + n)); return b; } });
    const array = new Builder().header(3, 0, 1).str('k').u32(9).u32(0).u64(2 ** 30 + 1).bytes();
    await expect(readGguf(huge(array))).rejects.toThrow(/claims 1073741825 elements, more than the 1073741824 llama.cpp accepts/);
    const string = new Builder().header(3, 0, 1).str('k').u32(8).u64(2 ** 31).bytes();
    await expect(readGguf(huge(string))).rejects.toThrow(/claims a length of 2147483648 bytes, more than the 1073741824/);
  });

  it('truncated anywhere: every prefix of a good file is refused, none crashes', async () => {
    const f = await read(good);
    const end = f.tensors.at(-1)!.offset + f.tensors.at(-1)!.bytes;
    for (let n = 0; n < end; n++) {
      const error = await read(good.subarray(0, n)).then(() => undefined, (e: unknown) => e);
      expect(error, `prefix of ${n} bytes`).toBeInstanceOf(GgufError);
      expect((error as Error).message).toMatch(/truncated|not a GGUF|runs past the end|bytes are left/);
    }
  });

  it('random corruption never crashes the reader', async () => {
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
    for (let k = 0; k < 300; k++) {
      const bad = good.slice();
      for (let j = 0; j < 3; j++) bad[next() % 600] = next() & 0xff;
      const error = await read(bad).then(() => undefined, (e: unknown) => e);
      if (error !== undefined) expect(error, `corruption ${k}`).toBeInstanceOf(GgufError);
    }
  });
});

/** A file with one tensor "t" of given type id, dims and offset, and 64 bytes of data. */
function tensorFile(o: { type?: number; dims?: (number | bigint)[]; offset?: number }): Uint8Array {
  const dims = o.dims ?? [16];
  const b = new Builder().header(3, 1, 0).str('t').u32(dims.length);
  for (const d of dims) b.u64(d);
  b.u32(o.type ?? 0).u64(o.offset ?? 0);
  return b.zeros(64 + 32).bytes();
}
