/** The TypeScript training step's speed against numpy's (issue 6): see scripts/train-model/ts-step/measure.ts. */
import { measureTraining } from '../scripts/train-model/ts-step/measure.ts';

/** Print ms per training step on 1 and 2 threads and the projected time for train.py's 7,700 steps. */
export async function benchTrain(): Promise<void> {
  measureTraining();
}
