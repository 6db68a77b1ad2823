import { execFile } from 'node:child_process';
import { closeSync, ftruncateSync, mkdtempSync, openSync, readFileSync, writeFileSync, writeSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { bytesSource, readGguf, readTensorValues, writeGgufHeader } from '../../src/core/index.ts';

const BIN = path.resolve('bin/quantcourse.mjs');
const FIXTURE = path.resolve('tests/fixtures/gguf/gguf-py-tensors.gguf');
const EXPECTED = path.resolve('tests/fixtures/gguf/gguf-py-expected.gguf');

/** Run the CLI for real, in a child process, and collect its output and exit code. */
function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { env: { ...process.env, NO_COLOR: '1' }, maxBuffer: 64 << 20 }, (err, stdout, stderr) => {
      resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

const tmp = mkdtempSync(path.join(os.tmpdir(), 'quantcourse-gguf-cli-'));

describe('quantcourse gguf', () => {
  it('prints metadata, every tensor and the totals by type of a file gguf-py wrote', async () => {
    const r = await cli('gguf', FIXTURE);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/GGUF v3, 10,048 bytes, alignment 32/);
    expect(r.stdout).toMatch(/tokenizer\.ggml\.tokens\s+string\[286\]\s+\["<unk>", "<s>", "<\/s>"/);
    expect(r.stdout).toMatch(/test\.u64\s+u64\s+"18446744073709551615"/);
    expect(r.stdout).toMatch(/blk\.0\.ffn_up\.weight\s+\[256, 2\]\s+Q4_K\s+4\.5\s+288/);
    expect(r.stdout).toMatch(/blk\.1\.cube\.weight\s+\[32, 2, 2\]\s+F32\s+32\s+512/);
    expect(r.stdout).toMatch(/Q2_K\s+1\s+512\s+168\s+2\.625/);
    expect(r.stdout).toMatch(/all\s+13\s+2,312\s+1,952\s+6\.7543/);
  });

  it('--json prints exactly version, alignment, metadata and tensors with absolute offsets', async () => {
    const r = await cli('gguf', FIXTURE, '--json');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(Object.keys(j)).toEqual(['version', 'alignment', 'metadata', 'tensors']);
    expect(j.version).toBe(3);
    expect(j.metadata['test.u64']).toBe('18446744073709551615'); // past 2^53: a string
    expect(j.metadata['test.u64_small']).toBe(123456789); // safe: a number
    expect(j.metadata['test.array_nested']).toEqual([[1, 2], [3]]);
    const file = await readGguf(bytesSource(readFileSync(FIXTURE)));
    expect(j.tensors).toEqual(file.tensors.map((t) => ({ name: t.name, type: t.type.name, shape: t.shape, offset: t.offset, bytes: t.bytes })));
    expect(j.tensors[0]).toEqual({ name: 'token_embd.weight', type: 'F32', shape: [8, 3], offset: file.dataOffset, bytes: 96 });
  });

  it('--tensor --dequantize -o writes little-endian float32 in ggml order, as gguf-py decodes it', async () => {
    const out = path.join(tmp, 'q4k.f32');
    const r = await cli('gguf', FIXTURE, '--tensor', 'blk.0.ffn_up.weight', '--dequantize', '-o', out);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/wrote 512 float32 values of "blk.0.ffn_up.weight" \(Q4_K, shape \[256, 2\]/);
    const bytes = readFileSync(out);
    const got = Array.from({ length: bytes.length / 4 }, (_, i) => bytes.readFloatLE(4 * i));
    const src = bytesSource(readFileSync(EXPECTED));
    const exp = await readGguf(src);
    const want = await readTensorValues(src, exp.tensors.find((t) => t.name === 'blk.0.ffn_up.weight')!);
    expect(got.length).toBe(512);
    got.forEach((v, i) => expect(Math.abs(v - want[i]!)).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(want[i]!))));
  });

  it('a type without a codec: exit 3 and says so, writes nothing', async () => {
    const out = path.join(tmp, 'q6k.f32');
    const r = await cli('gguf', FIXTURE, '--tensor', 'blk.1.ffn_up.weight', '--dequantize', '-o', out);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/Q6_K tensors are not decodable here/);
    expect(() => readFileSync(out)).toThrow();
  });

  it('a missing tensor is a usage error that names near matches', async () => {
    const r = await cli('gguf', FIXTURE, '--tensor', 'ffn_up', '--dequantize', '-o', path.join(tmp, 'x.f32'));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/no tensor named "ffn_up".*similar: blk\.0\.ffn_up\.weight, blk\.1\.ffn_up\.weight/);
  });

  it('bad files: exit 1 with the reason; a missing file or half an option: exit 2', async () => {
    const notGguf = path.join(tmp, 'not.gguf');
    writeFileSync(notGguf, 'hello, I am a text file');
    const truncated = path.join(tmp, 'cut.gguf');
    writeFileSync(truncated, readFileSync(FIXTURE).subarray(0, 3000));
    const past = path.join(tmp, 'past.gguf');
    writeFileSync(past, readFileSync(FIXTURE).subarray(0, 9000));
    const cases: [string[], number, RegExp][] = [
      [[notGguf], 1, /not a readable GGUF: not a GGUF file: it starts with the bytes 68 65 6c 6c \("hell"\)/],
      [[truncated], 1, /truncated/],
      [[past], 1, /runs past the end of the file/],
      [[path.join(tmp, 'nope.gguf')], 2, /cannot open .*nope\.gguf: no such file/],
      [[tmp], 2, /it is a directory/],
      [[FIXTURE, '--tensor', 'token_embd.weight'], 2, /--tensor NAME, --dequantize and -o FILE go together/],
      [[FIXTURE, '--tensor', 'token_embd.weight', '--dequantize', '-o', path.join(tmp, 'no-such-dir', 'x.f32')], 2, /cannot write .*no-such-dir.*ENOENT/],
      [[], 2, /Name a file/],
    ];
    for (const [args, code, message] of cases) {
      const r = await cli('gguf', ...args);
      expect(r.code, args.join(' ')).toBe(code);
      expect(r.stderr, args.join(' ')).toMatch(message);
    }
  });

  it('reads the header of a 5 GB file without reading the file (a sparse file: its data was never written)', async () => {
    const file = path.join(tmp, 'big.gguf');
    const header = writeGgufHeader({
      metadata: [['general.architecture', { type: 'string', value: 'llama' }]],
      tensors: [{ name: 'token_embd.weight', type: 'Q4_K', shape: [4096, 32000] }, { name: 'blk.0.ffn_up.weight', type: 'F32', shape: [4096, 310_000] }],
    });
    const q4k = (4096 / 256) * 144 * 32000;
    const size = header.length + Math.ceil(q4k / 32) * 32 + 4096 * 310_000 * 4;
    const fd = openSync(file, 'w');
    writeSync(fd, header);
    ftruncateSync(fd, size);
    closeSync(fd);
    expect(size).toBeGreaterThan(5e9);
    const r = await cli('gguf', file, '--json');
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.tensors.map((t: { bytes: number }) => t.bytes)).toEqual([q4k, 4096 * 310_000 * 4]);
    expect(j.tensors[1].offset + j.tensors[1].bytes).toBe(size);
  });
});
