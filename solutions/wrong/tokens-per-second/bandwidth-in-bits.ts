// breaks: gigabyte
// Reads the bandwidth as gigabits per second: divides it by 8 as well.
/** Upper bound on generation speed when every weight is read once per token. */
export function tokensPerSecond(params: number, bitsPerWeight: number, bandwidthGBs: number): number {
  const bytesPerToken = (params * bitsPerWeight) / 8;
  return (bandwidthGBs * 1e9) / 8 / bytesPerToken;
}
