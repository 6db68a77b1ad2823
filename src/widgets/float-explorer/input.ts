/** Reading a typed number (including "Infinity" and "NaN") and saying what rounding it into a format did. */
import { decodeFloat, encodeFloat, maxFinite, type FloatFormat } from '../../core/index.ts';
import { fmt } from '../shared/dom.ts';

/** The number a reader typed, or an error message saying what to type instead. */
export function parseTyped(text: string): number | { error: string } {
  const t = text.trim().toLowerCase().replace(/\s+/g, '');
  if (/^[+]?(inf|infinity|∞)$/.test(t)) return Infinity;
  if (/^-(inf|infinity|∞)$/.test(t)) return -Infinity;
  if (t === 'nan') return NaN;
  const x = t === '' ? NaN : Number(t.replace('−', '-'));
  if (Number.isNaN(x)) return { error: `"${text.trim()}" is not a number: type something like 0.1, -2.5e3, Infinity or NaN.` };
  return x;
}

/** Encode x into f and describe the result, or explain why it cannot be encoded. */
export function roundTyped(x: number, f: FloatFormat): { code: number; message: string } | { error: string } {
  let code: number;
  try {
    code = encodeFloat(x, f);
  } catch (err) {
    return { error: (err as Error).message };
  }
  const stored = decodeFloat(code, f);
  if (Number.isFinite(x) && Math.abs(x) > maxFinite(f)) {
    return { code, message: `${fmt(x, 8)} is beyond ${f.name}'s largest finite value ${fmt(maxFinite(f), 6)}: it is stored as ${fmt(stored)}.` };
  }
  if (Number.isNaN(x) || !Number.isFinite(x) || stored === x) return { code, message: `${fmt(x, 8)} is stored exactly.` };
  const err = stored - x;
  return { code, message: `${fmt(x, 10)} rounds to ${fmt(stored, 10)} (error ${err > 0 ? '+' : ''}${fmt(err, 3)}, relative ${fmt(Math.abs(err / x), 2)}).` };
}
