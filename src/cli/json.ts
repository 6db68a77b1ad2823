/** Pretty JSON that keeps what plain JSON loses (NaN, ±Infinity, −0, typed arrays) as wire tags. */
import { toWire } from '../grading/wire.ts';

/** Indented wire JSON: `{"$qc": "NaN"}` for NaN, `{"$qc": "Uint8Array", "d": [...]}` for bytes. */
export function prettyWire(value: unknown): string {
  return toWire(value, 2);
}

/**
 * One item of a list for prettyWireList: prettyWire(item) moved in to where a list item two levels deep
 * sits (JSON text has no raw newline inside a string, so every newline is a line break).
 */
export function prettyWireItem(item: unknown): string {
  return `    ${prettyWire(item).replaceAll('\n', '\n    ')}`;
}

/**
 * prettyWire(value) when value[key] is a list whose items were already written with prettyWireItem (so a
 * long list can be written item by item, as it is produced); `key` must be value's last key.
 */
export function prettyWireList(value: object, key: string, items: readonly string[]): string {
  const head = prettyWire({ ...value, [key]: [] });
  const tail = `\n  ${JSON.stringify(key)}: []\n}`;
  if (!head.endsWith(tail)) throw new Error(`prettyWireList: "${key}" is not the last key`);
  if (items.length === 0) return head;
  return `${head.slice(0, -tail.length)}\n  ${JSON.stringify(key)}: [\n${items.join(',\n')}\n  ]\n}`;
}
