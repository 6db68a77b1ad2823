// How far real llama.cpp may differ from the course on a quantized file, and why (tests/llama-cpp/judge*.test.ts use it).
/**
 * Why quantized files may differ at all, and by how much. For a matrix product with quantized weights,
 * llama.cpp's CPU kernels first quantize the activations to 8 bits (Q8_0/Q8_1 blocks of 32 beside the
 * 32-blocks, Q8_K blocks of 256 beside the K-quants): each activation is rounded to a step of amax/127 of its
 * block, an independent error of either sign. Each prediction's ln p therefore moves a little:
 * scripts/llama-judge.ts measures the rms move at 0.022–0.026 nats (0.037–0.042 for files with K-quants,
 * whose blocks of 256 have coarser steps), against 8e-7 for the float32 file. The relative perplexity gap is
 * the mean move over the slice's N = 5,120 predictions, made of two parts:
 * - noise: the moves are of either sign and cancel to a standard error of rms/√N ≤ 0.042/72 ≈ 6e-4;
 * - bias: noise in the logits costs likelihood on average (−ln softmax is convex), about half the variance
 *   of the move, ≤ rms² ≈ 1.8e-3; so llama.cpp's perplexity comes out slightly higher, measured 7e-5 to 1.9e-3.
 * The tolerance is the bias bound plus four standard errors, 1.8e-3 + 2.4e-3 ≈ 4e-3. A misread byte (a wrong
 * scale, a swapped nibble order) moves ln p by far more than 0.04 nats per prediction, which the rms bound
 * catches even where the mean might cancel.
 */
export const QUANTIZED_TOLERANCE = 4e-3;
/** Activation rounding alone moves ln p by ≤ 0.042 nats rms (measured); a wrong weight moves it by more. */
export const LNP_RMS_BOUND = 0.08;
