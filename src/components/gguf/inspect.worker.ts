/**
 * The GGUF inspector's worker: parses the header, reads single blocks, and dequantizes a whole tensor
 * chunk by chunk into a histogram, off the page's thread. The file is only ever sliced (never read whole,
 * never sent anywhere). A decode checks for its cancel between chunks; each chunk's read is awaited,
 * which is when the cancel message gets through.
 */
import {
  blobSource, createHistogram, dequantizeTensorData, GgufError, histogramBars, histogramMoments, NotDecodableError, readGguf,
  type ByteSource, type GgufFile, type GgufTensorInfo,
} from '../../core/index.ts';
import { addToHistogramFast } from '../../core/fast/histogram-chunk.ts';
import { PLAIN_BLOCK_VALUES, type InspectReply, type InspectRequest } from './protocol.ts';

// About a million values per chunk: big enough to decode at full speed, small enough to cancel promptly.
const CHUNK_VALUES = 1 << 20;
// One chunk's values, reused by every chunk of every decode (4 MB, never reallocated per chunk).
let chunkValues: Float32Array | null = null;

let source: ByteSource | null = null;
let file: GgufFile | null = null;
const cancelled = new Set<number>();

const post = (m: InspectReply, transfer: Transferable[] = []) => (self as unknown as Worker).postMessage(m, transfer);

/** A reader's error as the page shows it: GgufError and NotDecodableError say it themselves. */
function message(e: unknown): string {
  if (e instanceof GgufError || e instanceof NotDecodableError) return e.message;
  return `could not read the file: ${e instanceof Error ? e.message : String(e)}`;
}

/** Values and bytes of one displayable block of a tensor (32 values for a plain float type). */
function blockShape(t: GgufTensorInfo): { values: number; bytes: number } {
  return t.type.blockSize === 1 ? { values: PLAIN_BLOCK_VALUES, bytes: PLAIN_BLOCK_VALUES * t.type.blockBytes } : { values: t.type.blockSize, bytes: t.type.blockBytes };
}

function tensorAt(i: number): GgufTensorInfo {
  const t = file?.tensors[i];
  if (!t) throw new GgufError(`no tensor ${i} in this file`);
  return t;
}

async function open(blob: Blob): Promise<void> {
  source = null;
  file = null;
  const s = blobSource(blob);
  const f = await readGguf(s);
  source = s;
  file = f;
  post({ kind: 'header', header: f });
}

async function block(tensor: number, k: number): Promise<void> {
  const t = tensorAt(tensor);
  const shape = blockShape(t);
  const blocks = Math.max(1, Math.ceil(t.elements / shape.values));
  const index = Math.min(Math.max(0, Math.floor(k)), blocks - 1);
  const at = t.offset + index * shape.bytes;
  const want = Math.min(shape.bytes, t.offset + t.bytes - at);
  const bytes = await source!.read(at, want);
  const count = Math.min(shape.values, t.elements - index * shape.values);
  let values: Float32Array | null = null;
  try {
    values = dequantizeTensorData(t.type.name, bytes, count, t.type.blockSize, t.type.blockBytes);
  } catch (e) {
    if (!(e instanceof NotDecodableError)) throw e;
  }
  post({ kind: 'block', data: { tensor, block: index, blocks, bytes, values } });
}

async function decode(job: number, tensor: number): Promise<void> {
  const t = tensorAt(tensor);
  const start = performance.now();
  const h = createHistogram();
  const blocksPerChunk = Math.max(1, Math.floor(CHUNK_VALUES / t.type.blockSize));
  const totalBlocks = t.elements / t.type.blockSize;
  const readChunk = (b: number) => {
    const n = Math.min(blocksPerChunk, totalBlocks - b);
    const p = source!.read(t.offset + b * t.type.blockBytes, n * t.type.blockBytes).then((bytes) => ({ bytes, n }));
    p.catch(() => { /* reported when awaited; never an unhandled rejection if the decode stopped first */ });
    return p;
  };
  // The next chunk is read while this one is decoded.
  let next = totalBlocks > 0 ? readChunk(0) : null;
  for (let b = 0; b < totalBlocks; b += blocksPerChunk) {
    const { bytes, n } = await next!;
    if (cancelled.delete(job)) return post({ kind: 'cancelled', job });
    next = b + blocksPerChunk < totalBlocks ? readChunk(b + blocksPerChunk) : null;
    if (bytes.length !== n * t.type.blockBytes) throw new GgufError(`truncated: tensor "${t.name}" ends before its ${t.bytes} bytes`);
    chunkValues ??= new Float32Array(CHUNK_VALUES);
    const count = n * t.type.blockSize;
    // A block bigger than a chunk (none is today) gets an array of its own.
    const out = count <= chunkValues.length ? chunkValues : undefined;
    addToHistogramFast(h, dequantizeTensorData(t.type.name, bytes, count, t.type.blockSize, t.type.blockBytes, out));
    post({ kind: 'progress', job, done: (b + n) * t.type.blockSize, total: t.elements });
  }
  const { mean, std } = histogramMoments(h);
  post({ kind: 'decoded', result: { job, tensor, bars: histogramBars(h, 80), count: h.count, nonFinite: h.nonFinite, min: h.min, max: h.max, mean, std, ms: performance.now() - start } });
}

self.onmessage = (ev: MessageEvent<InspectRequest>) => {
  const m = ev.data;
  const fail = (e: unknown, job?: number) => post({ kind: 'error', message: message(e), job });
  if (m.kind === 'cancel') cancelled.add(m.job);
  else if (m.kind === 'open') open(m.file).catch((e) => fail(e));
  else if (!file || !source) fail(new GgufError('no file is open'));
  else if (m.kind === 'block') block(m.tensor, m.block).catch((e) => fail(e));
  else if (m.kind === 'decode') decode(m.job, m.tensor).catch((e) => fail(e, m.job));
};
