// breaks: nan-only
// Reads 'all ones' as every bit, sign included: only E4M3FN 0x7f is NaN, 0xff decodes as -480.
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
  if (format.specials === 'nan-only' && s === 0 && e === eMax && m === mMax) return NaN;
  if (e === 0) return sign * m * 2 ** (1 - bias - M);
  return sign * (1 + m / 2 ** M) * 2 ** (e - bias);
}
