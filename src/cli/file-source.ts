/** A ByteSource over a file on disk: each read is one positioned read of a file handle, so a 5 GB GGUF's header is parsed without reading the file. */
import { open } from 'node:fs/promises';
import type { ByteSource } from '../core/gguf/source.ts';

/** An open file as a byte source; close it when done. */
export interface FileSource extends ByteSource {
  close(): Promise<void>;
}

/** Open `path` for range reads (the caller turns ENOENT and friends into its own message). */
export async function openFileSource(path: string): Promise<FileSource> {
  const handle = await open(path, 'r');
  const stat = await handle.stat();
  if (!stat.isFile()) {
    await handle.close();
    // Linux opens a directory for reading and fails only at the first read: refuse it here, as ENOENT is.
    throw Object.assign(new Error(`${path} is not a regular file`), { code: stat.isDirectory() ? 'EISDIR' : 'ENOTFILE' });
  }
  const size = stat.size;
  return {
    size,
    async read(offset, length) {
      const n = Math.max(0, Math.min(length, size - offset));
      const buf = new Uint8Array(n);
      let got = 0;
      // A positioned read may return fewer bytes than asked; keep reading until the range is whole or the file ends.
      while (got < n) {
        const { bytesRead } = await handle.read(buf, got, n - got, offset + got);
        if (bytesRead === 0) break;
        got += bytesRead;
      }
      return got === n ? buf : buf.subarray(0, got);
    },
    close: () => handle.close(),
  };
}
