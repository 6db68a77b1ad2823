// breaks: gigabyte
// Takes a GB as 2^30 bytes (a GiB) instead of 10^9.
/** Upper bound on generation speed when every weight is read once per token. */
export function tokensPerSecond(params: number, bitsPerWeight: number, bandwidthGBs: number): number {
  const bytesPerToken = (params * bitsPerWeight) / 8;
  return (bandwidthGBs * 2 ** 30) / bytesPerToken;
}
