// breaks: bytes-per-token
// Counts the traffic per token in bits: forgets to divide by 8.
/** Upper bound on generation speed when every weight is read once per token. */
export function tokensPerSecond(params: number, bitsPerWeight: number, bandwidthGBs: number): number {
  const bytesPerToken = params * bitsPerWeight;
  return (bandwidthGBs * 1e9) / bytesPerToken;
}
