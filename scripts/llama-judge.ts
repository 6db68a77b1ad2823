/**
 * Prints the judge's measurements: for the float GGUF and each quantized one, the held-out perplexity by
 * the course's forward pass (on the tensors read back from the file) and by real llama.cpp, their relative
 * gap, the rms difference of ln p(next character) per prediction, and the relative rms difference of the logits.
 * `npx node scripts/llama-judge.ts` (about a minute); lessons/lab.mdx quotes its output, and
 * tests/llama-cpp/judge.test.ts holds the same comparisons to their tolerances.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encode } from '../src/core/model/tokenizer.ts';
import { EXPORT_SCHEMES } from '../src/core/model/gguf-export.ts';
import { readCourseModel } from '../src/lab/node-model.ts';
import { judgeScheme } from '../tools/llama-cpp/compare.ts';

const { model, heldout } = readCourseModel();
const tokens = encode(model.manifest, heldout);
const dir = mkdtempSync(join(tmpdir(), 'quantcourse-llama-judge-'));
try {
  console.log(`held-out slice: ${tokens.length} characters, windows of ${model.config.context}`);
  console.log(`${'scheme'.padEnd(8)}${'course'.padStart(10)}${'llama.cpp'.padStart(11)}${'gap'.padStart(11)}${'rms Δln p'.padStart(11)}${'logits Δ'.padStart(10)}  types`);
  for (const scheme of EXPORT_SCHEMES) {
    const j = await judgeScheme(model, tokens, scheme, dir);
    const types = [...new Set(j.tensors.map((t) => t.type))].join('/');
    const e = (x: number, w: number) => x.toExponential(2).padStart(w);
    console.log(`${scheme.padEnd(8)}${j.course.toFixed(5).padStart(10)}${j.llama.toFixed(5).padStart(11)}${e(j.gap, 11)}${e(j.lnpRms, 11)}${e(j.logitRelRms, 10)}  ${types}`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
