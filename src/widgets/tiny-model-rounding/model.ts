/**
 * The tiny fixed model: output = tanh(Σ wᵢ · cᵢ · s) for an input s, eight small weights like a real
 * layer's (all under 0.25 in magnitude) and fixed input features c. Weight rounding comes from the core.
 */
import { FORMATS, roundToFormat, type FormatName } from '../../core/index.ts';

/** The model's weights: small, as trained weights usually are. */
export const WEIGHTS = [0.21, -0.13, 0.08, 0.17, -0.04, 0.11, 0.19, -0.09];
/** How the input s spreads over the eight inputs. */
export const FEATURES = [1, -0.5, 0.8, 1.2, -1, 0.6, 0.9, -0.7];

/** The formats the weights are stored in. */
export const MODEL_FORMATS: FormatName[] = ['float32', 'bfloat16', 'e4m3fn', 'e2m1'];

/** The weights after storing them in a format (round to nearest, ties to even). */
export const storedWeights = (name: FormatName): number[] => roundToFormat(WEIGHTS, FORMATS[name]);

/** The model's output for input s with the given weights. */
export function evaluate(weights: number[], s: number): number {
  return Math.tanh(weights.reduce((acc, w, i) => acc + w * FEATURES[i]! * s, 0));
}
