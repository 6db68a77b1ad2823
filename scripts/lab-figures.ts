/**
 * Writes lessons/data/lab-figures.json (the lab's figures the lessons quote, src/lab/figures.ts) and
 * lessons/data/next-chars.json (what the model predicts next, for the perplexity and KL widgets,
 * src/lab/next-chars.ts), both measured on the committed model (public/model/). Run it after
 * retraining the model or changing a codec: `npm run figures`. tests/lab/figures.test.ts fails until it is run.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { labFigures, type LabFigures, type SubmittedQuantizer } from '../src/lab/figures.ts';
import { nextCharFigures, type NextCharFigures } from '../src/lab/next-chars.ts';
import { readCourseModel } from '../src/lab/node-model.ts';

/** Where the figures are written, and where the lessons import them from. */
export const FIGURES_FILE = new URL('../lessons/data/lab-figures.json', import.meta.url);
/** Where the next-character figures are written, and where the widgets and lessons import them from. */
export const NEXT_CHARS_FILE = new URL('../lessons/data/next-chars.json', import.meta.url);

/** The wrong quantizers (solutions/wrong/lab-quantizer/) whose grades lab.mdx quotes. */
export const QUOTED_MISTAKES = ['floor-codes', 'one-bit-coarser', 'always-symmetric'] as const;

/**
 * All of the book's held-out 10%, as the training script cut it: the corpus package and the split the
 * manifest records, with its character map applied (the lab's slice, heldout.txt, is a part of it).
 */
export function wholeHeldout(): string {
  const manifest = JSON.parse(readFileSync(new URL('../public/model/manifest.json', import.meta.url), 'utf8')) as {
    charMap: Record<string, string>;
    corpus: { package: string; file: string; split: { heldout: string } };
  };
  const { package: pkg, file, split } = manifest.corpus;
  const range = /\[(\d+), (\d+)\)/.exec(split.heldout);
  if (!range) throw new Error(`public/model/manifest.json: corpus.split.heldout should name a range "[start, end)", got "${split.heldout}"`);
  let text = readFileSync(createRequire(import.meta.url).resolve(`${pkg}/${file}`), 'utf8');
  for (const [from, to] of Object.entries(manifest.charMap)) text = text.replaceAll(from, to);
  return text.slice(Number(range[1]), Number(range[2]));
}

/** Measure the figures on the committed model, grading the quoted mistakes as the exercise does. */
export async function courseLabFigures(): Promise<LabFigures> {
  const { model, heldout } = readCourseModel();
  const mistakes = Object.fromEntries(await Promise.all(QUOTED_MISTAKES.map(async (name) => {
    const m = (await import(`../solutions/wrong/lab-quantizer/${name}.ts`)) as { quantizeBlocks: SubmittedQuantizer };
    return [name, m.quantizeBlocks] as const;
  })));
  return labFigures(model, heldout, wholeHeldout(), mistakes);
}

/** The model's next-character figures, measured on the committed model. */
export function courseNextChars(): NextCharFigures {
  return nextCharFigures(readCourseModel().model);
}

/** A file's text: two-space JSON with a final newline, so a regenerated file diffs line by line. */
export function figuresText(figures: LabFigures | NextCharFigures): string {
  return `${JSON.stringify(figures, null, 2)}\n`;
}

if (import.meta.main) {
  const t0 = performance.now();
  writeFileSync(FIGURES_FILE, figuresText(await courseLabFigures()));
  writeFileSync(NEXT_CHARS_FILE, figuresText(courseNextChars()));
  console.log(`wrote ${FIGURES_FILE.pathname} and ${NEXT_CHARS_FILE.pathname} in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}
