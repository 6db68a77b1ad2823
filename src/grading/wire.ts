/**
 * The wire format for values crossing a sandbox boundary: JSON with tagged objects for what
 * JSON loses (NaN, ±Infinity, −0, undefined, typed arrays). Both functions are self-contained
 * (no outside references) because the sandbox harness embeds their source text: the sandbox
 * then builds its own objects from a string and never touches a host object.
 */

/** Serialize a value to wire JSON (throws on cycles and BigInt, as JSON.stringify does). */
export function toWire(value: unknown): string {
  const tag = '$qc';
  return JSON.stringify(value, function (this: unknown, _key: string, v: unknown): unknown {
    if (typeof v === 'number') {
      if (Number.isNaN(v)) return { [tag]: 'NaN' };
      if (v === Infinity) return { [tag]: 'Infinity' };
      if (v === -Infinity) return { [tag]: '-Infinity' };
      if (v === 0 && 1 / v < 0) return { [tag]: '-0' };
      return v;
    }
    if (v === undefined) return { [tag]: 'undefined' };
    if (ArrayBuffer.isView(v) && !(v instanceof DataView)) {
      const name = Object.prototype.toString.call(v).slice(8, -1);
      return { [tag]: name, d: Array.from(v as unknown as ArrayLike<number>) };
    }
    return v;
  });
}

/** Parse wire JSON back into values (typed arrays rebuilt with their own constructors). */
export function fromWire(text: string): unknown {
  const tag = '$qc';
  const typed: Record<string, new (xs: number[]) => unknown> = {
    Float64Array, Float32Array, Int32Array, Uint32Array, Int16Array, Uint16Array,
    Int8Array, Uint8Array, Uint8ClampedArray,
  };
  return JSON.parse(text, function (_key: string, v: unknown): unknown {
    if (v !== null && typeof v === 'object' && !Array.isArray(v) && tag in v) {
      const t = (v as Record<string, unknown>)[tag];
      if (t === 'NaN') return NaN;
      if (t === 'Infinity') return Infinity;
      if (t === '-Infinity') return -Infinity;
      if (t === '-0') return -0;
      if (t === 'undefined') return undefined;
      if (typeof t === 'string' && t in typed) return new typed[t]!((v as unknown as { d: number[] }).d);
    }
    return v;
  });
}
