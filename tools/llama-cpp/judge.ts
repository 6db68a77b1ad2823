/**
 * Real llama.cpp as the course's judge (tests only): node-llama-cpp's prebuilt CPU binary, pinned as a
 * devDependency, loads a GGUF and scores a token sequence in the same windows as the course's perplexity
 * (src/core/model/windows.ts). Never builds or downloads anything: `build: 'never'`, `skipDownload`, no GPU.
 */
import { getLlama, LlamaLogLevel, type Llama, type LlamaContext, type LlamaModel, type Token } from 'node-llama-cpp';
import { evaluationTargets, evaluationWindows } from '../../src/core/model/windows.ts';
import { logSoftmax } from '../../src/core/metrics/softmax.ts';

let shared: Promise<Llama> | null = null;

/** The one llama.cpp instance of this process: CPU only, the prebuilt binary or an error, quiet unless something fails. */
export function llamaCpp(): Promise<Llama> {
  shared ??= getLlama({ gpu: false, build: 'never', skipDownload: true, usePrebuiltBinaries: true, progressLogs: false, logLevel: LlamaLogLevel.error, maxThreads: 1 });
  return shared;
}

/** A GGUF loaded in llama.cpp, with the two questions the course's tests ask of it. */
export interface JudgedModel {
  /** llama.cpp's token ids for a text (no BOS, no added space: the file says so). */
  tokenize(text: string): number[];
  /** llama.cpp's vocabulary size (its logit rows are this long). */
  vocabSize: number;
  /**
   * llama.cpp's logits at every prediction of `tokens` (tokens.length − 1 rows of vocabSize, flat), each
   * window of `context` evaluated from an empty cache at positions 0.., as the course's forward pass does.
   */
  windowLogits(tokens: ArrayLike<number>, context: number): Promise<Float32Array>;
  /** ln p(actual next token) at every prediction, from windowLogits through the core's log-softmax. */
  targetLogProbs(tokens: ArrayLike<number>, context: number): Promise<Float64Array>;
  /** Free the context and the model. */
  dispose(): Promise<void>;
}

/** Load a GGUF file into llama.cpp (CPU, one thread, no memory map) with room for windows of `context` tokens. */
export async function loadGguf(path: string, context: number): Promise<JudgedModel> {
  if (!Number.isInteger(context) || context < 1) throw new RangeError(`context must be a positive whole number of tokens, got ${context}`);
  const llama = await llamaCpp();
  const model: LlamaModel = await llama.loadModel({ modelPath: path, gpuLayers: 0, useMmap: false });
  // One sequence, one batch per window: every position of a window is evaluated and returns its logits.
  // The context has room to spare: a sequence that fills it exactly gets a context shift (its oldest tokens
  // dropped) before its last token, which changed that position's logits by 2%. The KV cache is float32, as
  // the course computes; llama.cpp's default float16 cache would round every key and value.
  const ctx: LlamaContext = await model.createContext({ contextSize: 2 * context + 32, batchSize: 2 * context + 32, sequences: 1, threads: 1, flashAttention: false, experimentalKvCacheKeyType: 'F32', experimentalKvCacheValueType: 'F32' });
  const seq = ctx.getSequence();
  const meta = model.fileInfo.metadata as { tokenizer?: { ggml?: { tokens?: readonly string[] } } };
  const V = meta.tokenizer?.ggml?.tokens?.length ?? 0;
  if (!V) throw new Error(`${path}: llama.cpp loaded no vocabulary`);

  async function windowLogits(tokens: ArrayLike<number>, windowSize: number): Promise<Float32Array> {
    const windows = evaluationWindows(tokens.length, windowSize);
    const rows = tokens.length - 1;
    const out = new Float32Array(rows * V);
    let row = 0;
    for (const w of windows) {
      await seq.clearHistory();
      const input = Array.from({ length: w.length }, (_, i) => [tokens[w.start + i]! as Token, { generateNext: { logits: true } }] as [Token, { generateNext: { logits: true } }]);
      const results = await seq.controlledEvaluate(input);
      for (let i = 0; i < w.length; i++) {
        const logits = results[i]?.next.logits;
        if (!logits || logits.size !== V) throw new Error(`llama.cpp returned ${logits?.size ?? 'no'} logits at position ${w.start + i}, expected ${V}`);
        for (const [t, v] of logits) out[(row + i) * V + (t as number)] = v;
      }
      row += w.length;
    }
    return out;
  }

  return {
    vocabSize: V,
    tokenize: (text) => model.tokenize(text, false).map(Number),
    windowLogits,
    async targetLogProbs(tokens, windowSize) {
      const logits = await windowLogits(tokens, windowSize);
      const targets = evaluationTargets(tokens);
      const lp = new Float64Array(targets.length);
      for (let i = 0; i < targets.length; i++) lp[i] = logSoftmax(logits.subarray(i * V, (i + 1) * V))[targets[i]!]!;
      return lp;
    },
    async dispose() {
      await ctx.dispose();
      await model.dispose();
    },
  };
}
