/**
 * The tiny network the widget draws: 2 inputs → 3 hidden ReLU neurons → 1 linear output, with fixed
 * weights. Its forward pass is a couple of dot products; the memory maths comes from the core.
 */

/** One neuron's parameters: a weight per incoming connection and a bias. */
export interface Neuron {
  weights: number[];
  bias: number;
}

/** Hidden layer (3 neurons, 2 weights each) and output neuron (3 weights). */
export const HIDDEN: Neuron[] = [
  { weights: [0.8, -0.5], bias: 0.1 },
  { weights: [-0.3, 0.9], bias: -0.2 },
  { weights: [0.6, 0.4], bias: 0 },
];
export const OUTPUT: Neuron = { weights: [1.2, -0.7, 0.5], bias: 0.05 };

/** Number of parameters (every weight and bias). */
export const PARAMS = [...HIDDEN, OUTPUT].reduce((n, u) => n + u.weights.length + 1, 0);

/** Activations of every layer for inputs x. */
export function forward(x: number[]): { hidden: number[]; output: number } {
  const dot = (u: Neuron, v: number[]) => u.weights.reduce((s, w, i) => s + w * v[i]!, u.bias);
  const hidden = HIDDEN.map((u) => Math.max(0, dot(u, x)));
  return { hidden, output: dot(OUTPUT, hidden) };
}
