/** Messages between a page and the lab's evaluation workers. */
import type { PositionComparison, QuantRecipe, Window } from '../../core/model/index.ts';

/** Replacement weights for some matrices (already quantized and dequantized). */
export type Replacements = Record<string, Float32Array>;

/** A recipe that can cross to a worker: no learner function (the page runs those in the sandbox first). */
export type PlainRecipe = QuantRecipe;

export type WorkerRequest =
  /** Load the model, keep this worker's share of the windows, and run the float model over it once. */
  | { kind: 'init'; manifest: unknown; weights: ArrayBuffer; tokens: Int32Array; windows: Window[] }
  /** Quantize the named matrices as `recipe` says. */
  | { kind: 'quantize'; id: number; recipe: PlainRecipe; names: string[] }
  /** Run this worker's windows with `replace` swapped in and compare with the float model, position by position. */
  | { kind: 'compare'; id: number; replace: Replacements }
  | { kind: 'generate'; id: number; replace: Replacements; prompt: string; length: number; temperature: number; seed: number };

export type WorkerResponse =
  /** `positions`: the float model compared with itself, for its perplexity on this share. */
  | { kind: 'ready'; positions: PositionComparison; ms: number }
  | { kind: 'quantized'; id: number; parts: { name: string; values: Float32Array; bits: number }[]; ms: number }
  | { kind: 'compared'; id: number; positions: PositionComparison; ms: number }
  | { kind: 'text'; id: number; text: string }
  | { kind: 'error'; id: number | null; message: string };
