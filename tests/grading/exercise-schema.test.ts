/**
 * The browser bundle's stand-in for the exercise schema (src/grading/exercise-schema.browser.ts,
 * swapped in by src/build/exercise-schema.mjs) must give every spec what the zod schema gives:
 * same fields, same defaults.
 */
import { describe, expect, it } from 'vitest';
import { loadAllExercises } from '../../src/cli/content.ts';
import { parseExercise, type ExerciseInput } from '../../src/grading/exercise-schema.ts';
import { parseExercise as parseInBrowser } from '../../src/grading/exercise-schema.browser.ts';

describe('the exercise schema and its browser stand-in', () => {
  it('give the same exercise for every spec of the course, with and without its defaulted fields', async () => {
    for (const ex of await loadAllExercises()) {
      const { hiddenCount: _h, tolerance: _t, aboutTies: _a, rules: _r, ...bare } = ex;
      for (const input of [ex, bare] as ExerciseInput[]) expect(parseInBrowser(input), ex.id).toEqual(parseExercise(input));
    }
  });

  it('fill in the same defaults, a fresh tolerance object for each spec', () => {
    const bare: ExerciseInput = {
      id: 'bare-spec',
      title: 'A bare spec',
      statement: 'Return the argument unchanged, whatever it is.',
      functions: ['id'],
      reference: { id: (x: never) => x },
      examples: [{ fn: 'id', args: [1], kind: 'one' }],
      generate: () => ({ fn: 'id', args: [2], kind: 'two' }),
      hints: ['Return it.'],
    };
    const browser = parseInBrowser(bare);
    expect(browser).toEqual(parseExercise(bare));
    expect(browser).toMatchObject({ hiddenCount: 100, tolerance: { '*': 'exact' }, aboutTies: false, rules: [] });
    expect(parseInBrowser(bare).tolerance).not.toBe(browser.tolerance);
  });
});
