/**
 * The judge's measurements: for the float GGUF and each quantized one, the held-out perplexity by the
 * course's forward pass (on the tensors read back from the file) and by real llama.cpp, their relative
 * gap, the rms difference of ln p(next character) per prediction, and the relative rms difference of the
 * logits. `npx node scripts/llama-judge.ts` prints them and writes lessons/data/llama-judge.json, which
 * lessons/lab.mdx quotes; tests/llama-cpp/judge.test.ts holds the file to fresh measurements.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { encode } from '../src/core/model/tokenizer.ts';
import { EXPORT_SCHEMES } from '../src/core/model/gguf-export.ts';
import { readCourseModel } from '../src/lab/node-model.ts';
import { judgeScheme } from '../tools/llama-cpp/compare.ts';

/** Where the measurements are written for the lesson. */
export const JUDGE_FILE = new URL('../lessons/data/llama-judge.json', import.meta.url);

/** One measured file, as the lesson quotes it. */
export interface JudgeRow {
  scheme: string;
  /** The ggml types the file holds, e.g. ["F32", "IQ4_NL", "Q2_K"]. */
  types: string[];
  course: number;
  llama: number;
  gap: number;
  lnpRms: number;
  logitRelRms: number;
}

/** What lessons/data/llama-judge.json holds. */
export interface JudgeFile {
  command: string;
  llamaCpp: string;
  predictions: number;
  rows: JudgeRow[];
}

/** Measure every export scheme of the committed model in llama.cpp and in the course. */
export async function measureJudge(): Promise<JudgeFile> {
  const { model, heldout } = readCourseModel();
  const tokens = encode(model.manifest, heldout);
  const dir = mkdtempSync(join(tmpdir(), 'quantcourse-llama-judge-'));
  // The package's exports hide its package.json: read it beside the resolved entry point's dist/.
  const entry = createRequire(import.meta.url).resolve('node-llama-cpp');
  const version = (JSON.parse(readFileSync(join(entry.slice(0, entry.lastIndexOf('/dist/')), 'package.json'), 'utf8')) as { version: string }).version;
  try {
    const rows: JudgeRow[] = [];
    for (const scheme of EXPORT_SCHEMES) {
      const j = await judgeScheme(model, tokens, scheme, dir);
      rows.push({ scheme, types: [...new Set(j.tensors.map((t) => t.type))], course: j.course, llama: j.llama, gap: j.gap, lnpRms: j.lnpRms, logitRelRms: j.logitRelRms });
    }
    return { command: 'npx node scripts/llama-judge.ts', llamaCpp: `node-llama-cpp ${version} (prebuilt CPU binary)`, predictions: tokens.length - 1, rows };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const f = await measureJudge();
  const e = (x: number, w: number) => x.toExponential(2).padStart(w);
  console.log(`${f.llamaCpp}; held-out slice: ${f.predictions} predictions`);
  console.log(`${'scheme'.padEnd(8)}${'course'.padStart(10)}${'llama.cpp'.padStart(11)}${'gap'.padStart(11)}${'rms Δln p'.padStart(11)}${'logits Δ'.padStart(10)}  types`);
  for (const r of f.rows) console.log(`${r.scheme.padEnd(8)}${r.course.toFixed(5).padStart(10)}${r.llama.toFixed(5).padStart(11)}${e(r.gap, 11)}${e(r.lnpRms, 11)}${e(r.logitRelRms, 10)}  ${r.types.join('/')}`);
  writeFileSync(JUDGE_FILE, JSON.stringify(f, null, 2) + '\n');
  console.log(`wrote ${fileURLToPath(JUDGE_FILE)}`);
}
