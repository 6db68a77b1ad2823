/**
 * One comparison of the judge: export the course model in a scheme, load the file in llama.cpp, and
 * measure the held-out perplexity both ways: llama.cpp's, and the course forward pass's on the tensors
 * read back from that same file. Shared by the judge's tests and scripts/llama-judge.ts (which prints the gaps).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { f32ToF16Bits } from '../../src/core/floats/half.ts';
import { bytesSource } from '../../src/core/gguf/source.ts';
import { perplexityFromLogits } from '../../src/core/metrics/perplexity.ts';
import { logSoftmax } from '../../src/core/metrics/softmax.ts';
import { exportGguf, exportSourceOf, type ExportedTensor, type GgufExport } from '../../src/core/model/gguf-export.ts';
import { evaluationTargets, logitRows, textLogits } from '../../src/core/model/forward.ts';
import { withGgufTensors } from '../../src/core/model/gguf-tensors.ts';
import type { Model } from '../../src/core/model/weights.ts';
import { loadGguf } from './judge.ts';

/** Both perplexities of one exported file, and what it holds. */
export interface Judged {
  scheme: string;
  /** Held-out perplexity by the course's forward pass on the file's tensors (dequantized by the core). */
  course: number;
  /** Held-out perplexity by llama.cpp on the file, same windows. */
  llama: number;
  /** llama / course − 1. */
  gap: number;
  /** Root-mean-square over the predictions of llama.cpp's ln p(actual next token) minus the course's, in nats. */
  lnpRms: number;
  /** ‖llama.cpp's logits − the course's‖ / ‖the course's‖ over all rows. */
  logitRelRms: number;
  bytes: number;
  tensors: ExportedTensor[];
}

/** The course's perplexity of `model` on `tokens`, windowed as the lab measures it. */
export function coursePerplexity(model: Model, tokens: ArrayLike<number>): number {
  const rows = logitRows(textLogits(model, tokens), model.config.vocabSize);
  return perplexityFromLogits(rows, Array.from(evaluationTargets(tokens)));
}

/** Export `scheme` into `dir`, and measure it in llama.cpp and in the course. */
export async function judgeScheme(model: Model, tokens: ArrayLike<number>, scheme: string, dir: string): Promise<Judged> {
  return judgeExport(model, tokens, exportGguf(exportSourceOf(model), scheme, f32ToF16Bits), join(dir, `lab-${scheme}.gguf`));
}

/** Write an exported file (the lab's scheme, or a learner's blocks) to `path`, and measure it in llama.cpp and in the course. */
export async function judgeExport(model: Model, tokens: ArrayLike<number>, e: GgufExport, path: string): Promise<Judged> {
  const scheme = e.scheme;
  writeFileSync(path, e.bytes);
  const fromFile = await withGgufTensors(model, bytesSource(e.bytes));
  const V = model.config.vocabSize;
  const targets = Array.from(evaluationTargets(tokens));
  const ours = textLogits(fromFile, tokens);
  const judged = await loadGguf(path, model.config.context);
  try {
    const theirs = await judged.windowLogits(tokens, model.config.context);
    const course = perplexityFromLogits(logitRows(ours, V), targets);
    const llama = perplexityFromLogits(logitRows(theirs, V), targets);
    let d2 = 0, s2 = 0, p2 = 0;
    for (let i = 0; i < targets.length; i++) {
      const a = logSoftmax(ours.subarray(i * V, (i + 1) * V))[targets[i]!]!;
      const b = logSoftmax(theirs.subarray(i * V, (i + 1) * V))[targets[i]!]!;
      p2 += (b - a) ** 2;
    }
    for (let k = 0; k < ours.length; k++) {
      d2 += (theirs[k]! - ours[k]!) ** 2;
      s2 += ours[k]! ** 2;
    }
    return { scheme, course, llama, gap: llama / course - 1, lnpRms: Math.sqrt(p2 / targets.length), logitRelRms: Math.sqrt(d2 / s2), bytes: e.bytes.length, tensors: e.tensors };
  } finally {
    await judged.dispose();
  }
}
