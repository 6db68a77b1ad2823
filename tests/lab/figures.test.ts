/**
 * The lab's figures the lessons quote (lessons/data/lab-figures.json) are what the lab's engine
 * measures on the committed model, to the bit; the words the prose wraps around them ("halves",
 * "about a third less", "nearly quintuples") still describe them; and the lessons' formatting of them.
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { courseLabFigures, FIGURES_FILE, figuresText } from '../../scripts/lab-figures.ts';
import type { LabFigures } from '../../src/lab/figures.ts';
import { LAYER_MATRICES } from '../../src/core/model/manifest.ts';
import { check, layerRatios, mapScale, phraseText, planPhrase, pplChange, row, rowCells, spread, tens } from '../../src/lab/figures-text.ts';

/** `x` lies in [lo, hi): the range a word such as "halves" stands for. */
function between(x: number, lo: number, hi: number): void {
  expect(x).toBeGreaterThanOrEqual(lo);
  expect(x).toBeLessThan(hi);
}

const committed = (): LabFigures => JSON.parse(readFileSync(FIGURES_FILE, 'utf8')) as LabFigures;

describe('lessons/data/lab-figures.json', () => {
  let fresh: LabFigures;
  beforeAll(async () => {
    fresh = await courseLabFigures();
  });

  it('holds what the lab\'s engine measures on the committed model, to the bit', () => {
    expect(committed(), 'lessons/data/lab-figures.json differs from what the engine measures on public/model/ (the model, a codec or the lab changed): run `npx node scripts/lab-figures.ts`, read the lessons that quote it (lab.mdx, kl-divergence.mdx, outliers-and-blocks.mdx) for words the new numbers no longer fit, and commit the file').toEqual(fresh);
    expect(readFileSync(FIGURES_FILE, 'utf8'), 'lessons/data/lab-figures.json is not laid out as scripts/lab-figures.ts writes it: run `npx node scripts/lab-figures.ts`').toBe(figuresText(fresh));
  });

  it('measures all of the held-out text as the training script did, and the lab\'s slice is a little easier', () => {
    const manifest = JSON.parse(readFileSync(new URL('../../public/model/manifest.json', import.meta.url), 'utf8')) as { evaluation: { heldoutAll: { characters: number; predictions: number; perplexity: number } } };
    const whole = fresh.model.wholeHeldout;
    expect({ characters: whole.characters, predictions: whole.predictions }).toEqual({ characters: manifest.evaluation.heldoutAll.characters, predictions: manifest.evaluation.heldoutAll.predictions });
    // numpy and the core sum in different orders: the same perplexity to float32's precision, not to the bit.
    expect(Math.abs(whole.perplexity / manifest.evaluation.heldoutAll.perplexity - 1)).toBeLessThan(1e-6);
    expect(fresh.model.perplexity).toBeLessThan(whole.perplexity);
  });

  it('covers every scheme the lab lists, every matrix in the map and every quoted budget', () => {
    expect(Object.keys(fresh.schemes)).toEqual(expect.arrayContaining(['q8_0', 'q4_1', 'q4_0', 'int3-asym', 'int2-asym', 'q2_K', 'int4-sym-tensor', 'q4_K', 'nvfp4', 'mxfp4']));
    for (const map of Object.values(fresh.sensitivity)) expect(Object.keys(map)).toEqual(fresh.model.matrices);
    expect(Object.keys(fresh.budget.plans).sort()).toEqual(['4', '4.5']);
    for (const [budget, p] of Object.entries(fresh.budget.plans)) expect(p.result.bitsPerWeight).toBeLessThanOrEqual(Number(budget));
  });
});

// Words a retrained model could make false without changing a digit of the code: each claim of lab.mdx, held to the file.
describe('the words lab.mdx puts around the figures', () => {
  const f = committed();
  const s = f.schemes;
  const ratio = (a: number, b: number) => a / b;

  it('the essay\'s shape: 8 bits free, 4 bits a few percent, 2-bit blocks nearly quintuple, one scale per matrix worse than 3-bit blocks', () => {
    expect(Math.abs(s.q8_0!.perplexityChange)).toBeLessThan(0.01);
    for (const id of ['q4_0', 'q4_1']) between(s[id]!.perplexityChange, 0.01, 0.1);
    expect(s.q4_1!.perplexity).toBeLessThan(s.q4_0!.perplexity);
    const quint = ratio(s['int2-asym']!.perplexity, f.model.perplexity);
    between(quint, 4.5, 5);
    between(s['int2-asym']!.perplexity, 20, 30); // "twenty-odd"
    expect(s['int2-asym']!.top1).toBeLessThan(1 / 3);
    expect(s['int4-sym-tensor']!.perplexity).toBeGreaterThan(s['int3-asym']!.perplexity);
    expect(Math.abs(s['int4-sym-tensor']!.bitsPerWeight - s['int3-asym']!.bitsPerWeight)).toBeLessThan(0.01);
  });

  it('Q4_K loses about a third less than Q4_0 at its size; Q2_K has half the perplexity of 2-bit blocks with fewer bits, and under half the top-1 agreement', () => {
    expect(s.q4_K!.bitsPerWeight).toBe(s.q4_0!.bitsPerWeight);
    for (const r of [ratio(s.q4_K!.perplexityChange, s.q4_0!.perplexityChange), ratio(s.q4_K!.meanKl, s.q4_0!.meanKl)]) between(r, 0.6, 0.75);
    expect(s.q2_K!.bitsPerWeight).toBeLessThan(s['int2-asym']!.bitsPerWeight);
    const half = ratio(s.q2_K!.perplexity, s['int2-asym']!.perplexity);
    between(half, 0.4, 0.6);
    expect(s.q2_K!.top1).toBeLessThan(0.5);
  });

  it('Q4_0 keeps more favourites than Q4_1 although its perplexity and KL are worse', () => {
    expect(s.q4_0!.top1).toBeGreaterThan(s.q4_1!.top1);
    expect(s.q4_0!.perplexity).toBeGreaterThan(s.q4_1!.perplexity);
    expect(s.q4_0!.meanKl).toBeGreaterThan(s.q4_1!.meanKl);
  });

  it('the outlier table halves one scale per matrix\'s KL and buys almost nothing with blocks of 32', () => {
    const o = f.outliers;
    const half = ratio(o.perMatrix.with.meanKl, o.perMatrix.without.meanKl);
    between(half, 0.4, 0.6);
    expect(ratio(o.blocks32.with.meanKl, o.blocks32.without.meanKl)).toBeGreaterThan(0.9);
  });

  it('the exercise: rounding down almost triples the perplexity, a grid one bit coarser is the 3-bit setting, the 3-bit check is the table\'s row', () => {
    const tripled = ratio(check('floor-codes', 4).perplexity, check('course', 4).perplexity);
    between(tripled, 2.5, 3);
    expect(check('one-bit-coarser', 4).perplexity).toBe(check('course', 3).perplexity);
    expect(check('course', 3).perplexity).toBe(s['int3-asym']!.perplexity);
    expect(check('course', 4).perplexity).not.toBe(s.q4_1!.perplexity);
    expect(check('always-symmetric', 4).perplexity).toBeGreaterThan(check('course', 4).perplexity);
  });

  it('the map: every first-layer matrix matters more than its second-layer counterpart, with Q4_0 too; the output matrix sits in between', () => {
    for (const id of ['int2-asym', 'q4_0']) {
      for (const k of LAYER_MATRICES) expect(f.sensitivity[id]![`blk.0.${k}.weight`]).toBeGreaterThan(f.sensitivity[id]![`blk.1.${k}.weight`]!);
    }
    const m = f.sensitivity['int2-asym']!, layer = (l: number) => Object.entries(m).filter(([n]) => n.startsWith(`blk.${l}.`)).map(([, v]) => v);
    expect(m['output.weight']).toBeGreaterThan(Math.max(...layer(1)));
    expect(m['output.weight']).toBeLessThan(Math.max(...layer(0)));
  });

  it('the planner: at 4.5 bits a tenth less KL than uniform Q4_0 at the same size; at 4 bits far less than 3-bit blocks', () => {
    const p = f.budget.plans['4.5']!.result;
    expect(p.bitsPerWeight).toBeCloseTo(s.q4_0!.bitsPerWeight, 2);
    const tenth = ratio(p.meanKl, s.q4_0!.meanKl);
    between(tenth, 0.85, 0.95);
    expect(p.perplexity).toBeLessThan(s.q4_0!.perplexity);
    expect(f.budget.plans['4']!.result.meanKl).toBeLessThan(s['int3-asym']!.meanKl / 2);
  });
});

describe('the lessons\' formatting of the figures', () => {
  it('writes a row as the lab\'s table does', () => {
    const q4 = row('q4_0');
    expect(pplChange(q4)).toBe(`${q4.perplexity.toFixed(3)} (+${(100 * q4.perplexityChange).toFixed(1)}%)`);
    expect(rowCells('q2_K')[0]).toBe('2.625');
    expect(() => row('q9_9')).toThrow(/no scheme "q9_9"; it has q8_0/);
    expect(() => check('nobody', 4)).toThrow(/no check of "nobody" at 4 bits/);
  });

  it('derives the prose\'s round factors from the map', () => {
    const m = committed().sensitivity['int2-asym']!;
    const { min, max } = layerRatios('int2-asym');
    expect(min).toBe(Math.round(Math.min(...LAYER_MATRICES.map((k) => m[`blk.0.${k}.weight`]! / m[`blk.1.${k}.weight`]!))));
    expect(max).toBeGreaterThan(min);
    expect(mapScale('int2-asym', 'q4_0') % 5).toBe(0);
    const kls = Object.values(m);
    expect(spread('int2-asym')).toBeLessThanOrEqual(Math.max(...kls) / Math.min(...kls));
    expect(tens(50)).toBe('fifty');
    expect(tens(120)).toBe('120');
  });

  it('names the planner\'s choices matrix by matrix, the commonest format as "the rest"', () => {
    const f = committed();
    const text = phraseText(planPhrase(4.5));
    expect(text).toMatch(/^gives layer \d's `/);
    expect(text).toMatch(/, and leaves the rest at Q4_0$/);
    for (const [name, id] of Object.entries(f.budget.plans['4.5']!.plan)) {
      if (id !== 'q4_0') expect(text).toContain(`\`${name.replace(/^layers\.\d\./, '')}\``);
    }
  });
});
