// breaks: nan-only-overflow
// Checks rounded codes for overflow only in 'ieee' and 'none' formats: in E4M3FN a value that rounds past 448 keeps whatever code the rounding made (0x7f by luck just past 464, a carry into the sign bit further up).
type FloatFormat = {
  name: string;
  exponentBits: number;
  significandBits: number;
  bias: number;
  specials: 'ieee' | 'nan-only' | 'none';
};

/** The bits of the value of `format` nearest to `x` (round to nearest, ties to even). */
export function encodeFloat(x: number, format: FloatFormat, saturate: boolean): number {
  const { exponentBits: E, significandBits: M, bias, specials } = format;
  const signBit = 2 ** (E + M);
  const eMax = 2 ** E - 1;
  // Largest finite code (without sign): ieee formats lose the top exponent, nan-only only its last code.
  const maxCode = specials === 'ieee' ? (eMax - 1) * 2 ** M + (2 ** M - 1) : specials === 'nan-only' ? eMax * 2 ** M + (2 ** M - 2) : eMax * 2 ** M + (2 ** M - 1);
  const infCode = eMax * 2 ** M;
  if (Number.isNaN(x)) return specials === 'nan-only' ? eMax * 2 ** M + (2 ** M - 1) : infCode + 2 ** (M - 1);
  const negative = x < 0 || Object.is(x, -0);
  const sign = negative ? signBit : 0;
  const a = Math.abs(x);
  const overflow = () => (saturate || specials === 'none' ? sign + maxCode : specials === 'ieee' ? sign + infCode : sign + eMax * 2 ** M + (2 ** M - 1));
  if (a === Infinity) return overflow();
  if (a === 0) return sign;
  // Exponent of the binade holding a, never below the subnormal exponent.
  let e = Math.max(Math.floor(Math.log2(a)), 1 - bias);
  if (2 ** e > a) e--; // log2 may round up just below a power of two
  if (2 ** (e + 1) <= a) e++;
  e = Math.max(e, 1 - bias);
  const ulp = 2 ** (e - M);
  const scaled = a / ulp; // exact: dividing by a power of two
  let q = Math.floor(scaled);
  const rest = scaled - q;
  if (rest > 0.5 || (rest === 0.5 && q % 2 === 1)) q++;
  // q counts ulps from 0 in this binade: q ≥ 2^M means a normal number (implicit 1 included).
  let code: number;
  if (q < 2 ** M) code = q; // subnormal (e is the minimum exponent)
  else {
    let biased = e + bias;
    if (q === 2 ** (M + 1)) { q = 2 ** M; biased++; } // rounding carried into the next binade
    code = biased * 2 ** M + (q - 2 ** M);
  }
  if (code > maxCode && specials !== 'nan-only') return overflow();
  return sign + code;
}
