/** The messages between the GGUF inspector page and its worker. */
import type { GgufFile, HistogramBars } from '../../core/index.ts';

/** Page → worker. */
export type InspectRequest =
  | { kind: 'open'; file: Blob }
  | { kind: 'block'; tensor: number; block: number }
  | { kind: 'decode'; job: number; tensor: number }
  | { kind: 'cancel'; job: number };

/** One block of a tensor: its raw bytes and, when the core can decode the type, its values. */
export interface BlockData {
  tensor: number;
  block: number;
  /** Blocks in the tensor (for a plain float type, a "block" is 32 consecutive values). */
  blocks: number;
  bytes: Uint8Array;
  values: Float32Array | null;
}

/** What a finished decode reports. */
export interface DecodeResult {
  job: number;
  tensor: number;
  bars: HistogramBars;
  count: number;
  nonFinite: number;
  min: number;
  max: number;
  mean: number;
  std: number;
  /** Wall time of the decode, for the page to show the throughput it got. */
  ms: number;
}

/** Worker → page. */
export type InspectReply =
  | { kind: 'header'; header: GgufFile }
  | { kind: 'error'; message: string; job?: number }
  | { kind: 'block'; data: BlockData }
  | { kind: 'progress'; job: number; done: number; total: number }
  | { kind: 'decoded'; result: DecodeResult }
  | { kind: 'cancelled'; job: number };

/** Values in a plain float type's pseudo-block (F32, F16, BF16 have no blocks of their own). */
export const PLAIN_BLOCK_VALUES = 32;
