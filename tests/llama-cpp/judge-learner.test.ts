/**
 * THE JUDGE on a learner's file: the GGUF written from solutions/quantize-blocks.ts's own blocks (4-bit symmetric,
 * blocks of 32, so Q4_0; src/core/model/gguf-learner.ts) loads in real llama.cpp, and its held-out perplexity
 * agrees with the course forward pass on the file's own tensors within the judge's tolerance
 * (tools/llama-cpp/tolerance.ts explains it: llama.cpp's kernels round activations to 8 bits).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { f32ToF16Bits } from '../../src/core/floats/half.ts';
import { exportSourceOf } from '../../src/core/model/gguf-export.ts';
import { exportLearnerGguf } from '../../src/core/model/gguf-learner.ts';
import { encode } from '../../src/core/model/tokenizer.ts';
import { readCourseModel } from '../../src/lab/node-model.ts';
import { coursePerplexity, judgeExport } from '../../tools/llama-cpp/compare.ts';
import { LNP_RMS_BOUND, QUANTIZED_TOLERANCE } from '../../tools/llama-cpp/tolerance.ts';
import { quantizeBlocks } from '../../solutions/quantize-blocks.ts';


const { model, heldout } = readCourseModel();
const tokens = encode(model.manifest, heldout);
const dir = mkdtempSync(join(tmpdir(), 'quantcourse-judge-learner-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('llama.cpp on the learner\'s own quantizeBlocks file', () => {
  it('4-bit symmetric, blocks of 32 (Q4_0): loads, and its perplexity agrees with the course\'s on the file\'s tensors', async () => {
    const setting = { bits: 4, blockSize: 32, scheme: 'symmetric' } as const;
    const blocks = new Map(model.manifest.linear.map((n) => [n, quantizeBlocks(Array.from(model.tensors[n]!), 4, 32, 'symmetric')]));
    const e = exportLearnerGguf(exportSourceOf(model), setting, blocks, f32ToF16Bits);
    const j = await judgeExport(model, tokens, e, join(dir, 'learner-q4_0.gguf'));
    expect(new Set(j.tensors.map((t) => t.type))).toEqual(new Set(['F32', 'Q4_0']));
    expect(Math.abs(j.gap), `llama.cpp ${j.llama}, course ${j.course}`).toBeLessThan(QUANTIZED_TOLERANCE);
    expect(j.lnpRms).toBeLessThan(LNP_RMS_BOUND);
    // Quantizing moved the perplexity clearly; llama.cpp moves it the same way, not back to the float model's.
    const base = coursePerplexity(model, tokens);
    expect(Math.abs(j.course / base - 1)).toBeGreaterThan(4 * QUANTIZED_TOLERANCE);
    expect(Math.abs(j.llama - j.course)).toBeLessThan(0.25 * Math.abs(j.course - base));
    console.log(`learner Q4_0: course ${j.course.toFixed(5)}, llama.cpp ${j.llama.toFixed(5)} (gap ${j.gap.toExponential(2)}, ln p rms ${j.lnpRms.toFixed(4)}), float ${base.toFixed(5)}`);
  });
});
