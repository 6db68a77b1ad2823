/**
 * The lab's figures the lessons quote (lessons/data/lab-figures.json) are what the lab's engine
 * measures on the committed model, to the bit; the words the prose wraps around them ("halves",
 * "about a third less", "nearly quintuples") still describe them; and the lessons' formatting of them.
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { courseLabFigures, courseNextChars, FIGURES_FILE, figuresText, NEXT_CHARS_FILE } from '../../scripts/lab-figures.ts';
import type { LabFigures } from '../../src/lab/figures.ts';
import { KL_PROMPTS, KL_VARIANTS, NEXT_CHAR_TEXT, WINDOW_LENGTHS, type NextCharFigures } from '../../src/lab/next-chars.ts';
import { perplexity } from '../../src/core/index.ts';
import { LAYER_MATRICES } from '../../src/core/model/manifest.ts';
import { check, formatName, layerRatios, runnerUp, mapScale, phraseText, planPhrase, pplChange, row, rowCells, spread, tens } from '../../src/lab/figures-text.ts';

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

  it('MXFP4\'s coarse power-of-two scales show: more KL than Q4_0, which costs a quarter of a bit more', () => {
    expect(s.mxfp4!.meanKl).toBeGreaterThan(s.q4_0!.meanKl);
    expect(s.q4_0!.bitsPerWeight - s.mxfp4!.bitsPerWeight).toBeCloseTo(0.25, 9);
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

describe('lessons/data/next-chars.json', () => {
  const committedNext = (): NextCharFigures => JSON.parse(readFileSync(NEXT_CHARS_FILE, 'utf8')) as NextCharFigures;

  it('holds what the core\'s forward pass and the lab\'s quantizers give on the committed model, to the bit', () => {
    const fresh = courseNextChars();
    expect(committedNext(), 'lessons/data/next-chars.json differs from what the core measures on public/model/: run `npm run figures`, read perplexity.mdx and kl-divergence.mdx for words the new numbers no longer fit, and commit the file').toEqual(fresh);
    expect(readFileSync(NEXT_CHARS_FILE, 'utf8'), 'lessons/data/next-chars.json is not laid out as scripts/lab-figures.ts writes it: run `npm run figures`').toBe(figuresText(fresh));
  });

  it('has a prediction for every character of the text after the first, and every window length', () => {
    const n = committedNext();
    expect(n.text).toBe(NEXT_CHAR_TEXT);
    expect(n.table.map((t) => t.correct).join('')).toBe(NEXT_CHAR_TEXT.slice(1));
    for (const t of n.table) {
      expect(t.candidates.map((c) => c.p)).toEqual([...t.candidates.map((c) => c.p)].sort((a, b) => b - a));
      expect(t.p).toBeLessThanOrEqual(t.candidates[0]!.p);
    }
    expect(n.windows.map((w) => w.length)).toEqual([...WINDOW_LENGTHS]);
    for (const w of n.windows) expect(w.p).toHaveLength(NEXT_CHAR_TEXT.length - 1);
    expect(n.prompts.map((p) => p.prompt)).toEqual([...KL_PROMPTS]);
    for (const p of n.prompts) expect(p.variants.map((v) => v.id)).toEqual(['float32', ...KL_VARIANTS]);
  });

  // The words perplexity.mdx and kl-divergence.mdx put around these numbers.
  it('along the line the model is surer inside a word than at its start', () => {
    const n = committedNext();
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const starts = n.table.filter((_, i) => n.text[i] === ' ').map((t) => t.p);
    const inside = n.table.filter((t, i) => /[a-z]/i.test(n.text[i]!) && /[a-z]/i.test(t.correct)).map((t) => t.p);
    expect(mean(starts)).toBeLessThan(mean(inside) / 2);
  });

  it('a shorter window is a more perplexed model, and the whole prefix beats every window', () => {
    const n = committedNext();
    const ppl = n.windows.map((w) => perplexity(w.p));
    for (let i = 1; i < ppl.length; i++) expect(ppl[i]!).toBeLessThan(ppl[i - 1]!);
    expect(perplexity(n.table.map((t) => t.p))).toBeLessThan(ppl.at(-1)!);
  });

  it('after each prompt: Q8_0 barely moves the distribution, Q4_0 more, naive 2-bit most; after "Call me Ish" 2-bit keeps about Q4_0\'s probability for the book\'s "m" yet diverges far more, and "And then I" keeps its favourite under Q4_0', () => {
    for (const p of committedNext().prompts) {
      const kl = p.variants.map((v) => v.kl);
      expect(kl[0]).toBe(0);
      expect(kl[1]!).toBeLessThan(kl[2]!);
      expect(kl[2]!).toBeLessThan(kl[3]!);
      expect(kl[1]!).toBeLessThan(0.01);
    }
    const [certain, open] = committedNext().prompts;
    const m = certain!.shown.indexOf('m');
    expect(certain!.variants.slice(0, 3).map((v) => v.top)).toEqual(['m', 'm', 'm']);
    expect(certain!.variants[2]!.p[m]!).toBeLessThan(certain!.variants[0]!.p[m]!); // "held less firmly"
    // "about as much as Q4_0 does … KL can [tell them apart]"
    expect(Math.abs(certain!.variants[3]!.p[m]! - certain!.variants[2]!.p[m]!)).toBeLessThan(0.05);
    expect(certain!.variants[3]!.kl).toBeGreaterThan(2 * certain!.variants[2]!.kl);
    // "putting … on <runner-up>, which float32 gave …": the 2-bit runner-up gained probability
    const second = runnerUp('Call me Ish', 'int2-asym');
    const i = certain!.shown.indexOf(second);
    expect(certain!.variants[3]!.p[i]!).toBeGreaterThan(5 * certain!.variants[0]!.p[i]!);
    // "And then I": Q4_0 keeps float32's favourite, 2-bit gives it less
    const top = open!.variants[0]!.top;
    const t = open!.shown.indexOf(top);
    expect(open!.variants[2]!.top).toBe(top);
    expect(open!.variants[3]!.p[t]!).toBeLessThan(open!.variants[0]!.p[t]!);
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
    const rest = /, and leaves the rest at (\S+)$/.exec(text)![1]!;
    const tally = (id: string) => Object.values(f.budget.plans['4']!.plan).filter((x) => x === id).length;
    const restId = Object.values(f.budget.plans['4']!.plan).find((id) => formatName(id) === rest)!;
    for (const id of Object.values(f.budget.plans['4']!.plan)) expect(tally(restId)).toBeGreaterThanOrEqual(tally(id));
    for (const [name, id] of Object.entries(f.budget.plans['4']!.plan)) {
      if (id !== restId) expect(text).toContain(name === 'output.weight' ? 'the output matrix' : `\`${name.replace(/^blk\.\d\.(.+)\.weight$/, '$1')}\``);
    }
  });
});
