/**
 * Float formats described by their fields: (exponent bits, significand bits, bias, specials).
 * One description serves every format, from float32 down to the 4-bit E2M1.
 */

/**
 * Which codes are special: 'ieee' (exponent all ones is ±Inf or NaN), 'nan-only' (only the code with
 * exponent and significand all ones is NaN, as in OCP E4M3FN), 'none' (every code is finite, as in E2M1).
 */
export type Specials = 'ieee' | 'nan-only' | 'none';

/** A binary floating-point format: 1 sign bit, then the exponent field, then the significand field. */
export interface FloatFormat {
  name: string;
  exponentBits: number;
  significandBits: number;
  bias: number;
  specials: Specials;
}

/** Describe any format; bias defaults to 2^(exponentBits-1) - 1 and specials to 'ieee'. */
export function defineFormat(f: { name: string; exponentBits: number; significandBits: number; bias?: number; specials?: Specials }): FloatFormat {
  const { name, exponentBits, significandBits } = f;
  if (!Number.isInteger(exponentBits) || exponentBits < 1 || exponentBits > 11) throw new RangeError(`${name}: exponentBits must be an integer from 1 to 11, got ${exponentBits}`);
  if (!Number.isInteger(significandBits) || significandBits < 0 || significandBits > 52) throw new RangeError(`${name}: significandBits must be an integer from 0 to 52, got ${significandBits}`);
  const specials = f.specials ?? 'ieee';
  if (specials === 'ieee' && exponentBits < 2) throw new RangeError(`${name}: an IEEE-style format needs at least 2 exponent bits`);
  return { name, exponentBits, significandBits, bias: f.bias ?? 2 ** (exponentBits - 1) - 1, specials };
}

/** The formats the course names, plus the essay's IEEE-style 8-bit and 4-bit examples. */
// The calls are marked pure so that a page using no format drops them (tests/core/bundle.test.ts).
export const FORMATS = {
  float32: /* @__PURE__ */ defineFormat({ name: 'float32', exponentBits: 8, significandBits: 23 }),
  float16: /* @__PURE__ */ defineFormat({ name: 'float16', exponentBits: 5, significandBits: 10 }),
  bfloat16: /* @__PURE__ */ defineFormat({ name: 'bfloat16', exponentBits: 8, significandBits: 7 }),
  e4m3fn: /* @__PURE__ */ defineFormat({ name: 'e4m3fn', exponentBits: 4, significandBits: 3, specials: 'nan-only' }),
  e5m2: /* @__PURE__ */ defineFormat({ name: 'e5m2', exponentBits: 5, significandBits: 2 }),
  e2m1: /* @__PURE__ */ defineFormat({ name: 'e2m1', exponentBits: 2, significandBits: 1, specials: 'none' }),
  /** The essay's 1/4/3 float8 that keeps IEEE Inf/NaN (max 240): not OCP E4M3FN. */
  fp8_e4m3_ieee: /* @__PURE__ */ defineFormat({ name: 'fp8-e4m3-ieee', exponentBits: 4, significandBits: 3 }),
  /** The essay's 1/2/1 float4 that keeps IEEE Inf/NaN (max 3): not OCP E2M1. */
  fp4_e2m1_ieee: /* @__PURE__ */ defineFormat({ name: 'fp4-e2m1-ieee', exponentBits: 2, significandBits: 1 }),
} as const satisfies Record<string, FloatFormat>;

/** Name of a named format. */
export type FormatName = keyof typeof FORMATS;

/** Total bits of a code (sign + exponent + significand). */
export const totalBits = (f: FloatFormat): number => 1 + f.exponentBits + f.significandBits;

/** The value of the sign bit, 2^(exponentBits + significandBits). Codes are handled as plain numbers, not 32-bit ints. */
export const signBit = (f: FloatFormat): number => 2 ** (f.exponentBits + f.significandBits);

/** The largest finite code without its sign bit. */
export function maxFiniteCode(f: FloatFormat): number {
  const eMax = 2 ** f.exponentBits - 1, mMax = 2 ** f.significandBits - 1;
  if (f.specials === 'ieee') return (eMax - 1) * 2 ** f.significandBits + mMax;
  if (f.specials === 'nan-only') return eMax * 2 ** f.significandBits + mMax - 1;
  return eMax * 2 ** f.significandBits + mMax;
}

/** The code of +Infinity ('ieee' formats only). */
export const infinityCode = (f: FloatFormat): number => (2 ** f.exponentBits - 1) * 2 ** f.significandBits;

/** The canonical quiet NaN: exponent all ones with the top significand bit ('ieee'), or all ones ('nan-only'). */
export function nanCode(f: FloatFormat): number {
  if (f.specials === 'none') throw new RangeError(`${f.name} has no NaN`);
  if (f.specials === 'nan-only') return signBit(f) - 1;
  return infinityCode(f) + (f.significandBits > 0 ? 2 ** (f.significandBits - 1) : 0);
}

/** Largest finite value. */
export function maxFinite(f: FloatFormat): number {
  const code = maxFiniteCode(f);
  const e = Math.floor(code / 2 ** f.significandBits);
  const m = code % 2 ** f.significandBits;
  return (1 + m / 2 ** f.significandBits) * 2 ** (e - f.bias);
}

/** Smallest positive normal value, 2^(1 - bias). */
export const minNormal = (f: FloatFormat): number => 2 ** (1 - f.bias);

/** Smallest positive subnormal value, 2^(1 - bias - significandBits). */
export const minSubnormal = (f: FloatFormat): number => 2 ** (1 - f.bias - f.significandBits);

/** Significant decimal digits the format always preserves (like C's FLT_DIG: float32 6, float16 3, bfloat16 2). */
export const guaranteedDigits = (f: FloatFormat): number => Math.floor(f.significandBits * Math.log10(2));
