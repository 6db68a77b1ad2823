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

  it('the essay\'s shape: 8 bits free, 4 bits a few percent, 2-bit blocks more than triple, one scale per matrix worse than 3-bit blocks', () => {
    expect(Math.abs(s.q8_0!.perplexityChange)).toBeLessThan(0.01);
    for (const id of ['q4_0', 'q4_1']) between(s[id]!.perplexityChange, 0.01, 0.1);
    expect(s.q4_1!.perplexity).toBeLessThan(s.q4_0!.perplexity);
    between(ratio(s['int2-asym']!.perplexity, f.model.perplexity), 3, 3.5); // "more than triples"
    expect(s['int2-asym']!.top1).toBeLessThan(0.5); // "fewer than half of its top choices"
    expect(s['int4-sym-tensor']!.perplexity).toBeGreaterThan(s['int3-asym']!.perplexity);
    expect(Math.abs(s['int4-sym-tensor']!.bitsPerWeight - s['int3-asym']!.bitsPerWeight)).toBeLessThan(0.01);
  });

  it('Q4_K loses about a third less than Q4_0 at its size; Q2_K has little more than half the perplexity of 2-bit blocks with fewer bits', () => {
    expect(s.q4_K!.bitsPerWeight).toBeCloseTo(s.q4_0!.bitsPerWeight, 2);
    for (const r of [ratio(s.q4_K!.perplexityChange, s.q4_0!.perplexityChange), ratio(s.q4_K!.meanKl, s.q4_0!.meanKl)]) between(r, 0.6, 0.75);
    expect(s.q2_K!.bitsPerWeight).toBeLessThan(s['int2-asym']!.bitsPerWeight);
    between(ratio(s.q2_K!.perplexity, s['int2-asym']!.perplexity), 0.5, 0.6);
  });

  it('Q4_1 and Q4_0 keep nearly the same favourites while their KL differs by a sixth', () => {
    expect(Math.abs(s.q4_1!.top1 - s.q4_0!.top1)).toBeLessThan(0.005);
    between(ratio(s.q4_0!.meanKl, s.q4_1!.meanKl), 1.1, 1.25);
  });

  it('the outlier table cuts one scale per matrix\'s KL by about a fifth and buys almost nothing with blocks of 32', () => {
    const o = f.outliers;
    between(ratio(o.perMatrix.with.meanKl, o.perMatrix.without.meanKl), 0.75, 0.85);
    expect(ratio(o.blocks32.with.meanKl, o.blocks32.without.meanKl)).toBeGreaterThan(0.9);
  });

  it('the exercise: rounding down costs about a tenth at 4 bits and wrecks 3 bits, a grid one bit coarser is the 3-bit setting, the 3-bit check is the table\'s row', () => {
    between(ratio(check('floor-codes', 4).perplexity, check('course', 4).perplexity), 1.05, 1.15);
    expect(check('floor-codes', 3).perplexity).toBeGreaterThan(100 * check('course', 3).perplexity);
    expect(check('one-bit-coarser', 4).perplexity).toBe(check('course', 3).perplexity);
    expect(check('course', 3).perplexity).toBe(s['int3-asym']!.perplexity);
    expect(check('course', 4).perplexity).not.toBe(s.q4_1!.perplexity);
    expect(check('always-symmetric', 4).perplexity).toBeGreaterThan(check('course', 4).perplexity);
  });

  it('the map: the output matrix matters most, the first layer\'s value, output and down matrices two to three times the second\'s, queries and keys least, with Q4_0 too', () => {
    for (const id of ['int2-asym', 'q4_0']) {
      const m = f.sensitivity[id]!;
      expect(m['output.weight']).toBe(Math.max(...Object.values(m)));
      for (const k of ['attn_v', 'attn_output', 'ffn_down']) between(m[`blk.0.${k}.weight`]! / m[`blk.1.${k}.weight`]!, 2, 3);
      // "The query and key matrices matter least of all": the four smallest entries.
      const four = Object.entries(m).sort((x, y) => x[1] - y[1]).slice(0, 4).map(([n]) => n.replace(/^blk\.\d\.(.+)\.weight$/, '$1'));
      expect(four.sort()).toEqual(['attn_k', 'attn_k', 'attn_q', 'attn_q']);
    }
  });

  it('the planner: at 4.5 bits it keeps uniform Q4_0; at 4 bits it loses about a third less KL than 3-bit blocks of the same size', () => {
    expect(Object.values(f.budget.plans['4.5']!.plan).every((id) => id === 'q4_0')).toBe(true);
    expect(f.budget.plans['4.5']!.result.meanKl).toBe(s.q4_0!.meanKl);
    const p = f.budget.plans['4']!.result;
    expect(p.bitsPerWeight).toBeLessThanOrEqual(s['int3-asym']!.bitsPerWeight);
    between(ratio(p.meanKl, s['int3-asym']!.meanKl), 0.6, 0.7);
    expect(p.perplexity).toBeLessThan(s['int3-asym']!.perplexity);
  });
});

describe('the lessons\' formatting of the figures', () => {
  it('writes a row as the lab\'s table does', () => {
    const q4 = row('q4_0');
    expect(pplChange(q4)).toBe(`${q4.perplexity.toFixed(3)} (+${(100 * q4.perplexityChange).toFixed(1)}%)`);
    expect(rowCells('q2_K')[0]).toBe('2.626'); // a part-filled last super-block of the output matrix
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
    const text = phraseText(planPhrase(4));
    expect(text).toMatch(/^gives layer \d's `/);
    expect(text).toMatch(/, and leaves the rest at Q4_0$/);
    for (const [name, id] of Object.entries(f.budget.plans['4']!.plan)) {
      if (id !== 'q4_0') expect(text).toContain(`\`${name.replace(/^blk\.\d\.(.+)\.weight$/, '$1')}\``);
    }
  });
});
