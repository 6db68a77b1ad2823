/** Upper bound on generation speed when every weight is read once per token. */
export function tokensPerSecond(params: number, bitsPerWeight: number, bandwidthGBs: number): number {
  // TODO: bandwidth (bytes per second) ÷ bytes read per token
  return 0;
}
