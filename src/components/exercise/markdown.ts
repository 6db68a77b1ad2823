/**
 * A deliberately small Markdown renderer for exercise statements and hints: paragraphs,
 * bullet lists, `code`, **bold** and *italic*. Statements are authored in this repository,
 * but everything is escaped first anyway.
 */

const escapeHtml = (s: string) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

/** Inline Markdown to HTML: code spans first, so their contents stay literal. */
export function inlineMarkdown(text: string): string {
  return text
    .split(/(`[^`]+`)/)
    .map((part) =>
      part.startsWith('`') && part.endsWith('`') && part.length > 1
        ? `<code>${escapeHtml(part.slice(1, -1))}</code>`
        : escapeHtml(part)
            .replace(/\*\*([^*]+)\*\*/g, '<strong>$1</strong>')
            .replace(/(^|[^*])\*([^*\s][^*]*)\*/g, '$1<em>$2</em>'),
    )
    .join('');
}

/** Block Markdown to HTML: blank lines separate paragraphs; lines starting "- " form lists (indented lines nest). */
export function markdown(text: string): string {
  const blocks = text.trim().split(/\n\s*\n/);
  return blocks
    .map((block) => {
      const lines = block.split('\n');
      if (lines.every((l) => /^\s*- /.test(l) || /^\s{2,}\S/.test(l))) return list(lines);
      return `<p>${inlineMarkdown(lines.join(' '))}</p>`;
    })
    .join('\n');
}

function list(lines: string[]): string {
  // Join continuation lines onto their item, then nest items by indentation (two levels suffice here).
  const items: { depth: number; text: string }[] = [];
  for (const l of lines) {
    const m = /^(\s*)- (.*)$/.exec(l);
    if (m) items.push({ depth: m[1]!.length >= 2 ? 1 : 0, text: m[2]! });
    else if (items.length) items[items.length - 1]!.text += ' ' + l.trim();
  }
  let html = '<ul>';
  let depth = 0;
  items.forEach((it, i) => {
    if (it.depth > depth) html = html.replace(/<\/li>$/, '') + '<ul>';
    else if (it.depth < depth) html += '</ul></li>';
    depth = it.depth;
    html += `<li>${inlineMarkdown(it.text)}</li>`;
    if (i === items.length - 1 && depth > 0) html += '</ul></li>';
  });
  return html + '</ul>';
}
