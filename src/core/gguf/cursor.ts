/**
 * A forward-reading cursor over a ByteSource. It fetches a chunk at a time and reads numbers from it
 * synchronously, so parsing a vocabulary of 150,000 strings costs a few reads, not 300,000 awaits. Every
 * read says what it was reading, and a read past the end is a GgufError naming it.
 */
import { GgufError } from './errors.ts';
import type { ByteSource } from './source.ts';

/** llama.cpp's limit on a string's bytes and an array's elements (GGUF_MAX_STRING_LENGTH, GGUF_MAX_ARRAY_ELEMENTS). */
export const GGUF_MAX_ELEMENTS = 1 << 30;

const CHUNK = 1 << 20;
const decoder = /* @__PURE__ */ new TextDecoder('utf-8', { fatal: false });

/** Reads little-endian values from a source, front to back. */
export class Cursor {
  /** Absolute position of the next byte to read. */
  pos = 0;
  private buf: Uint8Array = new Uint8Array(0);
  private view: DataView = new DataView(this.buf.buffer);
  private start = 0;
  private readonly source: ByteSource;

  constructor(source: ByteSource) {
    this.source = source;
  }

  /** Bytes left after the cursor. */
  get remaining(): number {
    return this.source.size - this.pos;
  }

  /** Make n bytes from pos readable; a read past the end throws "truncated" naming `what`. */
  async need(n: number, what: string): Promise<void> {
    if (this.pos >= this.start && this.pos + n <= this.start + this.buf.length) return;
    if (n > this.remaining) {
      throw new GgufError(`truncated: ${what} needs ${n} bytes at offset ${this.pos}, but the file ends at ${this.source.size}`);
    }
    const length = Math.min(this.remaining, Math.max(n, CHUNK));
    const bytes = await this.source.read(this.pos, length);
    if (bytes.length < n) throw new GgufError(`truncated: ${what} needs ${n} bytes at offset ${this.pos}, but only ${bytes.length} could be read`);
    this.buf = bytes;
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.start = this.pos;
  }

  /** Whether n bytes from pos are already buffered (the fast path that skips an await). */
  has(n: number): boolean {
    return this.pos + n <= this.start + this.buf.length;
  }

  private at(n: number): number {
    const i = this.pos - this.start;
    this.pos += n;
    return i;
  }

  /** The next byte (call need first, as for every read below). */
  u8(): number { return this.view.getUint8(this.at(1)); }
  /** The next signed byte. */
  i8(): number { return this.view.getInt8(this.at(1)); }
  /** The next u16. */
  u16(): number { return this.view.getUint16(this.at(2), true); }
  /** The next i16. */
  i16(): number { return this.view.getInt16(this.at(2), true); }
  /** The next u32. */
  u32(): number { return this.view.getUint32(this.at(4), true); }
  /** The next i32. */
  i32(): number { return this.view.getInt32(this.at(4), true); }
  /** The next f32 (as the exact double of the float32). */
  f32(): number { return this.view.getFloat32(this.at(4), true); }
  /** The next f64. */
  f64(): number { return this.view.getFloat64(this.at(8), true); }
  /** The next u64, as a bigint. */
  u64(): bigint { return this.view.getBigUint64(this.at(8), true); }
  /** The next i64, as a bigint. */
  i64(): bigint { return this.view.getBigInt64(this.at(8), true); }
  /** The next n bytes as UTF-8 text (invalid sequences become U+FFFD; GGUF says UTF-8 but does not check). */
  utf8(n: number): string {
    const i = this.at(n);
    const b = this.buf;
    // Most keys and tokens are short ASCII: building those directly is several times faster than TextDecoder.
    if (n <= 32) {
      let ascii = true;
      for (let k = i; k < i + n; k++) if (b[k]! >= 0x80) { ascii = false; break; }
      if (ascii) return String.fromCharCode.apply(null, b.subarray(i, i + n) as unknown as number[]);
    }
    return decoder.decode(b.subarray(i, i + n));
  }

  /** A GGUF string when it lies wholly in the buffer, else undefined with nothing consumed (then call string()). */
  bufferedString(): string | undefined {
    if (!this.has(8)) return undefined;
    const len = this.view.getBigUint64(this.pos - this.start, true);
    if (len > BigInt(this.start + this.buf.length - this.pos - 8)) return undefined;
    this.pos += 8;
    return this.utf8(Number(len));
  }

  /** A GGUF string: u64 length, then that many bytes. The length is checked against the bytes left first. */
  async string(what: string): Promise<string> {
    if (!this.has(8)) await this.need(8, `the length of ${what}`);
    const len = this.u64();
    if (len > BigInt(this.remaining)) {
      throw new GgufError(`${what} claims a length of ${len} bytes, but only ${this.remaining} bytes are left in the file (the file is truncated or corrupt)`);
    }
    if (len > BigInt(GGUF_MAX_ELEMENTS)) throw new GgufError(`${what} claims a length of ${len} bytes, more than the ${GGUF_MAX_ELEMENTS} llama.cpp accepts`);
    const n = Number(len);
    if (!this.has(n)) await this.need(n, what);
    return this.utf8(n);
  }
}
