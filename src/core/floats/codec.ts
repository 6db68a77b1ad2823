/**
 * Decoding and encoding float codes for any FloatFormat. Codes are plain non-negative integers
 * (not 32-bit ints), so float32's sign bit is 2^31 = 2147483648. Arithmetic is exact in float64:
 * every step divides or multiplies by powers of two.
 */
import { infinityCode, maxFinite, maxFiniteCode, nanCode, signBit, totalBits, type FloatFormat } from './format.ts';

/** The three fields of a code. */
export interface FloatFields {
  sign: 0 | 1;
  exponent: number;
  significand: number;
}

/** Throw a clear error unless `bits` is a valid code of `f`. */
function checkCode(bits: number, f: FloatFormat): void {
  if (!Number.isInteger(bits) || bits < 0 || bits >= 2 ** totalBits(f)) {
    throw new RangeError(`${bits} is not a ${totalBits(f)}-bit code of ${f.name}`);
  }
}

/** Split a code into sign, exponent field and significand field. */
export function fieldsOf(bits: number, f: FloatFormat): FloatFields {
  checkCode(bits, f);
  const M = 2 ** f.significandBits;
  return {
    sign: Math.floor(bits / signBit(f)) as 0 | 1,
    exponent: Math.floor(bits / M) % 2 ** f.exponentBits,
    significand: bits % M,
  };
}

/** Whether a code is NaN in its format. */
export function isNaNCode(bits: number, f: FloatFormat): boolean {
  const { exponent, significand } = fieldsOf(bits, f);
  const eMax = 2 ** f.exponentBits - 1;
  if (f.specials === 'ieee') return exponent === eMax && significand !== 0;
  if (f.specials === 'nan-only') return exponent === eMax && significand === 2 ** f.significandBits - 1;
  return false;
}

/** The number a code stands for (subnormals, ±0, ±Inf and NaN included). */
export function decodeFloat(bits: number, f: FloatFormat): number {
  const { sign, exponent, significand } = fieldsOf(bits, f);
  const s = sign ? -1 : 1;
  const eMax = 2 ** f.exponentBits - 1;
  if (f.specials === 'ieee' && exponent === eMax) return significand === 0 ? s * Infinity : NaN;
  if (f.specials === 'nan-only' && exponent === eMax && significand === 2 ** f.significandBits - 1) return NaN;
  if (exponent === 0) return s * significand * 2 ** (1 - f.bias - f.significandBits);
  return s * (1 + significand / 2 ** f.significandBits) * 2 ** (exponent - f.bias);
}

/** Options for encodeFloat. */
export interface EncodeOptions {
  /** Clamp overflow and ±Infinity to ±max finite instead of the format's overflow rule. */
  saturate?: boolean;
}

/**
 * The code of the value of `f` nearest to `x`: round to nearest, ties to even, gradual underflow;
 * rounded with an unbounded exponent first, then checked for overflow. Overflow gives ±Inf ('ieee'),
 * NaN with the sign kept ('nan-only', as OCP E4M3FN conversions do) or ±max ('none', as MX FP4 does).
 * NaN gives the canonical quiet NaN; a format without NaN throws a RangeError for it.
 */
export function encodeFloat(x: number, f: FloatFormat, options: EncodeOptions = {}): number {
  const M = f.significandBits;
  if (Number.isNaN(x)) {
    if (f.specials === 'none') throw new RangeError(`${f.name} has no NaN: NaN cannot be encoded`);
    return nanCode(f);
  }
  const sign = x < 0 || Object.is(x, -0) ? signBit(f) : 0;
  const a = Math.abs(x);
  const overflow = (): number => {
    if (options.saturate || f.specials === 'none') return sign + maxFiniteCode(f);
    if (f.specials === 'ieee') return sign + infinityCode(f);
    return sign + nanCode(f); // 'nan-only': OCP E4M3FN turns overflow into NaN, keeping the sign
  };
  if (a === Infinity) return overflow();
  if (a === 0) return sign;
  const eMin = 1 - f.bias;
  const e = Math.max(binade(a), eMin);
  const scaled = a / 2 ** (e - M); // exact: a power-of-two division; < 2^(M+1) so the split below is exact too
  let q = Math.floor(scaled);
  const rest = scaled - q;
  if (rest > 0.5 || (rest === 0.5 && q % 2 === 1)) q++;
  // q counts ulps of binade e: below 2^M it is a subnormal (e is then eMin); 2^(M+1) is a carry into the next binade.
  let code: number;
  if (q < 2 ** M) code = q;
  else if (q === 2 ** (M + 1)) code = (e + 1 + f.bias) * 2 ** M;
  else code = (e + f.bias) * 2 ** M + (q - 2 ** M);
  if (code > maxFiniteCode(f)) return overflow();
  return sign + code;
}

/** floor(log2(a)) for a finite a > 0, exact (Math.log2 may be off by one next to powers of two). */
function binade(a: number): number {
  let e = Math.floor(Math.log2(a));
  if (2 ** e > a) e--;
  else if (2 ** (e + 1) <= a) e++;
  return e;
}

/** The value of `f` nearest to x (encode then decode): round-to-nearest quantization. */
export function roundToFormatValue(x: number, f: FloatFormat, options: EncodeOptions = {}): number {
  return decodeFloat(encodeFloat(x, f, options), f);
}

/** Every value replaced by the nearest value `f` represents. */
export function roundToFormat(values: readonly number[], f: FloatFormat, options: EncodeOptions = {}): number[] {
  return values.map((x) => roundToFormatValue(x, f, options));
}

/** Negate a code (flip its sign bit). */
const negateCode = (bits: number, f: FloatFormat): number => (bits >= signBit(f) ? bits - signBit(f) : bits + signBit(f));

/**
 * The code of the next representable value above `bits` (IEEE nextUp): -0 and +0 go to the smallest
 * subnormal; the smallest negative subnormal goes to -0; the largest finite goes to +Inf in 'ieee'
 * formats and stays put elsewhere; NaN and +Inf stay put.
 */
export function nextUp(bits: number, f: FloatFormat): number {
  checkCode(bits, f);
  if (isNaNCode(bits, f)) return bits;
  const sb = signBit(f);
  if (bits === 0 || bits === sb) return 1;
  if (bits > sb) return bits - 1; // negative: toward zero (the smallest negative subnormal goes to -0)
  if (bits === maxFiniteCode(f)) return f.specials === 'ieee' ? infinityCode(f) : bits;
  if (f.specials === 'ieee' && bits === infinityCode(f)) return bits;
  return bits + 1;
}

/** The code of the next representable value below `bits` (IEEE nextDown). */
export function nextDown(bits: number, f: FloatFormat): number {
  checkCode(bits, f);
  if (isNaNCode(bits, f)) return bits;
  return negateCode(nextUp(negateCode(bits, f), f), f);
}

/** Every code of a format with at most 16 bits, with its value, in code order. */
export function allValues(f: FloatFormat): { bits: number; value: number }[] {
  if (totalBits(f) > 16) throw new RangeError(`${f.name} has ${totalBits(f)} bits: too many codes to list`);
  return Array.from({ length: 2 ** totalBits(f) }, (_, bits) => ({ bits, value: decodeFloat(bits, f) }));
}

/** Whether x is exactly representable in f. */
export function isRepresentable(x: number, f: FloatFormat): boolean {
  if (Number.isNaN(x)) return f.specials !== 'none';
  if (!Number.isFinite(x)) return f.specials === 'ieee';
  return Math.abs(x) <= maxFinite(f) && Object.is(roundToFormatValue(x, f), x);
}
