import { describe, expect, it } from 'vitest';
import { inlineMarkdown, markdown } from '../src/components/exercise/markdown.ts';

describe('statement markdown', () => {
  it('renders code, bold and lists, and escapes HTML', () => {
    expect(inlineMarkdown('use `a < b` and **bold** and *it*')).toBe('use <code>a &lt; b</code> and <strong>bold</strong> and <em>it</em>');
    expect(markdown('Intro line\ncontinues.\n\n- one\n- two `x*y*z`')).toBe('<p>Intro line continues.</p>\n<ul><li>one</li><li>two <code>x*y*z</code></li></ul>');
    expect(markdown('<script>alert(1)</script>')).toBe('<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>');
  });

  it('nests indented list items', () => {
    expect(markdown('- a:\n  - b\n  - c\n- d')).toBe('<ul><li>a:<ul><li>b</li><li>c</li></ul></li><li>d</li></ul>');
  });
});
