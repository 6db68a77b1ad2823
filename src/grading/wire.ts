/**
 * The wire format for values crossing a sandbox boundary: JSON with tagged objects for what
 * JSON loses (NaN, ±Infinity, −0, undefined, typed arrays). Both functions are self-contained
 * (no outside references but JSON, Number, ArrayBuffer, Object and Array) because the sandbox
 * harness embeds their source text: the sandbox then builds its own objects from a string and
 * never touches a host object. Plain data takes a fast path through JSON with no reviver or
 * replacer: those callbacks ran once per number and dominated grading time.
 */

/**
 * Serialize a value to wire JSON (throws on cycles, too-deep nesting and BigInt); `space` indents as
 * JSON.stringify does. `negZeroText` writes −0 as the JSON text `-0` where JSON.rawJSON exists:
 * fromWire's JSON.parse reads that back as −0 with no tag to find and no walk (a sandbox's report of
 * quantized codes holds thousands of them), but other readers (Python's json) drop its sign, so
 * output meant for people and other tools keeps the tag.
 */
export function toWire(value: unknown, space?: number, negZeroText = false): string {
  const tag = '$qc';
  const MAX_DEPTH = 200;
  const rawJSON = (JSON as unknown as { rawJSON?: (text: string) => unknown }).rawJSON;
  const negZero = negZeroText && typeof rawJSON === 'function' ? rawJSON('-0') : { [tag]: '-0' };
  const tagged = (v: number): unknown =>
    v !== v ? { [tag]: 'NaN' } : v === Infinity ? { [tag]: 'Infinity' } : v === -Infinity ? { [tag]: '-Infinity' } : v === 0 && 1 / v < 0 ? negZero : v;
  // One walk that copies only what holds a special value and returns everything else as it is,
  // so plain data costs a read of each element and no allocation.
  const encode = (v: unknown, depth: number): unknown => {
    if (typeof v === 'number') return tagged(v);
    if (v === undefined) return { [tag]: 'undefined' };
    if (v === null || typeof v !== 'object') return v;
    if (depth > MAX_DEPTH) throw new TypeError('the value is nested too deeply (or contains a cycle)');
    if (ArrayBuffer.isView(v) && !(v instanceof DataView)) {
      const name = Object.prototype.toString.call(v).slice(8, -1);
      return { [tag]: name, d: encode(Array.from(v as unknown as ArrayLike<number>), depth + 1) };
    }
    if (Array.isArray(v)) {
      // An array of finite numbers with no −0 and no holes goes to JSON as it is. The checks run inside
      // built-ins (every, includes, indexOf), not once per element here: in a fresh sandbox realm this
      // code is interpreted. (every and indexOf skip holes; includes sees them as undefined.)
      if (v.every(Number.isFinite) && !v.includes(undefined)) {
        let z = v.indexOf(0);
        while (z >= 0 && 1 / v[z] > 0) z = v.indexOf(0, z + 1);
        if (z < 0) return v;
        // Only −0s to rewrite (Math.round(-0.3) is −0: quantized codes hold many): a built-in copy,
        // then a step here per zero rather than per element.
        const out = v.slice();
        for (; z >= 0; z = v.indexOf(0, z + 1)) if (1 / v[z] < 0) out[z] = negZero;
        return out;
      }
      let out: unknown[] | undefined;
      for (let i = 0; i < v.length; i++) {
        const x = v[i];
        const e = typeof x === 'number' && x === x && x !== 0 && x !== Infinity && x !== -Infinity ? x : encode(x, depth + 1);
        if (e !== x && !out) out = v.slice(0, i);
        if (out) out.push(e);
      }
      return out ?? v;
    }
    if (Object.getPrototypeOf(v) !== Object.prototype && Object.getPrototypeOf(v) !== null) return v; // Date, Map…: JSON's own rules
    let out: Record<string, unknown> | undefined;
    const keys = Object.keys(v);
    for (let i = 0; i < keys.length; i++) {
      const x = (v as Record<string, unknown>)[keys[i]!];
      const e = typeof x === 'number' ? tagged(x) : encode(x, depth + 1);
      if (e !== x && !out) {
        // No prototype: an own "__proto__" key stays an own key here instead of setting a prototype.
        out = Object.create(null) as Record<string, unknown>;
        for (let j = 0; j < i; j++) out[keys[j]!] = (v as Record<string, unknown>)[keys[j]!];
      }
      if (out) out[keys[i]!] = e;
    }
    return out ?? v;
  };
  return JSON.stringify(encode(value, 0), null, space);
}

/** Parse wire JSON back into values (typed arrays rebuilt with their own constructors). */
export function fromWire(text: string): unknown {
  const tag = '$qc';
  const typed: Record<string, new (xs: number[]) => unknown> = {
    Float64Array, Float32Array, Int32Array, Uint32Array, Int16Array, Uint16Array,
    Int8Array, Uint8Array, Uint8ClampedArray,
  };
  const decode = (v: unknown): unknown => {
    if (v === null || typeof v !== 'object') return v;
    if (Array.isArray(v)) {
      if (v.every(Number.isFinite)) return v; // plain numbers (JSON has no others): nothing to rebuild
      for (let i = 0; i < v.length; i++) v[i] = decode(v[i]);
      return v;
    }
    const o = v as Record<string, unknown>;
    if (tag in o) {
      const t = o[tag];
      if (t === 'NaN') return NaN;
      if (t === 'Infinity') return Infinity;
      if (t === '-Infinity') return -Infinity;
      if (t === '-0') return -0;
      if (t === 'undefined') return undefined;
      if (typeof t === 'string' && t in typed) return new typed[t]!(decode(o.d) as number[]);
    }
    const keys = Object.keys(o);
    for (let i = 0; i < keys.length; i++) o[keys[i]!] = decode(o[keys[i]!]);
    return o;
  };
  const parsed: unknown = JSON.parse(text);
  // No tag anywhere in the text: nothing to rebuild.
  return text.indexOf('"' + tag + '"') < 0 ? parsed : decode(parsed);
}
