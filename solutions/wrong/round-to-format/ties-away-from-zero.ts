// breaks: ties-to-even
// Rounds a tie up (away from zero), like Math.round on the magnitude.
type FloatFormat = {
  name: string;
  exponentBits: number;
  significandBits: number;
  bias: number;
  specials: 'ieee' | 'nan-only' | 'none';
};

/** Each value replaced by the nearest value `format` can represent (ties to even). */
export function roundToFormat(values: number[], format: FloatFormat): number[] {
  const { exponentBits: E, significandBits: M, bias, specials } = format;
  const eMax = 2 ** E - 1;
  // Largest finite value: the top exponent is reserved in ieee formats; nan-only loses one code.
  const topE = specials === 'ieee' ? eMax - 1 : eMax;
  const topM = specials === 'nan-only' ? 2 ** M - 2 : 2 ** M - 1;
  const max = (1 + topM / 2 ** M) * 2 ** (topE - bias);
  return values.map((x) => {
    if (Number.isNaN(x)) return NaN;
    const sign = x < 0 || Object.is(x, -0) ? -1 : 1;
    const a = Math.abs(x);
    if (a === 0) return sign * 0;
    let e = a === Infinity ? topE - bias : Math.floor(Math.log2(a));
    if (2 ** e > a) e--;
    if (2 ** (e + 1) <= a) e++;
    e = Math.max(e, 1 - bias);
    const ulp = 2 ** (e - M);
    const scaled = a / ulp;
    let q = Math.floor(scaled);
    const rest = scaled - q;
    if (rest >= 0.5) q++;
    const r = a === Infinity ? Infinity : q * ulp;
    if (r > max) return specials === 'ieee' ? sign * Infinity : specials === 'nan-only' ? NaN : sign * max;
    return sign * r;
  });
}
