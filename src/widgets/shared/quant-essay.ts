/**
 * The essay's measurements for Qwen3.5 9B (wikitext-2 perplexity, mean KL against bf16, GPQA Diamond,
 * generation speed), as the essay reports them. Bits per weight of the llama.cpp types
 * come from the core; the rest are measured numbers that no formula reproduces.
 */
import { blockFormatBitsPerWeight, ggmlBitsPerWeight } from '../../core/index.ts';

/** One format's row of the essay's results table. */
export interface EssayResult {
  /** Short name, as llama.cpp spells the type. */
  type: string;
  /** What the format is. */
  description: string;
  bitsPerWeight: number;
  perplexity: number;
  /** Mean KL divergence from the bf16 model (null for bf16 itself). */
  meanKl: number | null;
  /** GPQA Diamond: share answered correctly and share with no answer. */
  gpqaCorrect: number;
  gpqaNoAnswer: number;
  /** Generation speed, tokens per second. */
  tpsM1Max: number;
  tpsH100: number;
}

/**
 * Q2_K per 256 values: 2-bit quants plus 16 bytes of 4-bit sub-block scales and minimums and two
 * fp16 super-block factors (d, dmin): 128 + 32 overhead bits.
 */
const Q2_K_BPW = blockFormatBitsPerWeight(2, 256, 16 * 8 + 2 * 16);

/** The essay's table, best perplexity first. */
export const ESSAY_RESULTS: readonly EssayResult[] = [
  { type: 'BF16', description: 'bfloat16', bitsPerWeight: 16, perplexity: 8.186, meanKl: null, gpqaCorrect: 0.667, gpqaNoAnswer: 0, tpsM1Max: 19.45, tpsH100: 106.85 },
  { type: 'Q8_0', description: '8-bit symmetric', bitsPerWeight: ggmlBitsPerWeight('q8_0'), perplexity: 8.193, meanKl: 0.0008, gpqaCorrect: 0.732, gpqaNoAnswer: 0, tpsM1Max: 32.36, tpsH100: 141.61 },
  { type: 'Q4_1', description: '4-bit asymmetric', bitsPerWeight: ggmlBitsPerWeight('q4_1'), perplexity: 8.563, meanKl: 0.0593, gpqaCorrect: 0.626, gpqaNoAnswer: 0.01, tpsM1Max: 43.32, tpsH100: 175.70 },
  { type: 'Q4_0', description: '4-bit symmetric', bitsPerWeight: ggmlBitsPerWeight('q4_0'), perplexity: 8.71, meanKl: 0.0675, gpqaCorrect: 0.662, gpqaNoAnswer: 0.045, tpsM1Max: 46.05, tpsH100: 177.06 },
  { type: 'Q2_K', description: '2-bit asymmetric (K-quant)', bitsPerWeight: Q2_K_BPW, perplexity: 66.1, meanKl: 2.1447, gpqaCorrect: 0.01, gpqaNoAnswer: 0.97, tpsM1Max: 40.25, tpsH100: 166.90 },
];

/** The model the essay measured: Qwen3.5 with about 9 billion parameters. */
export const ESSAY_MODEL = { name: 'Qwen3.5 9B', params: 9e9 } as const;

/** The two machines the essay timed, with their memory bandwidth in GB/s. */
export const MACHINES = [
  { id: 'm1max', name: 'M1 Max', bandwidthGBs: 400 },
  { id: 'h100', name: 'H100', bandwidthGBs: 3350 },
] as const;
