import { describe, expect, it } from 'vitest';
import { generateHidden, inputsOf, prepareCases } from '../../src/grading/cases.ts';
import { defineExercise } from '../../src/grading/exercise.ts';
import { toWire } from '../../src/grading/wire.ts';

const roundHalf = defineExercise({
  id: 'round-half',
  title: 'Round to integers',
  statement: 'Round every value to the nearest integer with Math.round.',
  functions: ['round'],
  reference: { round: (xs: number[]) => xs.map(Math.round) },
  examples: [{ fn: 'round', args: [[0.2, 1.7]], kind: 'two values' }],
  // Draws values on a 0.5 grid, so about half of them sit exactly on a tie.
  generate: (rng) => ({ fn: 'round', args: [[rng.int(0, 20) / 2 + 0.1 * rng.int(0, 1)]], kind: 'one value' }),
  hints: ['use Math.round'],
});

describe('cases', () => {
  it('gives the same cases for the same seed and different ones for another', () => {
    expect(toWire(prepareCases(roundHalf, 7))).toBe(toWire(prepareCases(roundHalf, 7)));
    expect(toWire(prepareCases(roundHalf, 7))).not.toBe(toWire(prepareCases(roundHalf, 8)));
  });

  it('puts visible examples first, with expected values from the reference', () => {
    const cases = prepareCases(roundHalf, 1, 5);
    expect(cases[0]).toMatchObject({ visible: true, expected: [0, 2], index: 0 });
    expect(cases.slice(1).every((c) => !c.visible)).toBe(true);
  });

  it('never emits a case that sits on a rounding tie', () => {
    const hidden = generateHidden(roundHalf, 'ties', 200);
    const onTie = hidden.filter((c) => ((c.args[0] as number[])[0]! % 1) === 0.5);
    expect(onTie).toEqual([]);
  });

  it('sends only function names and arguments to the sandbox', () => {
    const sent = inputsOf(prepareCases(roundHalf, 3, 4));
    expect(Object.keys(sent[0]!).sort()).toEqual(['args', 'fn']);
    expect(JSON.stringify(sent)).not.toContain('expected');
  });
});
