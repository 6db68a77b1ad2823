/**
 * `quantcourse gguf export --scheme S -o FILE`: the committed lab model as a GGUF llama.cpp runs, and which tensor got which
 * type; `--learner FILE.ts --bits B --block-size S --scheme symmetric|asymmetric`: the learner's own quantizeBlocks result.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { f32ToF16Bits } from '../../core/floats/half.ts';
import { EXPORT_SCHEMES, exportGguf, exportSourceOf, type GgufExport } from '../../core/model/gguf-export.ts';
import { bytesSource } from '../../core/gguf/source.ts';
import { perplexityFromLogits } from '../../core/metrics/perplexity.ts';
import { evaluationTargets, logitRows, textLogits } from '../../core/model/forward.ts';
import { exportLearnerGguf, learnerGgmlType, learnerSettingText, type LearnerBlock, type LearnerSetting } from '../../core/model/gguf-learner.ts';
import { withGgufTensors } from '../../core/model/gguf-tensors.ts';
import { quantizeModel, type QuantRecipe } from '../../core/model/quantize.ts';
import { encode } from '../../core/model/tokenizer.ts';
import type { Model } from '../../core/model/weights.ts';
import labQuantizer from '../../../exercises/lab-quantizer/exercise.ts';
import { answeredQuantizer } from '../../lab/answered-quantizer.ts';
import { LearnerCodeError, runQuantizerCalls } from '../../lab/learner-run.ts';
import { readCourseModel } from '../../lab/node-model.ts';
import { LEARNER_TIMEOUT_MS } from '../../lab/saved.ts';
import { nodeRunner } from '../../runner/node/index.ts';
import { SandboxPool } from '../../runner/node/pool.ts';
import { UsageError } from '../submissions.ts';

/** The per-tensor table the command prints: name, type, shape (ggml order), and any fallback. */
export function exportTable(e: GgufExport): string {
  const w = Math.max(...e.tensors.map((t) => t.name.length)) + 2;
  const lines = [`${'tensor'.padEnd(w)}${'type'.padEnd(8)}${'shape (ne0 first)'.padEnd(20)}note`];
  for (const t of e.tensors) lines.push(`${t.name.padEnd(w)}${t.type.padEnd(8)}${`[${t.shape.join(', ')}]`.padEnd(20)}${t.fallback ?? ''}`.trimEnd());
  return lines.join('\n') + '\n';
}

/** Write the GGUF for `scheme` to `output` and print the tensor table; a bad scheme or path is a usage error. */
export function ggufExportCommand(o: { scheme?: string; output?: string; out?: (s: string) => void }): number {
  const out = o.out ?? ((s) => process.stdout.write(s));
  if (!o.scheme) throw new UsageError(`gguf export needs --scheme (one of: ${EXPORT_SCHEMES.join(', ')})`);
  if (!o.output) throw new UsageError('gguf export needs -o FILE (where to write the .gguf)');
  if (!EXPORT_SCHEMES.includes(o.scheme)) throw new UsageError(`scheme "${o.scheme}" has no ggml type to export; choose one of: ${EXPORT_SCHEMES.join(', ')}`);
  const { model } = readCourseModel();
  const e = exportGguf(exportSourceOf(model), o.scheme, f32ToF16Bits);
  try {
    writeFileSync(o.output, e.bytes);
  } catch (err) {
    throw new UsageError(`cannot write ${o.output}: ${(err as Error).message}`);
  }
  out(`wrote ${o.output}: ${e.bytes.length} bytes, scheme ${o.scheme}\n`);
  out(exportTable(e));
  const fallbacks = e.tensors.filter((t) => t.fallback).length;
  if (fallbacks) out(`${fallbacks} tensor(s) fell back to another type, as llama-quantize does for rows the scheme's blocks do not fit.\n`);
  return 0;
}

/** Options of `quantcourse gguf export --learner FILE`: the learner's file, the lab setting to run it at, and the output. */
export interface LearnerExportOptions {
  learner: string;
  bits?: string;
  blockSize?: string;
  scheme?: string;
  output?: string;
  out?: (s: string) => void;
  err?: (s: string) => void;
}

/** The lab setting the options name, or a usage error saying which option is wrong. */
function learnerSetting(o: LearnerExportOptions): LearnerSetting {
  const bits = Number(o.bits);
  if (o.bits === undefined || !Number.isInteger(bits) || bits < 2 || bits > 16) throw new UsageError(`gguf export --learner needs --bits N, an integer from 2 to 16${o.bits === undefined ? '' : ` (got "${o.bits}")`}`);
  const blockSize = o.blockSize === 'tensor' ? 'tensor' : Number(o.blockSize);
  if (o.blockSize === undefined || (blockSize !== 'tensor' && (!Number.isInteger(blockSize) || blockSize < 1))) throw new UsageError(`gguf export --learner needs --block-size N (a positive integer, or "tensor")${o.blockSize === undefined ? '' : ` (got "${o.blockSize}")`}`);
  if (o.scheme !== 'symmetric' && o.scheme !== 'asymmetric') throw new UsageError(`gguf export --learner needs --scheme symmetric or --scheme asymmetric${o.scheme === undefined ? '' : ` (got "${o.scheme}")`}`);
  return { bits, blockSize, scheme: o.scheme };
}

/** Held-out perplexity of a model, windowed as the lab and the judge measure it. */
function perplexityOf(model: Model, tokens: Int32Array): number {
  return perplexityFromLogits(logitRows(textLogits(model, tokens), model.config.vocabSize), Array.from(evaluationTargets(tokens)));
}

/**
 * `quantcourse gguf export --learner FILE --bits B --block-size S --scheme symmetric|asymmetric -o OUT`: run the
 * learner's quantizeBlocks in the grader's sandbox on every linear matrix of the lab model (as the lab's row
 * does), write those blocks as the ggml type the setting means, and print what f16 scales cost in perplexity.
 * Exit 0 written, 1 the code or its blocks cannot make the file (the message says why), 2 usage.
 */
export async function ggufExportLearnerCommand(o: LearnerExportOptions): Promise<number> {
  const out = o.out ?? ((s) => process.stdout.write(s));
  const err = o.err ?? ((s) => process.stderr.write(s));
  const setting = learnerSetting(o);
  if (!o.output) throw new UsageError('gguf export needs -o FILE (where to write the .gguf)');
  const g = learnerGgmlType(setting);
  if ('why' in g) throw new UsageError(`${learnerSettingText(setting)} has no ggml type: ${g.why.replace(/^[^:]*: /, '')}. The settings that have one are blocks of 32, symmetric 4, 5 or 8 bits (Q4_0, Q5_0, Q8_0) or asymmetric 4 or 5 bits (Q4_1, Q5_1)`);
  let code: string;
  try {
    code = readFileSync(o.learner, 'utf8');
  } catch (e) {
    throw new UsageError(`cannot read ${o.learner}: ${(e as Error).message}`);
  }
  const { model, heldout } = readCourseModel();
  const recipe: QuantRecipe = { scheme: { kind: 'int', ...setting } };
  const pool = new SandboxPool({ size: 1 });
  let learnerModel: Model, e: ReturnType<typeof exportLearnerGguf>;
  try {
    const run = await runQuantizerCalls(nodeRunner(pool), model, recipe, code, labQuantizer.timeoutMs ?? LEARNER_TIMEOUT_MS);
    // The lab's checks first (block count, codes that fit the bits, finite scales), then the format's own.
    learnerModel = quantizeModel(model, { scheme: { kind: 'int', ...setting, quantizer: answeredQuantizer(run.answers) } }).model;
    e = exportLearnerGguf(exportSourceOf(model), setting, run.answers as Map<string, LearnerBlock[]>, f32ToF16Bits);
  } catch (x) {
    if (x instanceof UsageError) throw x;
    err(`quantcourse: ${x instanceof LearnerCodeError ? '' : 'your quantizeBlocks ran, but its blocks cannot be written as a GGUF: '}${(x as Error).message}\n`);
    return 1;
  } finally {
    await pool.close();
  }
  try {
    writeFileSync(o.output, e.bytes);
  } catch (x) {
    throw new UsageError(`cannot write ${o.output}: ${(x as Error).message}`);
  }
  const T = e.type.toUpperCase();
  out(`wrote ${o.output}: ${e.bytes.length} bytes, your quantizeBlocks at ${learnerSettingText(setting)} as ${T}\n`);
  out(exportTable(e));
  // What the file's float16 scales cost: the lab's row (the learner's scales as returned) against the file, read back.
  const tokens = encode(model.manifest, heldout);
  const yours = perplexityOf(learnerModel, tokens);
  const file = perplexityOf(await withGgufTensors(model, bytesSource(e.bytes)), tokens);
  out(`${T} stores each block's scale${e.type.endsWith('_1') ? ' and minimum' : ''} as float16, so the file holds your codes times rounded scales.\n`);
  out(`held-out perplexity: ${yours.toFixed(4)} with your scales as returned (the lab's row), ${file.toFixed(4)} from the file (${((file / yours - 1) * 100).toFixed(4)}%)\n`);
  return 0;
}
