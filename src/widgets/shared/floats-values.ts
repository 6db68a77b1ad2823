/** The representable values of a format inside a window, listed only when there are few enough to draw. */
import { countRepresentable, decodeFloat, encodeFloat, FORMATS, nextUp, type FormatName } from '../../core/index.ts';

/** The distinct values of a format within [lo, hi] in increasing order, or null when there are more than `max`. */
export function valuesInView(lo: number, hi: number, name: FormatName, max = 400): number[] | null {
  const f = FORMATS[name];
  if (countRepresentable(lo, hi, f) > max + 2) return null; // +2: ±0 are two codes but one tick
  const out: number[] = [];
  let code = encodeFloat(lo, f, { saturate: true });
  if (decodeFloat(code, f) < lo) code = nextUp(code, f);
  for (let i = 0; i <= max + 2; i++) {
    const v = decodeFloat(code, f);
    if (!(v <= hi)) break;
    if (!out.length || out[out.length - 1] !== v) out.push(v); // -0 and +0 are one tick
    const next = nextUp(code, f);
    if (next === code) break;
    code = next;
  }
  return out;
}
