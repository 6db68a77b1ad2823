/**
 * Where GGUF bytes come from: anything that can hand over a range. The reader asks only for the ranges
 * it needs, so a multi-gigabyte file is never read whole. A Node file handle (src/cli) and a browser
 * File (blobSource) are both sources; so is a byte array already in memory.
 */

/** A random-access byte source: its size and an async read of a range. */
export interface ByteSource {
  /** Total bytes. */
  readonly size: number;
  /** The bytes [offset, offset + length); fewer only at the end of the source. */
  read(offset: number, length: number): Promise<Uint8Array>;
}

/** A source over bytes already in memory. */
export function bytesSource(bytes: Uint8Array): ByteSource {
  return {
    size: bytes.length,
    read: async (offset, length) => bytes.subarray(offset, Math.min(bytes.length, offset + length)),
  };
}

/** The part of a browser Blob (or File) that blobSource uses. */
export interface BlobLike {
  readonly size: number;
  slice(start: number, end: number): { arrayBuffer(): Promise<ArrayBuffer> };
}

/** A source over a Blob or File: each read is one `slice`, so the page never loads the file whole. */
export function blobSource(blob: BlobLike): ByteSource {
  return {
    size: blob.size,
    read: async (offset, length) => new Uint8Array(await blob.slice(offset, Math.min(blob.size, offset + length)).arrayBuffer()),
  };
}
