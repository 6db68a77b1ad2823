/**
 * Quantizing the model's linear matrices with a named scheme, through the core's quantizers
 * (quantizeGgml/dequantizeGgml, quantizeBlocks/dequantizeBlocks, splitOutliers/restoreOutliers),
 * and counting the bits each scheme stores. Matrices are [out, in] row-major, so consecutive
 * blocks run along the input dimension.
 */
import { dequantizeGgml, ggmlBlockSize, quantizeGgml, type GgmlType } from '../ggml/index.ts';
import { blockSchemeBitsPerWeight, dequantizeBlocks, quantizeBlocks, type Scheme } from '../quant/blocks.ts';
import { restoreOutliers, splitOutliers, type Outlier } from '../quant/outliers.ts';
import {
  assembleQuantized, checkScheme, FLOAT_BITS, OUTLIER_BITS, schemeFor,
  type MatrixScheme, type QuantizedModel, type QuantRecipe,
} from './recipe.ts';
import type { Model } from './weights.ts';

// The recipe types, checks and costs live in recipe.ts (which loads no quantizer); they are part of this module's API.
export {
  assembleQuantized, checkScheme, LAB_BUDGET_CHOICES, LAB_OUTLIER_FRACTION, labScheme, labSchemes, OUTLIER_BITS, schemeBitsPerWeight, schemeFor,
  type BlockQuantizer, type MatrixScheme, type NamedScheme, type QuantizedModel, type QuantRecipe,
} from './recipe.ts';

/** A quantized-then-dequantized matrix and the bits its stored form takes. */
export interface QuantizedMatrix {
  values: Float32Array;
  bits: number;
  outliers: number;
}

/** The weights left for the blocks once the outlier table took the largest `fraction` of them (|w|), and the table. */
export function outlierSplit(values: Float32Array, fraction: number): { rest: Float32Array; outliers: Outlier[] } {
  if (!(fraction >= 0 && fraction < 0.5)) throw new RangeError(`outlierFraction must be in [0, 0.5), got ${fraction}`);
  const k = Math.round(fraction * values.length);
  if (k === 0) return { rest: values, outliers: [] };
  const split = splitOutliers(Array.from(values), k);
  return { rest: Float32Array.from(split.values), outliers: split.outliers };
}

/** Quantize and dequantize one matrix; `name` labels error messages and is passed to the scheme's block quantizer. */
export function quantizeMatrix(values: Float32Array, s: MatrixScheme, outlierFraction = 0, name = 'matrix'): QuantizedMatrix {
  checkScheme(s);
  if (s.kind === 'float') {
    if (!(outlierFraction >= 0 && outlierFraction < 0.5)) throw new RangeError(`outlierFraction must be in [0, 0.5), got ${outlierFraction}`);
    return { values, bits: FLOAT_BITS * values.length, outliers: 0 };
  }
  const { rest, outliers: side } = outlierSplit(values, outlierFraction);
  let out: Float32Array, bits: number;
  if (s.kind === 'ggml') ({ values: out, bits } = roundTripGgml(rest, s.type));
  else ({ values: out, bits } = roundTripInt(rest, s, name));
  if (side.length) out = Float32Array.from(restoreOutliers(Array.from(out), side));
  return { values: out, bits: bits + side.length * OUTLIER_BITS, outliers: side.length };
}

/** A ggml round trip; a matrix that is not a whole number of blocks is padded with zeros, and the padding is paid for. */
function roundTripGgml(values: Float32Array, type: GgmlType): { values: Float32Array; bits: number } {
  const bs = ggmlBlockSize(type);
  const padded = Math.ceil(values.length / bs) * bs;
  const src = padded === values.length ? values : (() => {
    const p = new Float32Array(padded);
    p.set(values);
    return p;
  })();
  const bytes = quantizeGgml(type, src);
  return { values: dequantizeGgml(type, bytes, padded).subarray(0, values.length), bits: bytes.length * 8 };
}

/** An integer-block round trip through quantizeBlocks (or the scheme's own block quantizer) and dequantizeBlocks. */
function roundTripInt(values: Float32Array, s: Extract<MatrixScheme, { kind: 'int' }>, name: string): { values: Float32Array; bits: number } {
  const bs = s.blockSize === 'tensor' ? values.length : s.blockSize;
  const input = Array.from(values);
  const blocks = s.quantizer ? s.quantizer(input, s.bits, bs, s.scheme, name) : quantizeBlocks(input, s.bits, bs, s.scheme);
  const out = Float32Array.from(dequantizeBlocks(blocks));
  // Scales and zero points are counted as 16-bit numbers, as in ggml's formats.
  return { values: out, bits: blockSchemeBitsPerWeight(s.bits, bs, s.scheme, 16) * values.length };
}

/** Quantize one linear matrix of the model as the recipe says (the unit of work the lab's workers share). */
export function quantizeModelMatrix(model: Model, recipe: QuantRecipe, name: string): QuantizedMatrix {
  if (!model.manifest.linear.includes(name)) throw new RangeError(`"${name}" is not a linear matrix; the matrices are ${model.manifest.linear.join(', ')}`);
  return quantizeMatrix(model.tensors[name]!, schemeFor(recipe, name), recipe.outlierFraction ?? 0, name);
}

/** Check a recipe's overrides name linear matrices. */
function checkOverrides(model: Model, recipe: QuantRecipe): void {
  const linear = model.manifest.linear;
  for (const name of Object.keys(recipe.overrides ?? {})) {
    if (!linear.includes(name)) throw new RangeError(`override for "${name}": not a linear matrix; the matrices are ${linear.join(', ')}`);
  }
}

/** Apply a recipe to every linear matrix; embeddings and norm gains stay float32. */
export function quantizeModel(model: Model, recipe: QuantRecipe): QuantizedModel {
  checkOverrides(model, recipe);
  return assembleQuantized(model, model.manifest.linear.map((name) => ({ name, ...quantizeModelMatrix(model, recipe, name) })));
}

/** One call a scheme's block quantizer will get: which matrix, and the arguments. */
export interface QuantizerCall {
  matrix: string;
  values: number[];
  bits: number;
  blockSize: number;
  scheme: Scheme;
}

/**
 * The calls quantizeModel makes to a block quantizer for this recipe, in order, with the same
 * arguments (weights after the outlier split, 'tensor' resolved to the matrix size), so that they can
 * be answered elsewhere first.
 */
export function quantizerCalls(model: Model, recipe: QuantRecipe): QuantizerCall[] {
  checkOverrides(model, recipe);
  const calls: QuantizerCall[] = [];
  for (const name of model.manifest.linear) {
    const s = schemeFor(recipe, name);
    checkScheme(s);
    if (s.kind !== 'int') continue;
    const { rest } = outlierSplit(model.tensors[name]!, recipe.outlierFraction ?? 0);
    calls.push({ matrix: name, values: Array.from(rest), bits: s.bits, blockSize: s.blockSize === 'tensor' ? rest.length : s.blockSize, scheme: s.scheme });
  }
  return calls;
}
