/**
 * The exact decimal expansion of a double, for showing what a float really stores (0.1 in float32
 * is 0.100000001490116119384765625). Display only: it formats a value, it computes no format maths.
 */

/** The exact decimal digits of x, cut to `maxSignificant` significant digits with "…" when longer. */
export function exactDecimal(x: number, maxSignificant = 40): string {
  if (Number.isNaN(x)) return 'NaN';
  if (!Number.isFinite(x)) return x > 0 ? '+Infinity' : '-Infinity';
  const neg = x < 0 || Object.is(x, -0);
  let a = Math.abs(x), e = 0;
  while (!Number.isInteger(a)) { a *= 2; e--; } // exact: doubling a double only moves its exponent
  let text: string;
  if (e === 0) text = BigInt(a).toString();
  else {
    // a × 2^e = a × 5^-e / 10^-e: an integer of digits with the decimal point -e places from the right.
    const digits = (BigInt(a) * 5n ** BigInt(-e)).toString().padStart(-e + 1, '0');
    text = `${digits.slice(0, e)}.${digits.slice(e)}`.replace(/0+$/, '').replace(/\.$/, '');
  }
  return (neg ? '-' : '') + (a !== 0 && (x === 0 || Math.abs(x) < 1e-6) ? scientific(text, maxSignificant) : cut(text, maxSignificant));
}

/** A tiny plain decimal ("0.000…0014…") rewritten as "1.4…e-45" so its digits stay readable. */
function scientific(text: string, n: number): string {
  const frac = text.slice(text.indexOf('.') + 1);
  const lead = frac.search(/[1-9]/);
  const digits = frac.slice(lead);
  const kept = digits.slice(0, n);
  return `${kept[0]}${kept.length > 1 ? '.' + kept.slice(1) : ''}${digits.length > n ? '…' : ''}e-${lead + 1}`;
}

/** Keep the first n significant digits of a plain decimal string; integer digits are never dropped (that would change the magnitude). */
function cut(text: string, n: number): string {
  const dot = text.indexOf('.');
  let seen = 0, started = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '.') continue;
    if (c !== '0') started = true;
    if (started && ++seen === n) {
      const end = dot === -1 ? text.length : Math.max(i + 1, dot);
      return end >= text.length ? text : text.slice(0, end) + '…';
    }
  }
  return text;
}

/** Split a decimal string into [before, the first n significant digits, after] so the middle can be underlined. */
export function splitSignificant(text: string, n: number): [string, string, string] {
  if (n <= 0 || !/\d/.test(text)) return [text, '', ''];
  let start = -1, seen = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === 'e') break; // exponent digits are not significant digits
    if (c < '0' || c > '9') continue;
    if (start < 0 && c !== '0') start = i;
    if (start >= 0 && ++seen === n) return [text.slice(0, start), text.slice(start, i + 1), text.slice(i + 1)];
  }
  if (start < 0) return [text, '', ''];
  const end = text.indexOf('e') === -1 ? text.length : text.indexOf('e');
  return [text.slice(0, start), text.slice(start, end), text.slice(end)];
}
