/**
 * Cases: inputs from the exercise's examples and its seeded generator, expected outputs from
 * the reference core. Only `inputsOf` crosses into a sandbox; expected values stay here.
 */
import { createRng } from '../core/rng.ts';
import type { CaseInput, Exercise } from './exercise.ts';
import { expectedFor } from './reference.ts';
import { isTieSensitive } from './ties.ts';

/** A case ready for grading: its input, whether the learner may see it, and the expected output. */
export interface PreparedCase extends CaseInput {
  /** Position in the run (visible examples first). */
  index: number;
  /** Visible cases show inputs, expected and got; hidden ones only their kind. */
  visible: boolean;
  /** Output of the reference implementation (undefined for an assessment's calls). */
  expected: unknown;
  /** For a call of the exercise's assessment: which group judges it (its result is the group's). */
  group?: number;
}

/** How many tries the generator gets to produce an input that is not near a rounding tie. */
const MAX_TIE_RETRIES = 100;

/**
 * Build every case of a run: the visible examples, then `hiddenCount` cases from `seed`, then the
 * calls of the exercise's assessment, if it has one (unless `assessment` is false).
 */
export function prepareCases(ex: Exercise, seed: string | number, hiddenCount = ex.hiddenCount, assessment = true): PreparedCase[] {
  const visible = ex.examples.map((input, i) => withExpected(ex, input, i, true));
  const cases = [...visible, ...generateHidden(ex, seed, hiddenCount).map((input, i) => withExpected(ex, input, visible.length + i, false))];
  if (assessment && ex.assessment) cases.push(...assessmentCases(ex, cases.length));
  return cases;
}

/** The assessment's calls as cases (hidden, no expected value), each tagged with its group. */
function assessmentCases(ex: Exercise, first: number): PreparedCase[] {
  const out: PreparedCase[] = [];
  ex.assessment!.groups().forEach((g, group) => {
    for (const call of g.calls) {
      if (!ex.functions.includes(call.fn)) throw new Error(`Exercise ${ex.id}: assessment group ${group} calls unknown function "${call.fn}"`);
      out.push({ fn: call.fn, args: call.args, kind: g.kind, index: first + out.length, visible: false, expected: undefined, group });
    }
  });
  return out;
}

/** The hidden inputs for a seed, skipping any that sit near a rounding tie (unless the exercise is about ties). */
export function generateHidden(ex: Exercise, seed: string | number, count: number): CaseInput[] {
  // The exercise id is part of the stream so two exercises never share inputs for one seed.
  const rng = createRng(`${ex.id}\u0000${seed}`);
  // The probe draws from its own stream so that rejecting a case never shifts the ones after it.
  const probeRng = createRng(`ties\u0000${ex.id}\u0000${seed}`);
  const nearTie = ex.isNearTie ?? ((input: CaseInput) => isTieSensitive(ex, input, probeRng));
  const out: CaseInput[] = [];
  for (let i = 0; i < count; i++) {
    let input = ex.generate(rng, i);
    for (let retry = 0; !ex.aboutTies && nearTie(input); retry++) {
      if (retry >= MAX_TIE_RETRIES) throw new Error(`Exercise ${ex.id}: the generator kept producing rounding ties (case ${i})`);
      input = ex.generate(rng, i);
    }
    if (!ex.functions.includes(input.fn)) throw new Error(`Exercise ${ex.id}: generated case ${i} calls unknown function "${input.fn}"`);
    out.push(input);
  }
  return out;
}

function withExpected(ex: Exercise, input: CaseInput, index: number, visible: boolean): PreparedCase {
  return { ...input, index, visible, expected: expectedFor(ex, input) };
}

/** The part of the cases a sandbox receives: which function, which arguments. Nothing else. */
export function inputsOf(cases: readonly PreparedCase[]): { fn: string; args: unknown[]; argsAfter?: true }[] {
  return cases.map((c) => (c.argsAfter ? { fn: c.fn, args: c.args, argsAfter: true } : { fn: c.fn, args: c.args }));
}
