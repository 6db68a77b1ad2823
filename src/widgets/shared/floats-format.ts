/** Reading format names from widget props, and naming formats and bit patterns for display. */
import { FORMATS, fieldsOf, type FloatFormat, type FormatName } from '../../core/index.ts';

/** Every FORMATS key, in the core's order. */
export const FORMAT_NAMES = Object.keys(FORMATS) as FormatName[];

/** Names a reader sees (the core's names, with the essay's IEEE-style examples spelled out). */
export const FORMAT_LABEL: Record<FormatName, string> = {
  float32: 'float32', float16: 'float16', bfloat16: 'bfloat16', e4m3fn: 'fp8 E4M3FN', e5m2: 'fp8 E5M2', e2m1: 'fp4 E2M1',
  fp8_e4m3_ieee: 'fp8 1/4/3 (with Inf)', fp4_e2m1_ieee: 'fp4 1/2/1 (with Inf)',
};

/** A FORMATS key from a prop, or a clear error listing the valid keys. */
export function formatName(prop: unknown, fallback: FormatName): FormatName {
  if (prop === undefined || prop === null || prop === '') return fallback;
  if (typeof prop === 'string' && prop in FORMATS) return prop as FormatName;
  throw new Error(`unknown float format "${String(prop)}"; use one of ${FORMAT_NAMES.join(', ')}`);
}

/** A comma-separated list of FORMATS keys from a prop (e.g. "float16,bfloat16"), or the fallback list. */
export function formatNames(prop: unknown, fallback: FormatName[]): FormatName[] {
  if (prop === undefined || prop === null || prop === '') return fallback;
  const parts = (Array.isArray(prop) ? prop.map(String) : String(prop).split(',')).map((p) => p.trim()).filter(Boolean);
  if (parts.length === 0) throw new Error('the formats list is empty');
  return parts.map((p) => formatName(p, fallback[0]!));
}

/** A code's bits as text, fields separated by spaces: "0 01111011 10011001100110011001101". */
export function bitGroups(code: number, f: FloatFormat): string {
  const { sign, exponent, significand } = fieldsOf(code, f);
  const pad = (n: number, w: number) => (w === 0 ? '' : n.toString(2).padStart(w, '0'));
  return [String(sign), pad(exponent, f.exponentBits), pad(significand, f.significandBits)].filter(Boolean).join(' ');
}

/** A code in hexadecimal, padded to the format's width: "0x3DCCCCCD". */
export function hexCode(code: number, totalBits: number): string {
  return '0x' + code.toString(16).toUpperCase().padStart(Math.ceil(totalBits / 4), '0');
}
