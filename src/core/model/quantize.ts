/**
 * Quantizing the model's linear matrices with a named scheme, through the core's quantizers
 * (quantizeGgml/dequantizeGgml, quantizeBlocks/dequantizeBlocks, splitOutliers/restoreOutliers),
 * and counting the bits each scheme stores. Matrices are [out, in] row-major, so consecutive
 * blocks run along the input dimension.
 */
import { GGML_CODECS, GGML_TYPES, dequantizeGgml, ggmlBitsPerWeight, ggmlBlockSize, quantizeGgml, type GgmlType } from '../ggml/index.ts';
import { blockSchemeBitsPerWeight, dequantizeBlocks, quantizeBlocks, type QuantBlock, type Scheme } from '../quant/blocks.ts';
import { restoreOutliers, splitOutliers, type Outlier } from '../quant/outliers.ts';
import { withTensors, type Model } from './weights.ts';

/**
 * The learner's `quantizeBlocks` (the exercise's shape): blocks of integer codes with scale and zero
 * point. `matrix` names the matrix being quantized (the exercise's function ignores it; the lab uses it
 * to hand back blocks computed earlier in a sandbox).
 */
export type LearnerQuantizer = (values: number[], bits: number, blockSize: number, scheme: Scheme, matrix: string) => Pick<QuantBlock, 'values' | 'scale' | 'zero'>[];

/** How one matrix is stored. */
export type MatrixScheme =
  | { kind: 'float' }
  /** A llama.cpp block format from GGML_CODECS. */
  | { kind: 'ggml'; type: GgmlType }
  /** Integer blocks (`blockSize` 'tensor': one scale for the whole matrix); `quantizer` replaces the core's quantizeBlocks. */
  | { kind: 'int'; bits: number; blockSize: number | 'tensor'; scheme: Scheme; quantizer?: LearnerQuantizer };

/** A whole-model recipe: one scheme for every linear matrix, optional per-matrix overrides and an outlier table. */
export interface QuantRecipe {
  scheme: MatrixScheme;
  /** Matrix name → its own scheme (e.g. quantize one matrix and keep the rest float). */
  overrides?: Readonly<Record<string, MatrixScheme>>;
  /** Share of each quantized matrix's weights (largest |w|) kept aside in float32, e.g. 0.001. */
  outlierFraction?: number;
}

/** Bits an outlier costs in the side table: a 32-bit index and a float32 value. */
export const OUTLIER_BITS = 64;

/** Bits a float32 weight costs. */
const FLOAT_BITS = 32;

/** A quantized-then-dequantized matrix and the bits its stored form takes. */
export interface QuantizedMatrix {
  values: Float32Array;
  bits: number;
  outliers: number;
}

/** Check a scheme's parameters, with a message naming the bad one. */
export function checkScheme(s: MatrixScheme): void {
  if (s.kind === 'float') return;
  if (s.kind === 'ggml') {
    if (!(GGML_TYPES as string[]).includes(s.type)) throw new RangeError(`unknown block format "${s.type}"; known: ${GGML_TYPES.join(', ')}`);
    return;
  }
  if (s.kind !== 'int') throw new RangeError(`unknown scheme kind "${(s as { kind: unknown }).kind}"; use float, ggml or int`);
  if (!Number.isInteger(s.bits) || s.bits < 2 || s.bits > 16) throw new RangeError(`bits must be an integer from 2 to 16, got ${s.bits}`);
  if (s.blockSize !== 'tensor' && (!Number.isInteger(s.blockSize) || s.blockSize < 1)) throw new RangeError(`blockSize must be a positive integer or 'tensor', got ${s.blockSize}`);
  if (s.scheme !== 'symmetric' && s.scheme !== 'asymmetric') throw new RangeError(`scheme must be 'symmetric' or 'asymmetric', got ${JSON.stringify(s.scheme)}`);
  if (s.quantizer !== undefined && typeof s.quantizer !== 'function') throw new TypeError('quantizer must be a function (values, bits, blockSize, scheme) => blocks');
}

/** The weights left for the blocks once the outlier table took the largest `fraction` of them (|w|), and the table. */
export function outlierSplit(values: Float32Array, fraction: number): { rest: Float32Array; outliers: Outlier[] } {
  if (!(fraction >= 0 && fraction < 0.5)) throw new RangeError(`outlierFraction must be in [0, 0.5), got ${fraction}`);
  const k = Math.round(fraction * values.length);
  if (k === 0) return { rest: values, outliers: [] };
  const split = splitOutliers(Array.from(values), k);
  return { rest: Float32Array.from(split.values), outliers: split.outliers };
}

/** Quantize and dequantize one matrix; `name` labels error messages and is passed to a learner's quantizer. */
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

/** An integer-block round trip through quantizeBlocks (or the learner's function) and dequantizeBlocks. */
function roundTripInt(values: Float32Array, s: Extract<MatrixScheme, { kind: 'int' }>, name: string): { values: Float32Array; bits: number } {
  const bs = s.blockSize === 'tensor' ? values.length : s.blockSize;
  const input = Array.from(values);
  const blocks = s.quantizer ? s.quantizer(input, s.bits, bs, s.scheme, name) : quantizeBlocks(input, s.bits, bs, s.scheme);
  if (s.quantizer) checkLearnerBlocks(blocks, values.length, s.bits, bs, name);
  const deq = dequantizeBlocks(blocks);
  const out = Float32Array.from(deq);
  if (s.quantizer) {
    const bad = deq.findIndex((v) => !Number.isFinite(v));
    if (bad >= 0) throw new RangeError(`${name}: your quantizer's blocks dequantize to ${deq[bad]} at weight ${bad} (check scale and zero of block ${Math.floor(bad / bs)})`);
  }
  // Scales and zero points are counted as 16-bit numbers, as in ggml's formats.
  return { values: out, bits: blockSchemeBitsPerWeight(s.bits, bs, s.scheme, 16) * values.length };
}

/**
 * A learner's blocks must be what the bits pay for: one block per `blockSize` weights (the last may
 * be shorter) holding integer codes that fit in `bits` bits (at most 2^bits distinct consecutive
 * values: max − min ≤ 2^bits − 1; the zero point places them), with a finite scale and zero point.
 */
export function checkLearnerBlocks(blocks: unknown, n: number, bits: number, blockSize: number, name: string): void {
  if (!Array.isArray(blocks)) throw new TypeError(`${name}: your quantizer returned ${blocks === null ? 'null' : typeof blocks}, not an array of blocks`);
  const want = Math.ceil(n / blockSize);
  if (blocks.length !== want) throw new RangeError(`${name}: your quantizer returned ${blocks.length} blocks for ${n} weights in blocks of ${blockSize}; expected ${want}`);
  const span = 2 ** bits - 1;
  blocks.forEach((b, i) => {
    if (typeof b !== 'object' || b === null || !Array.isArray((b as QuantBlock).values)) throw new TypeError(`${name}: block ${i} from your quantizer has no values array`);
    const { values, scale, zero } = b as QuantBlock;
    if (typeof scale !== 'number' || typeof zero !== 'number' || !Number.isFinite(scale) || !Number.isFinite(zero)) {
      throw new TypeError(`${name}: block ${i} from your quantizer needs a finite numeric scale and zero, got ${JSON.stringify({ scale, zero })}`);
    }
    const size = Math.min(blockSize, n - i * blockSize);
    if (values.length !== size) throw new RangeError(`${name}: block ${i} from your quantizer holds ${values.length} values; expected ${size}`);
    let lo = Infinity, hi = -Infinity;
    for (let j = 0; j < values.length; j++) {
      const q = values[j];
      if (typeof q !== 'number' || !Number.isInteger(q)) throw new RangeError(`${name}: block ${i}, value ${j} from your quantizer is ${JSON.stringify(q)}; codes must be integers`);
      if (q < lo) lo = q;
      if (q > hi) hi = q;
    }
    if (hi - lo > span) throw new RangeError(`${name}: block ${i} from your quantizer uses codes ${lo} to ${hi}, more than the ${2 ** bits} values ${bits} bits can hold`);
  });
}

/** A quantized model and what it costs to store. */
export interface QuantizedModel {
  model: Model;
  /** Average bits per weight over the linear matrices (the quantized part). */
  bitsPerWeight: number;
  /** Bytes of the whole model: quantized linear matrices plus float32 embeddings and norm gains. */
  bytes: number;
  /** Per linear matrix: weights and stored bits. */
  matrices: { name: string; weights: number; bits: number }[];
}

/** The scheme a recipe gives one matrix. */
export function schemeFor(recipe: QuantRecipe, name: string): MatrixScheme {
  return recipe.overrides?.[name] ?? recipe.scheme;
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

/**
 * The model with quantized linear matrices swapped in, and what it costs: `parts` gives every
 * linear matrix's quantized values and stored bits (a matrix left out counts as float32).
 */
export function assembleQuantized(model: Model, parts: readonly { name: string; values: Float32Array; bits: number }[]): QuantizedModel {
  const linear = model.manifest.linear;
  const byName = new Map(parts.map((p) => [p.name, p]));
  for (const p of parts) if (!linear.includes(p.name)) throw new RangeError(`"${p.name}" is not a linear matrix; the matrices are ${linear.join(', ')}`);
  const replace: Record<string, Float32Array> = {};
  const matrices: QuantizedModel['matrices'] = [];
  for (const name of linear) {
    const p = byName.get(name);
    const weights = model.tensors[name]!.length;
    if (p) replace[name] = p.values;
    matrices.push({ name, weights, bits: p ? p.bits : FLOAT_BITS * weights });
  }
  const linearWeights = matrices.reduce((n, m) => n + m.weights, 0);
  const linearBits = matrices.reduce((n, m) => n + m.bits, 0);
  const otherWeights = Object.entries(model.tensors).reduce((n, [k, t]) => n + (linear.includes(k) ? 0 : t.length), 0);
  return {
    model: withTensors(model, replace),
    bitsPerWeight: linearBits / linearWeights,
    bytes: (linearBits + otherWeights * FLOAT_BITS) / 8,
    matrices,
  };
}

/** Apply a recipe to every linear matrix; embeddings and norm gains stay float32. */
export function quantizeModel(model: Model, recipe: QuantRecipe): QuantizedModel {
  checkOverrides(model, recipe);
  return assembleQuantized(model, model.manifest.linear.map((name) => ({ name, ...quantizeModelMatrix(model, recipe, name) })));
}

/** One call a learner's quantizer will get: which matrix, and the arguments. */
export interface QuantizerCall {
  matrix: string;
  values: number[];
  bits: number;
  blockSize: number;
  scheme: Scheme;
}

/**
 * The calls quantizeModel makes to a learner's quantizer for this recipe, in order, with the same
 * arguments (weights after the outlier split, 'tensor' resolved to the matrix size): the lab runs
 * them in a sandbox first, then quantizes with `answeredQuantizer` over the answers.
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

/** A quantizer that hands back blocks already computed per matrix (by a sandboxed learner function). */
export function answeredQuantizer(answers: ReadonlyMap<string, unknown>): LearnerQuantizer {
  return (_values, _bits, _blockSize, _scheme, matrix) => {
    if (!answers.has(matrix)) throw new RangeError(`${matrix}: no blocks were computed for this matrix`);
    return answers.get(matrix) as ReturnType<LearnerQuantizer>;
  };
}

/** Bits per weight a matrix scheme stores for a matrix of n weights (no outliers). */
export function schemeBitsPerWeight(s: MatrixScheme, n: number): number {
  checkScheme(s);
  if (s.kind === 'float') return FLOAT_BITS;
  if (s.kind === 'ggml') return n % ggmlBlockSize(s.type) ? (Math.ceil(n / ggmlBlockSize(s.type)) * ggmlBlockSize(s.type) * ggmlBitsPerWeight(s.type)) / n : ggmlBitsPerWeight(s.type);
  return blockSchemeBitsPerWeight(s.bits, s.blockSize === 'tensor' ? n : s.blockSize, s.scheme, 16);
}

/** A scheme the lab offers by name. */
export interface NamedScheme {
  id: string;
  label: string;
  scheme: MatrixScheme;
}

/** The essay's schemes, in the table's order. */
const ESSAY_SCHEMES: NamedScheme[] = [
  { id: 'q8_0', label: 'Q8_0 (8-bit symmetric, blocks of 32)', scheme: { kind: 'ggml', type: 'q8_0' } },
  { id: 'q4_1', label: 'Q4_1 (4-bit asymmetric, blocks of 32)', scheme: { kind: 'ggml', type: 'q4_1' } },
  { id: 'q4_0', label: 'Q4_0 (4-bit symmetric, blocks of 32)', scheme: { kind: 'ggml', type: 'q4_0' } },
  { id: 'int3-asym', label: '3-bit asymmetric, blocks of 32', scheme: { kind: 'int', bits: 3, blockSize: 32, scheme: 'asymmetric' } },
  { id: 'int2-asym', label: '2-bit asymmetric, blocks of 32', scheme: { kind: 'int', bits: 2, blockSize: 32, scheme: 'asymmetric' } },
  { id: 'int4-sym-tensor', label: '4-bit symmetric, one scale per matrix', scheme: { kind: 'int', bits: 4, blockSize: 'tensor', scheme: 'symmetric' } },
];

/** What the formats after the essay's are, in a few words (a format without an entry gets a generic label). */
const FORMAT_NOTES: Partial<Record<GgmlType, string>> = {
  q2_K: '2-bit k-quant: sub-blocks of 16 with 4-bit scales and minimums, fitted by search',
  q4_K: '4-bit k-quant: sub-blocks of 32 with 6-bit scales and minimums, fitted by search',
  mxfp4: '4-bit floats, blocks of 32 sharing a power-of-two scale',
  nvfp4: '4-bit floats, blocks of 16 with an FP8 scale',
};

/**
 * Every scheme the lab lists: the essay's six, then every other block format in GGML_CODECS
 * (read from the registry, so a format added to the core appears here without a change).
 */
export function labSchemes(): NamedScheme[] {
  const listed = new Set(ESSAY_SCHEMES.map((s) => (s.scheme.kind === 'ggml' ? s.scheme.type : '')));
  const extra = (Object.keys(GGML_CODECS) as GgmlType[])
    .filter((t) => !listed.has(t))
    .map((t): NamedScheme => ({
      id: t,
      label: `${t.toUpperCase()} (${FORMAT_NOTES[t] ?? `llama.cpp format, blocks of ${ggmlBlockSize(t)}, ${ggmlBitsPerWeight(t)} bits per weight`})`,
      scheme: { kind: 'ggml', type: t },
    }));
  return [...ESSAY_SCHEMES.map((s) => ({ ...s })), ...extra];
}

/** A named scheme by id, or an error listing the ids. */
export function labScheme(id: string): NamedScheme {
  const all = labSchemes();
  const s = all.find((x) => x.id === id);
  if (!s) throw new RangeError(`unknown scheme "${id}"; known: ${all.map((x) => x.id).join(', ')}`);
  return s;
}
