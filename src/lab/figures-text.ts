/**
 * The lab's figures as the lessons write them, read from lessons/data/lab-figures.json and next-chars.json (written by
 * scripts/lab-figures.ts). Lessons import from here instead of copying numbers, so the prose and the
 * tables change together when the model or a codec does. It loads no engine: only the file and the
 * lab widget's own formatting, so a lesson shows a figure exactly as the lab's table shows it.
 */
import figures from '../../lessons/data/lab-figures.json' with { type: 'json' };
import nextChars from '../../lessons/data/next-chars.json' with { type: 'json' };
import { bpwText, kb, klText, pct } from '../widgets/model-lab/format.ts';
import type { CheckFigures, LabFigures, RowFigures } from './figures.ts';
import type { NextCharFigures, PromptVariant } from './next-chars.ts';
import { LAYER_MATRICES } from '../core/model/manifest.ts';

export { bpwText, kb, klText, pct };

/** The committed figures. */
export const LAB: LabFigures = figures as LabFigures;

/** One scheme's row by its lab id (e.g. "q4_0"), or an error naming the ids the file has. */
export function row(id: string): RowFigures {
  const r = LAB.schemes[id];
  if (!r) throw new RangeError(`lab-figures.json has no scheme "${id}"; it has ${Object.keys(LAB.schemes).join(', ')}`);
  return r;
}

/** A perplexity as the lab writes it: "4.762". */
export const pplText = (x: number): string => x.toFixed(3);

/** A perplexity and its change from the float model: "4.762 (+6.9%)". */
export const pplChange = (r: RowFigures): string => `${pplText(r.perplexity)} (${pct(r.perplexityChange)})`;

/** A share as a percentage with one decimal: "84.7%". */
export const pctText = (x: number): string => `${(100 * x).toFixed(1)}%`;

/** A scheme's cells in the lab's table after its name: bits per weight, perplexity (change), mean KL, top-1 agreement. */
export function rowCells(id: string): string[] {
  const r = row(id);
  return [bpwText(r.bitsPerWeight), pplChange(r), klText(r.meanKl), pctText(r.top1)];
}

/** A mean KL with three decimals, as the lessons' map and prose round it: "0.383". */
export const kl3 = (x: number): string => x.toFixed(3);

/** A count with thousands separators: "174,784". */
export const count = (n: number): string => n.toLocaleString('en-US');

/** A relative increase between two numbers as a whole percentage: "3%" for 4.887 against 4.734. */
export const increase = (from: number, to: number): string => `${Math.round(100 * (to / from - 1))}%`;

/** The exercise's check of a quantizer (the course's, or a named mistake) at its check setting `bits`. */
export function check(who: 'course' | string, bits: number): CheckFigures {
  const list = who === 'course' ? LAB.quantizer.course : LAB.quantizer.mistakes[who];
  const c = list?.find((x) => x.setting.bits === bits);
  if (!c) throw new RangeError(`lab-figures.json has no check of "${who}" at ${bits} bits`);
  return c;
}

/** The one-matrix map's mean KL of a matrix under a scheme id. */
export function alone(id: string, matrix: string): number {
  const kl = LAB.sensitivity[id]?.[matrix];
  if (kl === undefined) throw new RangeError(`lab-figures.json has no one-matrix KL for ${matrix} under "${id}"`);
  return kl;
}

/**
 * How many times more sensitive each first-layer matrix is than its second-layer counterpart under
 * `id`: the smallest and largest ratio, rounded to whole numbers ("3 to 28").
 */
export function layerRatios(id: string): { min: number; max: number } {
  const ratios = LAYER_MATRICES.map((k) => alone(id, `blk.0.${k}.weight`) / alone(id, `blk.1.${k}.weight`));
  return { min: Math.round(Math.min(...ratios)), max: Math.round(Math.max(...ratios)) };
}

/** The sum of the one-matrix KLs under `id` over the sum under `other`, rounded to a multiple of 5 ("about 25 times"). */
export function mapScale(id: string, other: string): number {
  const sum = (s: string) => LAB.model.matrices.reduce((a, m) => a + alone(s, m), 0);
  return 5 * Math.round(sum(id) / sum(other) / 5);
}

/** The most sensitive matrix's KL over the least's under `id`, rounded down to a multiple of ten ("more than fifty"). */
export function spread(id: string): number {
  const kls = LAB.model.matrices.map((m) => alone(id, m));
  return 10 * Math.floor(Math.max(...kls) / Math.min(...kls) / 10);
}

/** A multiple of ten up to ninety in words, as prose writes round factors ("fifty"); other numbers as digits. */
export function tens(n: number): string {
  const words = ['ten', 'twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety'];
  return Number.isInteger(n / 10) && n >= 10 && n <= 90 ? words[n / 10 - 1]! : count(n);
}

/** The planner's result at a budget of bits per weight. */
export function plan(budget: number): LabFigures['budget']['plans'][string] {
  const p = LAB.budget.plans[String(budget)];
  if (!p) throw new RangeError(`lab-figures.json has no plan at ${budget} bits per weight; it has ${Object.keys(LAB.budget.plans).join(', ')}`);
  return p;
}

/** A lab id as the lessons name the format: "Q4_0", "3-bit asymmetric blocks". */
export function formatName(id: string): string {
  if (id === 'int3-asym') return '3-bit asymmetric blocks';
  if (id === 'int2-asym') return '2-bit asymmetric blocks';
  return id.toUpperCase();
}

/**
 * A plan as groups of matrices per format, the format most matrices get last ("the rest"): for each
 * other format, the layer and the matrices it gets, in the model's order.
 */
export function planGroups(budget: number): { rest: string; groups: { format: string; layers: { layer: string; matrices: string[] }[] }[] } {
  const assignment = plan(budget).plan;
  const tally = new Map<string, number>();
  for (const id of Object.values(assignment)) tally.set(id, (tally.get(id) ?? 0) + 1);
  const rest = [...tally].sort((a, b) => b[1] - a[1])[0]![0];
  const groups: { format: string; layers: { layer: string; matrices: string[] }[] }[] = [];
  for (const name of LAB.model.matrices) {
    const id = assignment[name]!;
    if (id === rest) continue;
    const m = /^blk\.(\d+)\.(.+)\.weight$/.exec(name);
    const layer = m ? `layer ${m[1]}` : 'the output matrix';
    const matrix = m ? m[2]! : name;
    let g = groups.find((x) => x.format === formatName(id));
    if (!g) groups.push(g = { format: formatName(id), layers: [] });
    let l = g.layers.find((x) => x.layer === layer);
    if (!l) g.layers.push(l = { layer, matrices: [] });
    l.matrices.push(matrix);
  }
  return { rest: formatName(rest), groups };
}

/** A piece of a phrase: plain text, or a name the lesson sets as code. */
export type PhrasePart = string | { code: string };

/**
 * What the planner does at a budget, as a phrase: "gives layer 0's `attn_v` and `ffn_up` Q4_1,
 * its `attn_output` Q8_0 and layer 1's `ffn_down` Q2_K, and leaves the rest at Q4_0".
 */
export function planPhrase(budget: number): PhrasePart[] {
  const { rest, groups } = planGroups(budget);
  const out: PhrasePart[] = ['gives '];
  let last = '';
  groups.forEach((g, i) => {
    if (i > 0) out.push(i === groups.length - 1 ? ' and ' : ', ');
    g.layers.forEach((l, j) => {
      if (j > 0) out.push(' and ');
      // The layer just named is "its", as a person would write it.
      out.push(l.layer === 'the output matrix' ? 'the output matrix' : l.layer === last ? 'its ' : `${l.layer}'s `);
      last = l.layer;
      l.matrices.forEach((m, k) => {
        if (l.layer === 'the output matrix') return;
        if (k > 0) out.push(' and ');
        out.push({ code: m });
      });
    });
    out.push(` ${g.format}`);
  });
  out.push(`, and leaves the rest at ${rest}`);
  return out;
}

/** A phrase as plain text, names in backquotes (for tests and messages). */
export const phraseText = (parts: readonly PhrasePart[]): string => parts.map((p) => (typeof p === 'string' ? p : `\`${p.code}\``)).join('');

/** What the course model predicts next (lessons/data/next-chars.json), as the perplexity and KL lessons quote it. */
export const NEXT: NextCharFigures = nextChars as NextCharFigures;

/** One format's next-character figures after one of the measured prompts, or an error naming what the file has. */
export function after(prompt: string, id: string): PromptVariant {
  const p = NEXT.prompts.find((x) => x.prompt === prompt);
  if (!p) throw new RangeError(`next-chars.json has no prompt "${prompt}"; it has ${NEXT.prompts.map((x) => `"${x.prompt}"`).join(', ')}`);
  const v = p.variants.find((x) => x.id === id);
  if (!v) throw new RangeError(`next-chars.json has no "${id}" after "${prompt}"; it has ${p.variants.map((x) => x.id).join(', ')}`);
  return v;
}

/** The probability a format gives character `c` after a measured prompt (c must be one the file shows for it). */
export function pAfter(prompt: string, id: string, c: string): number {
  const shown = NEXT.prompts.find((x) => x.prompt === prompt)?.shown ?? [];
  const i = shown.indexOf(c);
  if (i < 0) throw new RangeError(`next-chars.json shows no "${c}" after "${prompt}"; it shows ${shown.map((x) => JSON.stringify(x)).join(', ')}`);
  return after(prompt, id).p[i]!;
}

/** A format's second choice after a measured prompt, among the characters the file shows: the one it gives the most after its favourite. */
export function runnerUp(prompt: string, id: string): string {
  const shown = NEXT.prompts.find((x) => x.prompt === prompt)?.shown ?? [];
  const v = after(prompt, id);
  let best = -1;
  for (let i = 0; i < shown.length; i++) if (shown[i] !== v.top && (best < 0 || v.p[i]! > v.p[best]!)) best = i;
  if (best < 0) throw new RangeError(`next-chars.json shows no second character after "${prompt}"`);
  return shown[best]!;
}

/** A probability or a divergence with three decimals: "0.941". */
export const p3 = (x: number): string => x.toFixed(3);

/** A character as the lessons print it, in quotes, a space written as ␣: “m”. */
export const charText = (c: string): string => `“${c === ' ' ? '␣' : c === '\n' ? '↵' : c}”`;

/** A small number with two significant digits: "0.00034". */
export const sig2 = (x: number): string => String(Number(x.toPrecision(2)));
