// breaks: subnormal
// Forgets subnormals: e = 0 codes other than zero get the implicit 1 like normal numbers.
type FloatFormat = {
  name: string;
  exponentBits: number;
  significandBits: number;
  bias: number;
  specials: 'ieee' | 'nan-only' | 'none';
};

/** The value that the code `bits` stands for in `format`. */
export function decodeFloat(bits: number, format: FloatFormat): number {
  const { exponentBits: E, significandBits: M, bias } = format;
  const m = bits % 2 ** M;
  const e = Math.floor(bits / 2 ** M) % 2 ** E;
  const s = Math.floor(bits / 2 ** (E + M)) % 2;
  const sign = s ? -1 : 1;
  const eMax = 2 ** E - 1, mMax = 2 ** M - 1;
  if (format.specials === 'ieee' && e === eMax) return m === 0 ? sign * Infinity : NaN;
  if (format.specials === 'nan-only' && e === eMax && m === mMax) return NaN;
  if (e === 0 && m === 0) return sign * 0;
  return sign * (1 + m / 2 ** M) * 2 ** (e - bias);
}
