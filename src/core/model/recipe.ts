/**
 * What a quantization recipe is and what it costs, without quantizing anything: the scheme types and
 * their checks, bits per weight, the lab's named schemes, and a quantized model assembled from parts
 * computed elsewhere. It takes block geometry from ggml/geometry.ts, not the codecs, so a page that
 * prices recipes and gathers results from workers (the lab) does not load the quantizers.
 */
import { GGML_TYPES, ggmlBitsPerWeight, ggmlBlockSize, type GgmlType } from '../ggml/geometry.ts';
import { blockSchemeBitsPerWeight, type QuantBlock, type Scheme } from '../quant/blocks.ts';
import { withTensors, type Model } from './weights.ts';

/**
 * A function in `quantizeBlocks`'s shape that an integer scheme uses in its place: blocks of integer
 * codes with scale and zero point. `matrix` names the matrix being quantized (a quantizer may ignore it,
 * or use it to hand back blocks computed earlier).
 */
export type BlockQuantizer = (values: number[], bits: number, blockSize: number, scheme: Scheme, matrix: string) => Pick<QuantBlock, 'values' | 'scale' | 'zero'>[];

/** How one matrix is stored. */
export type MatrixScheme =
  | { kind: 'float' }
  /** A llama.cpp block format from GGML_CODECS. */
  | { kind: 'ggml'; type: GgmlType }
  /** Integer blocks (`blockSize` 'tensor': one scale for the whole matrix); `quantizer` replaces the core's quantizeBlocks. */
  | { kind: 'int'; bits: number; blockSize: number | 'tensor'; scheme: Scheme; quantizer?: BlockQuantizer };

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
export const FLOAT_BITS = 32;

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
  q5_0: '5-bit symmetric, blocks of 32',
  q5_1: '5-bit asymmetric, blocks of 32',
  iq4_nl: '4-bit non-linear grid of 16 levels, blocks of 32',
};

/**
 * Every scheme the lab lists: the essay's six, then every other block format the core has (read from
 * GGML_TYPES, which GGML_CODECS must match, so a format added to the core appears here without a change).
 */
export function labSchemes(): NamedScheme[] {
  const listed = new Set(ESSAY_SCHEMES.map((s) => (s.scheme.kind === 'ggml' ? s.scheme.type : '')));
  const extra = GGML_TYPES
    .filter((t) => !listed.has(t))
    .map((t): NamedScheme => ({
      id: t,
      label: `${t.toUpperCase()} (${FORMAT_NOTES[t] ?? `llama.cpp format, blocks of ${ggmlBlockSize(t)}, ${ggmlBitsPerWeight(t)} bits per weight`})`,
      scheme: { kind: 'ggml', type: t },
    }));
  return [...ESSAY_SCHEMES.map((s) => ({ ...s })), ...extra];
}

/** The share of each matrix's weights the lab's outlier table keeps aside (its checkbox, and the lessons' figures). */
export const LAB_OUTLIER_FRACTION = 0.001;

/** The formats the lab's bit budget offers each matrix, cheapest first (the widget's choices and the lessons' planner figures). */
export const LAB_BUDGET_CHOICES: readonly string[] = ['q2_K', 'int3-asym', 'q4_0', 'q4_1', 'q8_0'];

/** A named scheme by id, or an error listing the ids. */
export function labScheme(id: string): NamedScheme {
  const all = labSchemes();
  const s = all.find((x) => x.id === id);
  if (!s) throw new RangeError(`unknown scheme "${id}"; known: ${all.map((x) => x.id).join(', ')}`);
  return s;
}
