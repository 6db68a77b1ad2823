/**
 * Compare a learner's output with the expected one, with a tolerance per output field,
 * and say where they first differ. Runs outside the sandbox, on both front doors.
 */
import type { Tolerance } from './exercise.ts';

/** Where and how two outputs first differ; `null` from compare means they match. */
export interface Difference {
  /** Path of the first differing element, e.g. "values[3]" or "scale" ("" for the whole value). */
  path: string;
  /** Human-readable reason, e.g. "expected 0.127, got 0.13 (tolerance 1e-9 relative)". */
  reason: string;
}

/** Picks the tolerance for a top-level field ("" for a bare value). */
export type ToleranceLookup = (field: string) => Tolerance;

/** Compare `got` against `expected`; null when they match within tolerance. */
export function compareOutputs(expected: unknown, got: unknown, tol: ToleranceLookup): Difference | null {
  if (isPlainObject(expected)) {
    if (!isPlainObject(got)) return { path: '', reason: `expected an object with fields ${fieldList(expected)}, got ${describe(got)}` };
    for (const key of Object.keys(expected)) {
      if (!(key in got)) return { path: key, reason: `the returned object has no field "${key}"` };
      const d = compareValue(expected[key], got[key], tol(key));
      if (d) return { path: key + d.path, reason: d.reason };
    }
    return null;
  }
  return compareValue(expected, got, tol(''));
}

// The path of a difference is built on the way out, from the difference up: a match (the common case)
// builds no strings.
function compareValue(expected: unknown, got: unknown, t: Tolerance): Difference | null {
  if (typeof expected === 'number') return compareNumber(expected, got, t, '');
  if (isArrayLike(expected)) {
    if (!isArrayLike(got)) return { path: '', reason: `expected an array of ${expected.length}, got ${describe(got)}` };
    if (got.length !== expected.length) return { path: '', reason: `expected ${expected.length} elements, got ${got.length}` };
    for (let i = 0; i < expected.length; i++) {
      const d = compareValue(expected[i], got[i], t);
      if (d) return { path: `[${i}]${d.path}`, reason: d.reason };
    }
    return null;
  }
  if (isPlainObject(expected)) {
    if (!isPlainObject(got)) return { path: '', reason: `expected an object, got ${describe(got)}` };
    for (const key of Object.keys(expected)) {
      const d = compareValue(expected[key], got[key], t);
      if (d) return { path: `.${key}${d.path}`, reason: d.reason };
    }
    return null;
  }
  if (Object.is(expected, got)) return null;
  return { path: '', reason: `expected ${show(expected)}, got ${show(got)}` };
}

function compareNumber(expected: number, got: unknown, t: Tolerance, path: string): Difference | null {
  if (typeof got !== 'number') return { path, reason: `expected the number ${show(expected)}, got ${describe(got)}` };
  if (Number.isNaN(expected) || Number.isNaN(got)) {
    return Number.isNaN(expected) && Number.isNaN(got) ? null : { path, reason: `expected ${show(expected)}, got ${show(got)}` };
  }
  if (t === 'exact') {
    // Math.round(-0.3) is -0: a learner who rounds another way must not fail on the sign of zero.
    return expected === got ? null : { path, reason: `expected ${show(expected)}, got ${show(got)} (must match exactly)` };
  }
  if (t === 'identical') {
    return Object.is(expected, got) ? null : { path, reason: `expected ${show(expected)}, got ${show(got)} (must match exactly, sign of zero included)` };
  }
  if (!Number.isFinite(expected) || !Number.isFinite(got)) {
    return expected === got ? null : { path, reason: `expected ${show(expected)}, got ${show(got)}` };
  }
  const allowed = t.abs + t.rel * Math.abs(expected);
  if (Math.abs(got - expected) <= allowed) return null;
  return { path, reason: `expected ${show(expected)}, got ${show(got)} (off by ${show(Math.abs(got - expected))}, allowed ${show(allowed)})` };
}

/** Short description of a value's type, for messages. */
export function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return `an array of ${v.length}`;
  if (ArrayBuffer.isView(v)) return `a ${Object.prototype.toString.call(v).slice(8, -1)} of ${(v as unknown as ArrayLike<unknown>).length}`;
  if (typeof v === 'object') return `an object with fields ${fieldList(v as Record<string, unknown>)}`;
  if (typeof v === 'number' || typeof v === 'boolean') return `${typeof v} ${show(v)}`;
  if (typeof v === 'string') return `the string ${JSON.stringify(v.length > 40 ? v.slice(0, 40) + '…' : v)}`;
  return String(v);
}

/** A value as text, short enough for one line of feedback. */
export function show(v: unknown, max = 120): string {
  let s: string;
  if (typeof v === 'number') s = Object.is(v, -0) ? '-0' : String(v);
  else if (isArrayLike(v)) s = `[${Array.from(v, (x) => show(x, 24)).join(', ')}]`;
  else if (isPlainObject(v)) s = `{ ${Object.entries(v).map(([k, x]) => `${k}: ${show(x, 60)}`).join(', ')} }`;
  else if (typeof v === 'string') s = JSON.stringify(v);
  else s = String(v);
  return s.length > max ? s.slice(0, max - 1) + '…' : s;
}

function fieldList(o: Record<string, unknown>): string {
  const keys = Object.keys(o);
  return keys.length ? keys.map((k) => `"${k}"`).join(', ') : '(none)';
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v) && !ArrayBuffer.isView(v);
}

function isArrayLike(v: unknown): v is ArrayLike<unknown> {
  return Array.isArray(v) || (ArrayBuffer.isView(v) && !(v instanceof DataView));
}
