type FloatFormat = {
  name: string;
  exponentBits: number;
  significandBits: number;
  bias: number;
  /** 'ieee': exponent all ones = Inf/NaN; 'nan-only': only the all-ones code is NaN; 'none': no specials */
  specials: 'ieee' | 'nan-only' | 'none';
};

/** The bits of the value of `format` nearest to `x` (round to nearest, ties to even). */
export function encodeFloat(x: number, format: FloatFormat, saturate: boolean): number {
  // TODO
  return 0;
}
