/**
 * The lab's figures as the lessons quote them, measured by the lab's own engine on the course model:
 * every scheme of the lab's table, the outlier table, the per-matrix map, the bit-budget planner and
 * the exercise's check of a few wrong quantizers. scripts/lab-figures.ts writes them to
 * lessons/data/lab-figures.json, which the lessons read; tests/lab/figures.test.ts recomputes them,
 * so a retrained model or a changed codec cannot leave a number in the prose behind.
 */
import {
  createBaseline, evaluateRecipe, labScheme, labSchemes, mixedPrecision, matrixSensitivity,
  LAB_BUDGET_CHOICES, LAB_OUTLIER_FRACTION, type BlockQuantizer, type Model, type QuantRecipe, type VariantResult,
} from '../core/model/index.ts';
import { QUANTIZER_CHECK_SETTINGS, type QuantizerSetting } from '../../exercises/lab-quantizer/settings.ts';
import { checkedQuantizer } from './answered-quantizer.ts';
import { checkQuantizerOnModel, settingRecipe } from './quantizer-check.ts';
import { TOKEN_TYPES } from '../core/model/manifest.ts';

/** One measured row: what the lab's table shows for a scheme (its KL statistics left out). */
export type RowFigures = Omit<VariantResult, 'stats'>;

/** A quantizer's perplexity and mean KL at one of the exercise's check settings. */
export interface CheckFigures {
  setting: QuantizerSetting;
  perplexity: number;
  meanKl: number;
}

/** Everything the lessons quote from the lab, as plain JSON. */
export interface LabFigures {
  model: {
    /** The network's shape, as the lesson's table describes it. */
    architecture: { layers: number; heads: number; width: number; context: number; ffnWidth: number; vocabulary: number; characters: number };
    parameters: number;
    floatBytes: number;
    /** Weights in the linear matrices the lab quantizes. */
    linearParameters: number;
    matrices: string[];
    /** Characters of the held-out slice the lab scores, and the predictions made on them. */
    heldoutCharacters: number;
    predictions: number;
    perplexity: number;
    /** The same measured on all of the held-out 10% of the book (the slice is a part of it). */
    wholeHeldout: { characters: number; predictions: number; perplexity: number };
  };
  /** Every scheme the lab lists, by its id (labSchemes). */
  schemes: Record<string, RowFigures>;
  /** The outlier table (the largest `fraction` of each matrix kept in float32), off and on, for two 4-bit symmetric settings. */
  outliers: { fraction: number; perMatrix: { without: RowFigures; with: RowFigures }; blocks32: { without: RowFigures; with: RowFigures } };
  /** Mean KL with only one matrix quantized, per scheme id, in the model's matrix order. */
  sensitivity: Record<string, Record<string, number>>;
  /** The planner at each budget (bits per weight): the format it gives each matrix, and the mix measured. */
  budget: { choices: string[]; plans: Record<string, { plan: Record<string, string>; result: RowFigures }> };
  /** The exercise's check: the course's quantizer and each named wrong one, at every check setting. */
  quantizer: { course: CheckFigures[]; mistakes: Record<string, CheckFigures[]> };
}

/** A learner's quantizeBlocks, as an exercise submission exports it. */
export type SubmittedQuantizer = (values: number[], bits: number, blockSize: number, scheme: 'symmetric' | 'asymmetric') => unknown;

/** The schemes whose one-matrix map the lessons quote. */
export const SENSITIVITY_SCHEMES = ['int2-asym', 'q4_0'] as const;
/** The budgets the lessons quote, in bits per weight. */
export const QUOTED_BUDGETS = [4, 4.5] as const;

/** A table row without the full KL statistics (the lessons quote none of them). */
function row(r: VariantResult): RowFigures {
  return { bitsPerWeight: r.bitsPerWeight, bytes: r.bytes, perplexity: r.perplexity, perplexityChange: r.perplexityChange, meanKl: r.meanKl, top1: r.top1 };
}

/**
 * Measure every figure the lessons quote on `model` over `heldout`, in place (deterministic: the same
 * weights give the same numbers to the bit). `wholeHeldout` is all of the book's held-out 10%, of which
 * `heldout` is the lab's slice; `mistakes` are wrong quantizeBlocks functions by name, graded as the
 * exercise grades them.
 */
export async function labFigures(
  model: Model,
  heldout: string,
  wholeHeldout: string,
  mistakes: Readonly<Record<string, SubmittedQuantizer>>,
): Promise<LabFigures> {
  const base = createBaseline(model, heldout);
  const linear = model.manifest.linear;
  const evaluate = (recipe: QuantRecipe) => row(evaluateRecipe(base, recipe));
  const alone = (scheme: QuantRecipe['scheme'], name: string) => evaluateRecipe(base, { scheme: { kind: 'float' }, overrides: { [name]: scheme } }).meanKl;

  const schemes = Object.fromEntries(labSchemes().map((s) => [s.id, evaluate({ scheme: s.scheme })]));

  const perMatrix = labScheme('int4-sym-tensor').scheme;
  const blocks32 = { kind: 'int', bits: 4, blockSize: 32, scheme: 'symmetric' } as const;
  const outliers = {
    fraction: LAB_OUTLIER_FRACTION,
    perMatrix: { without: evaluate({ scheme: perMatrix }), with: evaluate({ scheme: perMatrix, outlierFraction: LAB_OUTLIER_FRACTION }) },
    blocks32: { without: evaluate({ scheme: blocks32 }), with: evaluate({ scheme: blocks32, outlierFraction: LAB_OUTLIER_FRACTION }) },
  };

  const sensitivity: LabFigures['sensitivity'] = {};
  for (const id of SENSITIVITY_SCHEMES) {
    const scheme = labScheme(id).scheme;
    const map = await matrixSensitivity(linear, async (name) => alone(scheme, name));
    sensitivity[id] = Object.fromEntries(map.map((m) => [m.name, m.meanKl]));
  }

  // Every choice is measured on every matrix once, then planned at each budget, as the lab's planner does.
  const choices = LAB_BUDGET_CHOICES.map((id) => ({ id, scheme: labScheme(id).scheme }));
  const matrices = linear.map((name) => ({ name, weights: model.tensors[name]!.length }));
  const measured = new Map<string, number>();
  const klAlone = async (c: { id: string; scheme: QuantRecipe['scheme'] }, name: string) => {
    const key = `${c.id} ${name}`;
    if (!measured.has(key)) measured.set(key, alone(c.scheme, name));
    return measured.get(key)!;
  };
  const plans: LabFigures['budget']['plans'] = {};
  for (const budget of QUOTED_BUDGETS) {
    const plan = await mixedPrecision(matrices, choices, budget, klAlone);
    plans[String(budget)] = {
      plan: Object.fromEntries(linear.map((name) => [name, plan[name]!.id])),
      result: evaluate({ scheme: { kind: 'float' }, overrides: Object.fromEntries(linear.map((name) => [name, plan[name]!.scheme])) }),
    };
  }

  // The exercise's judgement in place: the learner's function wrapped as the lab wraps answers (its blocks checked first).
  // The course's quantizer is measured once per setting and shared by every mistake's check.
  const courseResults = QUANTIZER_CHECK_SETTINGS.map((s) => evaluateRecipe(base, settingRecipe(s)));
  const course = QUANTIZER_CHECK_SETTINGS.map((setting, i): CheckFigures => ({ setting, perplexity: courseResults[i]!.perplexity, meanKl: courseResults[i]!.meanKl }));
  const mistakeFigures: LabFigures['quantizer']['mistakes'] = {};
  for (const [name, fn] of Object.entries(mistakes)) {
    const quantizer: BlockQuantizer = checkedQuantizer((values, bits, blockSize, scheme) => fn(values, bits, blockSize, scheme) as ReturnType<BlockQuantizer>);
    const checks = await checkQuantizerOnModel(QUANTIZER_CHECK_SETTINGS, {
      course: async (_recipe, i) => courseResults[i]!,
      yours: async (recipe) => evaluateRecipe(base, { ...recipe, scheme: { ...(recipe.scheme as Extract<QuantRecipe['scheme'], { kind: 'int' }>), quantizer } }),
    });
    mistakeFigures[name] = checks.map((c) => ({ setting: c.setting, perplexity: c.check.perplexity.yours, meanKl: c.check.meanKl.yours }));
  }

  const whole = createBaseline(model, wholeHeldout);
  return {
    model: {
      architecture: {
        layers: model.config.layers, heads: model.config.heads, width: model.config.width, context: model.config.context, ffnWidth: model.config.ffnWidth,
        vocabulary: model.config.vocabSize, characters: model.manifest.tokens.filter((t) => t.type === TOKEN_TYPES.normal).length,
      },
      parameters: model.manifest.tensors.reduce((n, t) => n + t.length, 0),
      floatBytes: 4 * model.manifest.tensors.reduce((n, t) => n + t.length, 0),
      linearParameters: matrices.reduce((n, m) => n + m.weights, 0),
      matrices: linear.slice(),
      heldoutCharacters: heldout.length,
      predictions: base.targets.length,
      perplexity: base.perplexity,
      wholeHeldout: { characters: wholeHeldout.length, predictions: whole.targets.length, perplexity: whole.perplexity },
    },
    schemes,
    outliers,
    sensitivity,
    budget: { choices: choices.map((c) => c.id), plans },
    quantizer: { course, mistakes: mistakeFigures },
  };
}
