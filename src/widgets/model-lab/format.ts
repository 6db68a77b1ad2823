/** How the lab writes its figures: percentages, KL, kilobytes, bits per weight and scheme names. */

/** A relative change: "+5.5%", "−12%". */
export const pct = (x: number) => `${x >= 0 ? '+' : '−'}${Math.abs(x * 100).toFixed(Math.abs(x) >= 1 ? 0 : 1)}%`;
/** A mean KL: four decimals, or two significant digits when smaller than that shows. */
export const klText = (x: number) => (x === 0 || x >= 0.001 ? x.toFixed(4) : x.toPrecision(2));
// SI kilobytes, as everywhere else in the course (174,784 float32 weights are 699,136 bytes: 699 KB).
/** Bytes as SI kilobytes. */
export const kb = (bytes: number) => `${(bytes / 1000).toFixed(0)} KB`;
/** Bits per weight without trailing zeros: "4.5", "2.625". */
export const bpwText = (b: number) => b.toFixed(3).replace(/0+$/, '').replace(/\.$/, '');
/** "4-bit asymmetric, blocks of 32" or "…, one scale per matrix". */
export const intLabel = (bits: number, bs: number | 'tensor', scheme: string) => `${bits}-bit ${scheme}, ${bs === 'tensor' ? 'one scale per matrix' : `blocks of ${bs}`}`;
