import { tokensPerSecond } from '../../src/core/index.ts';
import { defineExercise } from '../../src/grading/exercise.ts';

export default defineExercise({
  id: 'tokens-per-second',
  title: 'Tokens per second from memory bandwidth',
  statement: `Implement \`tokensPerSecond(params, bitsPerWeight, bandwidthGBs)\`.

Generating one token reads every weight once, so the memory traffic per token is the model's size in bytes. With a memory bandwidth of \`bandwidthGBs\` gigabytes per second (1 GB = 10^9 bytes), return the upper bound on tokens per second: bandwidth ÷ bytes per token.

Compared with a relative tolerance of 1e-12.`,
  functions: ['tokensPerSecond'],
  reference: { tokensPerSecond: (params: number, bits: number, bw: number) => tokensPerSecond(params, bits, bw) },
  examples: [
    { fn: 'tokensPerSecond', args: [9e9, 16, 400], kind: 'a 9B model in 16-bit on a 400 GB/s laptop' },
    { fn: 'tokensPerSecond', args: [9e9, 4.5, 3350], kind: 'the same model in Q4_0 on a 3,350 GB/s GPU' },
  ],
  rules: [
    { id: 'bytes-per-token', states: "the memory traffic per token is the model's size in bytes" },
    { id: 'gigabyte', states: '(1 GB = 10^9 bytes)' },
    { id: 'bound', states: 'return the upper bound on tokens per second: bandwidth ÷ bytes per token' },
  ],
  generate(rng) {
    const params = Math.round(rng.uniform(0.5, 400) * 10) / 10 * 1e9;
    const bits = rng.pick([32, 16, 8.5, 5, 4.5, 2.625]);
    const bw = rng.pick([50, 100, 273, 400, 819, 1008, 2039, 3350, 8000]);
    return { fn: 'tokensPerSecond', args: [params, bits, bw], kind: `${params / 1e9}B parameters at ${bits} bits, ${bw} GB/s` };
  },
  tolerance: { '*': { rel: 1e-12, abs: 0 } },
  hints: [
    'Bytes per token = params × bitsPerWeight / 8.',
    'Bandwidth in bytes per second is bandwidthGBs × 1e9.',
  ],
});
