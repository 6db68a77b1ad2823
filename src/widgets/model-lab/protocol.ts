/** Messages between the lab widget and its evaluation workers. */
import type { Window } from '../../core/model/index.ts';

/** Replacement weights for some matrices (already quantized and dequantized on the page). */
export type Replacements = Record<string, Float32Array>;

export type WorkerRequest =
  | { kind: 'init'; manifest: unknown; weights: ArrayBuffer; tokens: Int32Array }
  | { kind: 'logits'; id: number; replace: Replacements; windows: Window[] }
  | { kind: 'generate'; id: number; replace: Replacements; prompt: string; length: number; temperature: number; seed: number };

export type WorkerResponse =
  | { kind: 'ready' }
  | { kind: 'logits'; id: number; logits: Float32Array }
  | { kind: 'text'; id: number; text: string }
  | { kind: 'error'; id: number | null; message: string };
