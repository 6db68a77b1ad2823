/** JSON that keeps what plain JSON loses (NaN, ±Infinity, −0, typed arrays) as wire tags. */
import { toWire } from '../grading/wire.ts';

/** Indented wire JSON: `{"$qc": "NaN"}` for NaN, `{"$qc": "Uint8Array", "d": [...]}` for bytes. */
export function prettyWire(value: unknown): string {
  return toWire(value, 2);
}

/**
 * Writes `{ ...head, [key]: [item, item, …] }` as wire JSON with one item per line, each written as
 * it is added, so a class's results reach their reader (and leave memory) one submission at a time.
 * `key` becomes the last key. The text is plain JSON: `JSON.parse` and `fromWire` read it whole.
 */
export class JsonListWriter {
  private readonly write: (s: string) => void;
  private count = 0;

  /** Start the object: everything of `head` but `key` is written now. */
  constructor(write: (s: string) => void, head: object, key: string) {
    this.write = write;
    const rest: Record<string, unknown> = { ...head };
    delete rest[key];
    // toWire keeps key order, so the empty list is the last thing written: cut its closing "]}" off.
    const text = toWire({ ...rest, [key]: [] });
    write(text.slice(0, -2));
  }

  /** Write one item on its own line. */
  add(item: unknown): void {
    this.write(`${this.count++ === 0 ? '\n' : ',\n'}${toWire(item)}`);
  }

  /** Close the list and the object (and end the line). */
  end(): void {
    this.write(`${this.count ? '\n' : ''}]}\n`);
  }
}

/** The whole of what a JsonListWriter writes, as one string (for a result small enough to hold). */
export function compactWireList(head: object, key: string, items: readonly unknown[]): string {
  let text = '';
  const w = new JsonListWriter((s) => (text += s), head, key);
  for (const item of items) w.add(item);
  w.end();
  return text;
}
