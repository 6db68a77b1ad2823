/**
 * An illustrative sentence with the probability a made-up model gives each token when it is next
 * (not a real model's output): easy continuations score high, surprising words low.
 */
export const TOKENS: readonly { text: string; p: number }[] = [
  { text: 'Quantization', p: 1 }, // the first token has no prediction; never scored
  { text: ' stores', p: 0.12 }, { text: ' each', p: 0.31 }, { text: ' weight', p: 0.72 }, { text: ' in', p: 0.55 },
  { text: ' fewer', p: 0.18 }, { text: ' bits', p: 0.94 }, { text: ',', p: 0.47 }, { text: ' so', p: 0.36 },
  { text: ' the', p: 0.62 }, { text: ' model', p: 0.81 }, { text: ' needs', p: 0.29 }, { text: ' less', p: 0.66 },
  { text: ' memory', p: 0.88 }, { text: ' and', p: 0.52 }, { text: ' runs', p: 0.21 }, { text: ' faster', p: 0.74 }, { text: '.', p: 0.9 },
];
