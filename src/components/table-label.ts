/** Text of an HTML fragment: tags dropped, the common entities decoded, whitespace collapsed. */
function plainText(html: string): string {
  return html
    .replace(/<[^>]*>/g, '')
    .replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;|&#x27;/g, "'").replace(/&nbsp;|&#160;/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * An accessible name for a table from its rendered HTML: its caption, else its column headings and
 * its first row's first cell (two tables with the same columns on one page get different names).
 */
export function tableLabel(html: string): string {
  const caption = /<caption[^>]*>([\s\S]*?)<\/caption>/i.exec(html);
  if (caption) return plainText(caption[1]!);
  const heads = [...html.matchAll(/<th\b[^>]*>([\s\S]*?)<\/th>/gi)].map((m) => plainText(m[1]!)).filter(Boolean);
  const body = /<tbody[^>]*>[\s\S]*?<t[dh]\b[^>]*>([\s\S]*?)<\/t[dh]>/i.exec(html);
  const first = body ? plainText(body[1]!) : '';
  if (!heads.length) return 'Table';
  return `Table: ${heads.join(', ')}${first ? ` (first row: ${first})` : ''}`;
}
