/**
 * The GGUF inspector's worker: parses the header, reads single blocks, and dequantizes a whole tensor
 * chunk by chunk into a histogram, off the page's thread. The file is only ever sliced (never read whole,
 * never sent anywhere). A decode checks for its cancel after each awaited slice and, about every 100 ms,
 * after giving the worker's task queue a turn (when a cancel message gets through).
 */
import {
  blobSource, createHistogram, dequantizeTensorData, GgufError, histogramBars, histogramMoments, NotDecodableError, readGguf,
  type ByteSource, type GgufFile, type GgufTensorInfo,
} from '../../core/index.ts';
import { addToHistogramFast } from '../../core/fast/histogram-chunk.ts';
import { PLAIN_BLOCK_VALUES, type InspectReply, type InspectRequest } from './protocol.ts';

// A slice is decoded a million values at a time, into one buffer.
const CHUNK_VALUES = 1 << 20;
// File slices of about 8 MB: Chromium reads a File slice through its browser process, and reading
// 56 MB in 0.5 MB slices cost it three times the CPU that 8 MB slices did (bench/README.md).
const READ_BYTES = 8 << 20;
// Slices read ahead of the one being decoded.
const READ_AHEAD = 2;
// Least time between two progress messages.
const PROGRESS_MS = 100;
// One chunk's values, reused by every chunk of every decode (4 MB, never reallocated per chunk).
let chunkValues: Float32Array | null = null;

let source: ByteSource | null = null;
let file: GgufFile | null = null;
const cancelled = new Set<number>();

// A zero-delay turn of the worker's task queue (setTimeout would wait at least 4 ms once nested).
const turn = /* @__PURE__ */ new MessageChannel();
const nextTask = () => new Promise<void>((resolve) => {
  turn.port1.onmessage = () => resolve();
  turn.port2.postMessage(null);
});

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
  const { blockSize, blockBytes } = t.type;
  const blocksPerRead = Math.max(1, Math.floor(READ_BYTES / blockBytes));
  const blocksPerChunk = Math.max(1, Math.floor(CHUNK_VALUES / blockSize));
  const totalBlocks = t.elements / blockSize;
  const readAt = (b: number) => {
    const n = Math.min(blocksPerRead, totalBlocks - b);
    const p = source!.read(t.offset + b * blockBytes, n * blockBytes).then((bytes) => ({ bytes, n }));
    p.catch(() => { /* reported when awaited; never an unhandled rejection if the decode stopped first */ });
    return p;
  };
  // The next slices are read while this one is decoded: the browser reads a File on other threads.
  const reads: ReturnType<typeof readAt>[] = [];
  let ahead = 0;
  const readAhead = () => {
    for (; reads.length < READ_AHEAD && ahead < totalBlocks; ahead += blocksPerRead) reads.push(readAt(ahead));
  };
  readAhead();
  let posted = start;
  for (let b = 0; b < totalBlocks; b += blocksPerRead) {
    const { bytes, n } = await reads.shift()!;
    if (cancelled.delete(job)) return post({ kind: 'cancelled', job });
    readAhead();
    if (bytes.length !== n * blockBytes) throw new GgufError(`truncated: tensor "${t.name}" ends before its ${t.bytes} bytes`);
    for (let c = 0; c < n; c += blocksPerChunk) {
      const m = Math.min(blocksPerChunk, n - c), count = m * blockSize;
      chunkValues ??= new Float32Array(CHUNK_VALUES);
      // A block bigger than a chunk (none is today) gets an array of its own.
      const out = count <= chunkValues.length ? chunkValues : undefined;
      addToHistogramFast(h, dequantizeTensorData(t.type.name, bytes.subarray(c * blockBytes, (c + m) * blockBytes), count, blockSize, blockBytes, out));
      // Every PROGRESS_MS: progress for the page (each one costs it a layout and paint), and a turn for a
      // cancel message to arrive.
      const now = performance.now();
      if (now - posted >= PROGRESS_MS) {
        posted = now;
        post({ kind: 'progress', job, done: (b + c + m) * blockSize, total: t.elements });
        await nextTask();
        if (cancelled.delete(job)) return post({ kind: 'cancelled', job });
      }
    }
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
