/** What the lab's sections share with the widget that mounts them: the engine, the status line, steps and evaluations. */
import type { NamedScheme, QuantRecipe } from '../../core/model/recipe.ts';
import type { Engine, Evaluation } from '../../lab/index.ts';

/** A recipe as the controls describe it. */
export interface Choice {
  recipe: QuantRecipe;
  label: string;
  /** Integer blocks go through the learner's saved quantizeBlocks. */
  learner: boolean;
}

/** Thrown by a step after Stop was pressed. */
export class Stopped extends Error {}

/** What the lab says when the learner's quantizeBlocks is needed and none is saved. */
export const NO_CODE = 'There is no saved quantizeBlocks in this browser yet. Write it in the exercise of the lesson "Outliers and blocks" (it saves as you type), then come back: the lab runs the code saved there.';

/** The widget's side of a section. */
export interface LabContext {
  /** The running engine (sections act only once it is ready). */
  engine(): Engine;
  status: HTMLElement;
  /** Tell screen readers. */
  say(text: string): void;
  /** Show progress and stop here if Stop was pressed. */
  step(done: number, total: number, what: string): void;
  /** Run `body` with the action buttons disabled and errors shown in the status line. */
  guarded(body: () => Promise<void>): Promise<void>;
  byId(id: string): NamedScheme;
  currentChoice(): Choice;
  /** A built-in recipe's evaluation, from memory when it was already run. */
  reference(c: Choice): Promise<Evaluation>;
  /** The remembered evaluation of a built-in recipe, if any. */
  known(c: Choice): Evaluation | undefined;
  /** Evaluate a choice and add its rows to the table; `at`: step and steps, for the progress bar. */
  addRow(c: Choice, at?: [number, number]): Promise<Evaluation>;
}
