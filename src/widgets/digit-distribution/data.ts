/**
 * Illustrative probabilities of the digits 0–9 as the next token after "The answer to 2 + 2 is",
 * under bf16 and four quantizations. Made up for teaching (not measured), chosen so that the KL
 * divergences from bf16 come out in the essay's order (Q8_0 < Q4_1 < Q4_0 < Q2_K) and roughly its
 * sizes. Each row sums to 1.
 */
export const DIGIT_ROWS: readonly { type: string; label: string; p: readonly number[] }[] = [
  { type: 'BF16', label: 'bf16 (the original)', p: [0.002, 0.004, 0.008, 0.010, 0.955, 0.009, 0.004, 0.003, 0.003, 0.002] },
  { type: 'Q8_0', label: 'Q8_0, 8-bit symmetric', p: [0.002, 0.005, 0.010, 0.012, 0.946, 0.011, 0.005, 0.003, 0.004, 0.002] },
  { type: 'Q4_1', label: 'Q4_1, 4-bit asymmetric', p: [0.004, 0.007, 0.025, 0.040, 0.858, 0.034, 0.013, 0.009, 0.006, 0.004] },
  { type: 'Q4_0', label: 'Q4_0, 4-bit symmetric', p: [0.005, 0.009, 0.030, 0.050, 0.826, 0.040, 0.017, 0.011, 0.007, 0.005] },
  { type: 'Q2_K', label: 'Q2_K, 2-bit K-quant', p: [0.060, 0.130, 0.220, 0.130, 0.105, 0.150, 0.080, 0.060, 0.035, 0.030] },
];
