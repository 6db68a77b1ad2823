/**
 * Writes lessons/data/lab-figures.json: the lab's figures the lessons quote, measured on the
 * committed model (public/model/) by src/lab/figures.ts. Run it after retraining the model or
 * changing a codec: `npx node scripts/lab-figures.ts`. tests/lab/figures.test.ts fails until it is run.
 */
import { writeFileSync } from 'node:fs';
import { labFigures, type LabFigures } from '../src/lab/figures.ts';
import { readCourseModel } from '../src/lab/node-model.ts';

/** Where the figures are written, and where the lessons import them from. */
export const FIGURES_FILE = new URL('../lessons/data/lab-figures.json', import.meta.url);

/** The wrong quantizers (solutions/wrong/lab-quantizer/) whose grades lab.mdx quotes. */
export const QUOTED_MISTAKES = ['floor-codes', 'one-bit-coarser', 'always-symmetric'] as const;

/** Measure the figures on the committed model, grading the quoted mistakes as the exercise does. */
export async function courseLabFigures(): Promise<LabFigures> {
  const { model, heldout } = readCourseModel();
  const mistakes = Object.fromEntries(await Promise.all(QUOTED_MISTAKES.map(async (name) => {
    const m = (await import(`../solutions/wrong/lab-quantizer/${name}.ts`)) as { quantizeBlocks: Parameters<typeof labFigures>[2][string] };
    return [name, m.quantizeBlocks] as const;
  })));
  return labFigures(model, heldout, mistakes);
}

/** The file's text: two-space JSON with a final newline, so a regenerated file diffs line by line. */
export function figuresText(figures: LabFigures): string {
  return `${JSON.stringify(figures, null, 2)}\n`;
}

if (import.meta.main) {
  const t0 = performance.now();
  writeFileSync(FIGURES_FILE, figuresText(await courseLabFigures()));
  console.log(`wrote ${FIGURES_FILE.pathname} in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}
