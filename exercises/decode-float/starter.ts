type FloatFormat = {
  name: string;
  exponentBits: number;
  significandBits: number;
  bias: number;
  /** 'ieee': exponent all ones = Inf/NaN; 'nan-only': only the all-ones code is NaN; 'none': no specials */
  specials: 'ieee' | 'nan-only' | 'none';
};

/** The value that the code `bits` stands for in `format`. */
export function decodeFloat(bits: number, format: FloatFormat): number {
  // TODO: split sign, exponent and significand; handle subnormals and special values
  return 0;
}
