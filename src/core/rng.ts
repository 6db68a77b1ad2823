/**
 * A small seeded PRNG (sfc32) so that the same seed gives the same cases on every
 * machine and in every browser: only 32-bit integer arithmetic, no Math.random.
 */

/** A seeded random source with helpers shaped for test-case generators. */
export interface Rng {
  /** Uniform float in [0, 1). */
  next(): number;
  /** Uniform integer in [lo, hi] (both inclusive). */
  int(lo: number, hi: number): number;
  /** Uniform float in [lo, hi). */
  uniform(lo: number, hi: number): number;
  /** Approximately normal sample (Irwin–Hall, tails cut at ±6 std). */
  normal(mean?: number, std?: number): number;
  /** One element of a non-empty array. */
  pick<T>(items: readonly T[]): T;
  /** A fresh, independent generator derived from this one (for sub-streams). */
  fork(): Rng;
}

/** Hash a string or number seed into four 32-bit words (cyrb128). */
function seedWords(seed: string | number): [number, number, number, number] {
  const str = String(seed);
  let h1 = 1779033703, h2 = 3144134277, h3 = 1013904242, h4 = 2773480762;
  for (let i = 0; i < str.length; i++) {
    const k = str.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  return [(h1 ^ h2 ^ h3 ^ h4) >>> 0, (h2 ^ h1) >>> 0, (h3 ^ h1) >>> 0, (h4 ^ h1) >>> 0];
}

/** Create a deterministic generator from a seed (any string or number). */
export function createRng(seed: string | number): Rng {
  let [a, b, c, d] = seedWords(seed);
  const nextU32 = (): number => {
    a >>>= 0; b >>>= 0; c >>>= 0; d >>>= 0;
    const t = (a + b) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    d = (d + 1) | 0;
    const r = (t + d) | 0;
    c = (c + r) | 0;
    return r >>> 0;
  };
  // Warm up: sfc32 is weak for its first few outputs from correlated seeds.
  for (let i = 0; i < 12; i++) nextU32();
  const next = (): number => {
    // 53 random bits, so every double in [0, 1) on a 2^-53 grid is reachable.
    const hi = nextU32() >>> 5, lo = nextU32() >>> 6;
    return (hi * 67108864 + lo) / 9007199254740992;
  };
  const rng: Rng = {
    next,
    int(lo, hi) {
      if (!Number.isInteger(lo) || !Number.isInteger(hi) || hi < lo) throw new RangeError(`int(${lo}, ${hi}): need integers lo <= hi`);
      return lo + Math.floor(next() * (hi - lo + 1));
    },
    uniform(lo, hi) {
      return lo + next() * (hi - lo);
    },
    normal(mean = 0, std = 1) {
      // Irwin–Hall (sum of 12 uniforms − 6): only + and −, so the samples are bit-identical
      // in every JS engine, unlike Box–Muller's log/cos whose last bit may differ between engines.
      let s = -6;
      for (let i = 0; i < 12; i++) s += next();
      return mean + std * s;
    },
    pick(items) {
      if (items.length === 0) throw new RangeError('pick() from an empty array');
      return items[Math.floor(next() * items.length)]!;
    },
    fork() {
      return createRng(`${nextU32()}:${nextU32()}`);
    },
  };
  return rng;
}
