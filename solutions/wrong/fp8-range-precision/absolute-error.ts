// breaks: relative-error
// Returns the absolute error |rounded − x|, not divided by |x|.
/** The FP8 formats by name: 'e4m3' (4 exponent bits, 3 significand bits, bias 7, max 448) and 'e5m2' (5, 2, bias 15, max 57344). */
type Fp8 = 'e4m3' | 'e5m2';

const FP8: Record<Fp8, { significandBits: number; bias: number; max: number }> = {
  e4m3: { significandBits: 3, bias: 7, max: 448 },
  e5m2: { significandBits: 2, bias: 15, max: 57344 },
};

/** |x| rounded to the nearest value of the format (ties to even), or Infinity when that overflows. */
function roundMagnitude(a: number, format: Fp8): number {
  const { significandBits: m, bias, max } = FP8[format];
  // The binade of a, but never below the smallest normal one: subnormals share its step.
  let e = Math.floor(Math.log2(a));
  if (2 ** e > a) e--;
  if (2 ** (e + 1) <= a) e++;
  e = Math.max(e, 1 - bias);
  const step = 2 ** (e - m);
  let q = Math.floor(a / step);
  const rest = a / step - q;
  if (rest > 0.5 || (rest === 0.5 && q % 2 === 1)) q++;
  const r = q * step;
  return r > max ? Infinity : r;
}

/** |round(x) − x| / |x| in `format`: 0 for x = 0, Infinity when x rounds past the largest value. */
export function relativeError(x: number, format: Fp8): number {
  if (x === 0) return 0;
  const a = Math.abs(x);
  const r = roundMagnitude(a, format);
  return r === Infinity ? Infinity : Math.abs(r - a);
}

/** The format that stores x with the smaller relative error, or 'equal'. */
export function moreAccurate(x: number): Fp8 | 'equal' {
  const a = relativeError(x, 'e4m3'), b = relativeError(x, 'e5m2');
  return a < b ? 'e4m3' : b < a ? 'e5m2' : 'equal';
}
