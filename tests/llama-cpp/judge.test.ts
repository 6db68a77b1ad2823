/**
 * THE JUDGE: real llama.cpp (node-llama-cpp 3.22.1's prebuilt CPU binary, a devDependency; no build, no
 * download, no network) loads the GGUF files the course writes for its committed lab model and is held to
 * the course's own numbers:
 * - it tokenizes the course's text one character per token, with the course's ids (newline and space too);
 * - on the float32 file its held-out perplexity equals the course forward pass's within 1e-4 relative;
 * - on each quantized file it agrees with the course forward pass run on THAT file's tensors (read back and
 *   dequantized by the core) within QUANTIZED_TOLERANCE (tools/llama-cpp/tolerance.ts explains it); and much closer than either is
 *   to the float model, so the file's bytes mean in llama.cpp what the course says they mean.
 * `npx node scripts/llama-judge.ts` prints the same measurements and writes the ones lessons/lab.mdx quotes.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { f32ToF16Bits } from '../../src/core/floats/half.ts';
import { EXPORT_SCHEMES, exportGguf, exportSourceOf } from '../../src/core/model/gguf-export.ts';
import { decode, encode } from '../../src/core/model/tokenizer.ts';
import { readCourseModel } from '../../src/lab/node-model.ts';
import { coursePerplexity, judgeScheme } from '../../tools/llama-cpp/compare.ts';
import { loadGguf } from '../../tools/llama-cpp/judge.ts';
import { LNP_RMS_BOUND, QUANTIZED_TOLERANCE } from '../../tools/llama-cpp/tolerance.ts';
import { JUDGE_FILE, type JudgeFile } from '../../scripts/llama-judge.ts';


const { model, heldout } = readCourseModel();
/** The measurements lab.mdx quotes (scripts/llama-judge.ts writes them). */
const quoted = JSON.parse(readFileSync(JUDGE_FILE, 'utf8')) as JudgeFile;
const STALE = 'lessons/data/llama-judge.json is not what the judge measures on the committed model: run `npx node scripts/llama-judge.ts` and commit it';
const tokens = encode(model.manifest, heldout);
let dir = '';
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'quantcourse-judge-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('llama.cpp reads the course vocabulary as the course does', () => {
  it('one character per token, the course\'s ids, newline and space included', async () => {
    const path = join(dir, 'vocab.gguf');
    writeFileSync(path, exportGguf(exportSourceOf(model), 'f32', f32ToF16Bits).bytes);
    const judged = await loadGguf(path, model.config.context);
    try {
      const text = decode(model.manifest, tokens); // the held-out slice after the course's character map
      expect(text).toContain('\n');
      expect(text).toContain(' ');
      const ids = judged.tokenize(text);
      expect(ids.length).toBe(text.length);
      expect(ids).toEqual(Array.from(tokens));
      expect(judged.vocabSize).toBe(model.config.vocabSize);
    } finally {
      await judged.dispose();
    }
  });
});

describe('llama.cpp\'s held-out perplexity', () => {
  const base = coursePerplexity(model, tokens);

  it('float32 file: equal to the course forward pass\'s within 1e-4 relative', async () => {
    const j = await judgeScheme(model, tokens, 'f32', dir);
    expect(j.course).toBe(base); // the file holds the model's float32 values exactly
    expect(Math.abs(j.gap)).toBeLessThan(1e-4);
    // Stronger than 1e-4: every logit agrees to float32 rounding (measured 2e-7 relative rms).
    expect(j.logitRelRms).toBeLessThan(1e-5);
    expect(quoted.rows.find((r) => r.scheme === 'f32')?.course, STALE).toBe(j.course);
  });

  it('the lesson quotes every scheme the exporter writes, and its words fit the quoted numbers', () => {
    expect(quoted.rows.map((r) => r.scheme), STALE).toEqual([...EXPORT_SCHEMES]);
    expect(quoted.predictions, STALE).toBe(tokens.length - 1);
    // lab.mdx: "for Q8_0 that is more than quantizing the weights itself costs".
    const q8 = quoted.rows.find((r) => r.scheme === 'q8_0')!;
    expect(Math.abs(q8.gap)).toBeGreaterThan(Math.abs(q8.course / base - 1));
  });

  for (const scheme of EXPORT_SCHEMES.filter((s) => s !== 'f32')) {
    it(`${scheme} file: within ${QUANTIZED_TOLERANCE} of the course forward pass on the file's own tensors`, async () => {
      const j = await judgeScheme(model, tokens, scheme, dir);
      expect(Math.abs(j.gap), `llama.cpp ${j.llama}, course ${j.course}`).toBeLessThan(QUANTIZED_TOLERANCE);
      expect(j.lnpRms).toBeLessThan(LNP_RMS_BOUND);
      // The lesson's row: the course's side to the bit; llama.cpp's within the tolerance (its CPU kernels differ by machine).
      const row = quoted.rows.find((r) => r.scheme === scheme);
      expect(row?.course, STALE).toBe(j.course);
      expect(row!.types, STALE).toEqual([...new Set(j.tensors.map((t) => t.type))]);
      expect(Math.abs(row!.llama / j.llama - 1), STALE).toBeLessThan(QUANTIZED_TOLERANCE);
      // Where quantizing moves the perplexity clearly, llama.cpp moves it the same way, not back to the float model's.
      const moved = Math.abs(j.course / base - 1);
      if (moved > 4 * QUANTIZED_TOLERANCE) expect(Math.abs(j.llama - j.course)).toBeLessThan(0.25 * Math.abs(j.course - base));
    });
  }
});
