// breaks: bound
// Divides the other way round: bytes per token ÷ bandwidth, seconds per token.
/** Upper bound on generation speed when every weight is read once per token. */
export function tokensPerSecond(params: number, bitsPerWeight: number, bandwidthGBs: number): number {
  const bytesPerToken = (params * bitsPerWeight) / 8;
  return bytesPerToken / (bandwidthGBs * 1e9);
}
