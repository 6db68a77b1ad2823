/** Shared by the GGUF tests: a file with every metadata type and several tensor types, and a byte builder for broken files. */
import { quantizeGgml, type GgufValue, writeGguf } from '../../src/core/index.ts';
import { createRng } from '../../src/core/rng.ts';

/** One metadata entry of every GGUF value type, nested arrays and extreme 64-bit values included. */
export const EVERY_TYPE: [string, GgufValue][] = [
  ['general.architecture', { type: 'string', value: 'llama' }],
  ['test.u8', { type: 'u8', value: 255 }],
  ['test.i8', { type: 'i8', value: -128 }],
  ['test.u16', { type: 'u16', value: 65535 }],
  ['test.i16', { type: 'i16', value: -32768 }],
  ['test.u32', { type: 'u32', value: 4294967295 }],
  ['test.i32', { type: 'i32', value: -2147483648 }],
  ['test.f32', { type: 'f32', value: Math.fround(0.1) }],
  ['test.bool', { type: 'bool', value: true }],
  ['test.string', { type: 'string', value: 'héllo ▁wörld ✓' }],
  ['test.u64', { type: 'u64', value: 18446744073709551615n }],
  ['test.i64', { type: 'i64', value: -9223372036854775808n }],
  ['test.u64_small', { type: 'u64', value: 1234567n }],
  ['test.f64', { type: 'f64', value: 0.1 }],
  ['test.array_f32', { type: 'array', itemType: 'f32', value: [0, -1.5, Math.fround(3.14)] }],
  ['test.array_string', { type: 'array', itemType: 'string', value: ['<unk>', '<s>', '', '▁a'] }],
  ['test.array_bool', { type: 'array', itemType: 'bool', value: [true, false, true] }],
  ['test.array_i64', { type: 'array', itemType: 'i64', value: [-1n, 9007199254740993n] }],
  ['test.array_empty', { type: 'array', itemType: 'u8', value: [] }],
  ['test.array_nested', { type: 'array', itemType: 'array', value: [
    { type: 'array', itemType: 'i32', value: [1, -2, 3] },
    { type: 'array', itemType: 'string', value: ['x'] },
  ] }],
];

/** A few tensors: F32, F16, Q8_0, Q4_0, Q4_K (quantized by the core), and a 3-d one. */
export function someTensors(): { name: string; type: string; shape: number[]; data: Uint8Array; values?: Float32Array }[] {
  const rng = createRng('gguf-test');
  const vals = (n: number) => Float32Array.from({ length: n }, () => rng.normal(0, 1));
  const f32 = vals(5 * 3);
  const q8 = vals(64 * 2);
  const q4 = vals(32 * 3);
  const q4k = vals(256 * 2);
  const f16 = new Uint8Array(2 * 7);
  new DataView(f16.buffer).setUint16(0, 0x3c00, true); // 1.0
  return [
    { name: 'token_embd.weight', type: 'F32', shape: [5, 3], data: new Uint8Array(f32.buffer.slice(0)), values: f32 },
    { name: 'blk.0.attn_norm.weight', type: 'F16', shape: [7], data: f16 },
    { name: 'blk.0.attn_q.weight', type: 'Q8_0', shape: [64, 2], data: quantizeGgml('q8_0', q8) },
    { name: 'blk.0.ffn_up.weight', type: 'Q4_0', shape: [32, 3, 1], data: quantizeGgml('q4_0', q4) },
    { name: 'output.weight', type: 'Q4_K', shape: [256, 2], data: quantizeGgml('q4_K', q4k) },
  ];
}

/** A GGUF written by the course with every metadata type, the tensors above, and the given alignment. */
export function courseGguf(alignment?: number): Uint8Array<ArrayBuffer> {
  return writeGguf({ metadata: EVERY_TYPE, tensors: someTensors(), alignment });
}

/** Little-endian bytes built by hand, for files no writer would produce. */
export class Builder {
  private parts: number[] = [];
  u8(v: number) { this.parts.push(v & 0xff); return this; }
  u32(v: number) { for (let i = 0; i < 4; i++) this.parts.push((v >>> (8 * i)) & 0xff); return this; }
  u64(v: bigint | number) { let b = BigInt(v); for (let i = 0; i < 8; i++) { this.parts.push(Number(b & 0xffn)); b >>= 8n; } return this; }
  str(s: string) { const b = new TextEncoder().encode(s); this.u64(b.length); this.parts.push(...b); return this; }
  zeros(n: number) { for (let i = 0; i < n; i++) this.parts.push(0); return this; }
  /** GGUF magic, version, tensor count, metadata count. */
  header(version: number, tensors: number | bigint, kv: number | bigint) { return this.u32(0x46554747).u32(version).u64(tensors).u64(kv); }
  bytes() { return Uint8Array.from(this.parts); }
}
