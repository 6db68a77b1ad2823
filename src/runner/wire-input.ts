/** The wire form of a run's calls, encoded once per list of calls (a whole class shares one per exercise). */
import type { RunCall } from '../grading/run-contract.ts';
import { toWire } from '../grading/wire.ts';

const inputs = new WeakMap<readonly RunCall[], string>();

/** Wire JSON of `calls`, remembered for as long as the array lives. */
export function wireInput(calls: readonly RunCall[]): string {
  let input = inputs.get(calls);
  if (input === undefined) inputs.set(calls, (input = toWire(calls)));
  return input;
}
