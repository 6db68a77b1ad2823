/** The FP8 formats by name: 'e4m3' (4 exponent bits, 3 significand bits, bias 7, max 448) and 'e5m2' (5, 2, bias 15, max 57344). */
type Fp8 = 'e4m3' | 'e5m2';

/** |round(x) − x| / |x| in `format`: 0 for x = 0, Infinity when x rounds past the largest value. */
export function relativeError(x: number, format: Fp8): number {
  // TODO
  return 0;
}

/** The format that stores x with the smaller relative error, or 'equal'. */
export function moreAccurate(x: number): Fp8 | 'equal' {
  // TODO
  return 'equal';
}
