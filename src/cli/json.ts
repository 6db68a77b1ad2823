/** Pretty JSON that keeps what plain JSON loses (NaN, ±Infinity, −0, typed arrays) as wire tags. */
import { toWire } from '../grading/wire.ts';

/** Indented wire JSON: `{"$qc": "NaN"}` for NaN, `{"$qc": "Uint8Array", "d": [...]}` for bytes. */
export function prettyWire(value: unknown): string {
  return JSON.stringify(JSON.parse(toWire(value)), null, 2);
}
