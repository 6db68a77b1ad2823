type FloatFormat = {
  name: string;
  exponentBits: number;
  significandBits: number;
  bias: number;
  /** 'ieee': exponent all ones = Inf/NaN; 'nan-only': only the all-ones code is NaN; 'none': no specials */
  specials: 'ieee' | 'nan-only' | 'none';
};

/** Each value replaced by the nearest value `format` can represent (ties to even). */
export function roundToFormat(values: number[], format: FloatFormat): number[] {
  // TODO
  return values.slice();
}
