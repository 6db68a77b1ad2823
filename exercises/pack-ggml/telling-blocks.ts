/**
 * Blocks that tell a correct packer from a plausible wrong one, built or searched for on purpose
 * because random weights almost never do: exact halves for Q8_0's rounding, equal magnitudes of
 * opposite sign for Q4_0's "first one wins", blocks whose scale is 0, and blocks where the float32
 * reading and the double one (rival-readings.ts) give other bytes. Every search draws only from the
 * rng, so a seed still gives the same cases, and gives up after a bounded number of tries.
 */
import { quantizeGgml } from '../../src/core/index.ts';
import type { Rng } from '../../src/core/rng.ts';
import { q40AddInDouble, q40Double, q41Double, q8Double, q8ProductInDouble } from './rival-readings.ts';

const fr = Math.fround;
const f32 = new Float32Array(1);
const u32 = new Int32Array(f32.buffer);

/** The float32 `n` ulps away from x (towards +Inf for n > 0 when x > 0). */
function ulps(x: number, n: number): number {
  f32[0] = x;
  u32[0]! += x < 0 ? -n : n;
  return f32[0]!;
}

/** The 32 quantized codes of one block as llama.cpp writes them (scale bytes left out). */
export function referenceCodes(type: 'q8_0' | 'q4_0' | 'q4_1', x: Float32Array): number[] {
  const bytes = quantizeGgml(type, x);
  if (type === 'q8_0') return Array.from(bytes.subarray(2, 34));
  const qs = bytes.subarray(type === 'q4_0' ? 2 : 4);
  return Array.from({ length: 32 }, (_, j) => (j < 16 ? qs[j]! & 15 : qs[j - 16]! >> 4));
}

const same = (a: number[], b: number[]) => a.every((v, j) => v === b[j]);

/**
 * Whether the reference codes stay put when the elements at `at` move by up to two ulps each, in every
 * combination of directions: what the grader's tie probe does (by one ulp), with a margin.
 */
function steady(type: 'q8_0' | 'q4_0' | 'q4_1', x: Float32Array, at: number[]): boolean {
  const base = referenceCodes(type, x);
  const moves = [-2, -1, 1, 2];
  const combos = moves.length ** at.length;
  for (let c = 0; c < combos; c++) {
    const y = x.slice();
    let k = c;
    for (const j of at) {
      if (!Number.isInteger(y[j]!)) y[j] = ulps(y[j]!, moves[k % moves.length]!);
      k = Math.floor(k / moves.length);
    }
    if (!same(referenceCodes(type, y), base)) return false;
  }
  return true;
}

/** Weight-like filler in (−limit, limit), away from integers (the tie probe leaves integers alone). */
function filler(rng: Rng, limit: number): Float32Array {
  return Float32Array.from({ length: 32 }, () => rng.uniform(-0.9, 0.9) * limit);
}

/** Whether the reference codes and a rival's differ at `at` and nowhere else. */
const differsOnlyAt = (ref: number[], rival: number[], at: number) => ref.every((v, j) => (v === rival[j]) !== (j === at));

/**
 * A Q8_0 block where a reading with float32 steps left out (`rival`: all of them, or only the rounding
 * of x × id) gives another code. Float32 and double
 * disagree only within float32 noise of a half, where the probe's one-ulp nudges would move the
 * float32 code too; so the block is of whole numbers (the probe leaves integers alone), large enough
 * (up to 2^24, all exact in float32) that x × 127 / amax can land that close to a half without
 * being one.
 */
export function q8Telling(rng: Rng, rival: (x: Float32Array) => number[]): Float32Array | undefined {
  for (let t = 0; t < 100; t++) {
    const amax = rng.int(2 ** 20, 2 ** 24 - 1);
    const x = Float32Array.from({ length: 32 }, () => Math.round(rng.uniform(-0.9, 0.9) * amax));
    const top = rng.int(0, 31);
    x[top] = rng.next() < 0.5 ? -amax : amax;
    const at = (top + rng.int(1, 31)) % 32;
    const k = rng.int(1, 125);
    const v = Math.round(((k + 0.5) * amax) / 127);
    if (254 * v === (2 * k + 1) * amax) continue; // exactly a half: a real tie
    x[at] = rng.next() < 0.5 ? -v : v;
    if (differsOnlyAt(referenceCodes('q8_0', x), rival(x), at)) return x;
  }
  return undefined;
}

/** A Q8_0 block where doing every step in double gives another code. */
export const q8DoubleTelling = (rng: Rng) => q8Telling(rng, q8Double);

/** A Q8_0 block where leaving x × id in double (before roundf) gives another code. */
export const q8ProductTelling = (rng: Rng) => q8Telling(rng, q8ProductInDouble);

/**
 * A Q4_0 block where the float32 reading and the double readings (all steps, or only `+ 8.5`) differ:
 * one element has x × id just below 0.5, so that x × id + 8.5 is just below 9 in double but rounds up
 * to 9 in float32 (a window of 16 float32 steps of x × id: the probe's nudges stay inside it).
 */
export function q40DoubleTelling(rng: Rng): Float32Array | undefined {
  for (let t = 0; t < 50; t++) {
    const scale = rng.pick([0.02, 0.1, 0.5, 1, 3]);
    const x = filler(rng, scale);
    const top = rng.int(0, 31);
    x[top] = (rng.next() < 0.5 ? -1 : 1) * scale * rng.uniform(1, 1.5);
    const d = fr(x[top]! / -8);
    const id = fr(1 / d);
    const at = (top + rng.int(1, 31)) % 32;
    // The middle of the window: x × id = 0.5 − 2^-22.
    const x0 = fr((0.5 - 2 ** -22) / id);
    for (let s = 0; s <= 6; s = s > 0 ? -s : 1 - s) {
      x[at] = ulps(x0, s);
      const ref = referenceCodes('q4_0', x);
      if (differsOnlyAt(ref, q40Double(x), at) && differsOnlyAt(ref, q40AddInDouble(x), at) && steady('q4_0', x, [at, top])) return x;
    }
  }
  return undefined;
}

/**
 * A Q4_1 block where doing every step in double gives another code. Its minimum and maximum are
 * integers, so the probe's nudges leave d, id and the minimum alone; the telling element sits near a
 * step of (x − min) × id with room on the float32 side.
 */
export function q41DoubleTelling(rng: Rng): Float32Array | undefined {
  for (let t = 0; t < 200; t++) {
    const min = rng.pick([0, 0, -rng.int(1, 40)]);
    const max = min + rng.int(2, 300);
    const x = Float32Array.from({ length: 32 }, () => min + rng.uniform(0.05, 0.95) * (max - min));
    const lo = rng.int(0, 31);
    const hi = (lo + rng.int(1, 31)) % 32;
    x[lo] = min;
    x[hi] = max;
    let at = (hi + rng.int(1, 31)) % 32;
    if (at === lo) at = (at + 1) % 32 === hi ? (at + 2) % 32 : (at + 1) % 32;
    const id = fr(1 / fr(fr(max - min) / 15));
    const step = rng.int(1, 15) - 0.5;
    const x0 = fr(min + step / id);
    for (let s = -3; s <= 3; s++) {
      x[at] = ulps(x0, s);
      if (differsOnlyAt(referenceCodes('q4_1', x), q41Double(x), at) && steady('q4_1', x, [at])) return x;
    }
  }
  return undefined;
}
