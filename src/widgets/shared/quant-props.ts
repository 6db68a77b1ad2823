/** Reading the quant widgets' props, with a clear message when a lesson passes something unusable. */

/** The essay's six example values (symmetric- and asymmetric-quantization.mdx). */
export const ESSAY_VALUES: readonly number[] = [-0.89, 0.16, 0.08, -0.13, 0.16, -0.54];

/** A list of finite numbers from a prop (array or comma-separated string), or the fallback. */
export function numberList(prop: unknown, name: string, fallback: readonly number[], limits = { min: 1, max: 16 }): number[] {
  if (prop === undefined || prop === null || prop === '') return fallback.slice();
  const parts = Array.isArray(prop) ? prop : String(prop).split(',');
  const values = parts.map((p) => (typeof p === 'number' ? p : String(p).trim() === '' ? NaN : Number(p)));
  const bad = values.findIndex((v) => !Number.isFinite(v));
  if (bad >= 0) throw new Error(`the "${name}" prop must be finite numbers; item ${bad + 1} is ${JSON.stringify(parts[bad])}`);
  if (values.length < limits.min || values.length > limits.max) throw new Error(`the "${name}" prop needs ${limits.min} to ${limits.max} numbers, got ${values.length}`);
  return values;
}

/** An integer prop within [min, max], or the fallback. */
export function intProp(prop: unknown, name: string, fallback: number, min: number, max: number): number {
  if (prop === undefined || prop === null || prop === '') return fallback;
  const n = Number(prop);
  if (!Number.isInteger(n) || n < min || n > max) throw new Error(`the "${name}" prop must be a whole number from ${min} to ${max}, got ${JSON.stringify(prop)}`);
  return n;
}

/** A prop that must be one of the given choices, or the fallback. */
export function choiceProp<T extends string>(prop: unknown, name: string, choices: readonly T[], fallback: T): T {
  if (prop === undefined || prop === null || prop === '') return fallback;
  const v = String(prop).toLowerCase();
  const hit = choices.find((c) => c.toLowerCase() === v);
  if (!hit) throw new Error(`the "${name}" prop must be one of ${choices.join(', ')}, got ${JSON.stringify(prop)}`);
  return hit;
}

/** Format a fraction as a percentage with one decimal: 0.18 → "18.0%". */
export const pct = (x: number, digits = 1): string => `${(100 * x).toFixed(digits)}%`;

/** A signed number for error columns: "+0.0229" / "−0.0129" (true minus sign). */
export function signed(x: number, digits = 3): string {
  const t = Math.abs(x) < 5e-13 ? '0' : Number(Math.abs(x).toPrecision(digits)).toString();
  return t === '0' ? '0' : `${x < 0 ? '−' : '+'}${t}`;
}
