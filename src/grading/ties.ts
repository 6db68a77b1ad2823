/**
 * Tie probing: a case sits on (or within float noise of) a rounding tie when nudging its float
 * inputs by one ulp changes an integer in the reference's output. Such a case could fail a correct
 * solution that merely orders its float operations differently, so generators must avoid them.
 */
import type { Rng } from '../core/rng.ts';
import { toleranceFor, type CaseInput, type Exercise } from './exercise.ts';
import { expectedFor } from './reference.ts';

const f64 = new Float64Array(1);
const u64 = new BigInt64Array(f64.buffer);
const f32 = new Float32Array(1);
const u32 = new Int32Array(f32.buffer);

/** The next double after x in direction dir (+1 or −1), stepping by `ulps` units in the last place. */
export function stepFloat64(x: number, dir: 1 | -1, ulps = 1): number {
  if (!Number.isFinite(x) || x === 0) return x;
  f64[0] = x;
  u64[0]! += BigInt((x > 0 ? dir : -dir) * ulps);
  return f64[0]!;
}

/** The next float32 after x in direction dir. */
export function stepFloat32(x: number, dir: 1 | -1, ulps = 1): number {
  if (!Number.isFinite(x) || x === 0) return x;
  f32[0] = x;
  u32[0]! += (x > 0 ? dir : -dir) * ulps;
  return f32[0]!;
}

/**
 * A deep copy of args with every non-integer finite number moved by one ulp in a direction `pick`
 * chooses for that number. Equal inputs get the same direction, so a constant block stays constant:
 * a tie is float noise within a value, not a difference between equal values.
 */
export function nudge(value: unknown, pick: (x: number) => 1 | -1): unknown {
  if (typeof value === 'number') return Number.isInteger(value) ? value : stepFloat64(value, pick(value));
  if (value instanceof Float32Array) return value.map((x) => (Number.isInteger(x) ? x : stepFloat32(x, pick(x))));
  if (value instanceof Float64Array) return value.map((x) => (Number.isInteger(x) ? x : stepFloat64(x, pick(x))));
  if (ArrayBuffer.isView(value)) return value; // integer typed arrays have no ties to nudge off
  if (Array.isArray(value)) return value.map((v) => nudge(v, pick));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, nudge(v, pick)]));
  }
  return value;
}

/** Every integer-valued number in an output, in a fixed order (bytes of typed arrays included). */
export function integerLeaves(value: unknown, out: number[] = []): number[] {
  if (typeof value === 'number') {
    if (Number.isInteger(value)) out.push(value);
  } else if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
    for (const x of Array.from(value as unknown as ArrayLike<number>)) if (Number.isInteger(x)) out.push(x);
  } else if (Array.isArray(value)) {
    for (const v of value) integerLeaves(v, out);
  } else if (value !== null && typeof value === 'object') {
    for (const v of Object.values(value)) integerLeaves(v, out);
  }
  return out;
}

/**
 * The outputs compared exactly: a float output that happens to be a whole number (a perplexity of
 * exactly 4, a KL of 0) is compared with a tolerance, so a nudge moving it is no tie.
 */
function exactlyCompared(ex: Exercise, fn: string, out: unknown): unknown {
  const exact = (field: string) => typeof toleranceFor(ex, fn, field) === 'string';
  if (out !== null && typeof out === 'object' && !Array.isArray(out) && !ArrayBuffer.isView(out)) {
    return Object.fromEntries(Object.entries(out).filter(([field]) => exact(field)));
  }
  return exact('') ? out : undefined;
}

/**
 * Whether a case is tie-sensitive: some nudge (all up, all down, then random mixes) changes the
 * integers of the reference output that are compared exactly, as chosen by the exercise's
 * `tieProbe` (default: every integer leaf of an exactly compared output).
 */
export function isTieSensitive(ex: Exercise, input: CaseInput, rng: Rng, trials = 4): boolean {
  // An assessment's calls have no expected output: their group judges what they return as a whole.
  if ((input as { group?: number }).group !== undefined) return false;
  const project = (out: unknown) => JSON.stringify(integerLeaves(ex.tieProbe ? ex.tieProbe(out, input) : exactlyCompared(ex, input.fn, out)));
  const base = project(expectedFor(ex, input));
  const pickers: (() => 1 | -1)[] = [() => 1, () => -1];
  for (let t = 0; t < trials; t++) pickers.push(() => (rng.next() < 0.5 ? 1 : -1));
  for (const random of pickers) {
    const chosen = new Map<number, 1 | -1>();
    const pick = (x: number) => chosen.get(x) ?? chosen.set(x, random()).get(x)!;
    const nudged: CaseInput = { ...input, args: nudge(input.args, pick) as unknown[] };
    let out: unknown;
    try {
      out = expectedFor(ex, nudged);
    } catch {
      continue; // a nudge that makes the input invalid says nothing about ties
    }
    if (project(out) !== base) return true;
  }
  return false;
}
