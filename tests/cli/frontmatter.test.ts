import { describe, expect, it } from 'vitest';
import { blankOutCode } from '../../src/cli/check-lessons.ts';
import { FrontMatterError, parseMdx } from '../../src/cli/frontmatter.ts';

const fm = (lines: string) => parseMdx(`---\n${lines}\n---\nbody`).data;

describe('front matter reader', () => {
  it('reads the YAML that lessons use', () => {
    expect(fm(`title: "Floats: sign, exponent"\norder: 3\nsummary: Plain text, with commas.\nexercises: [decode-float, 'encode-float']\nwidgets:\n  - float-explorer\n  - "number-line"\ndraft: true`)).toEqual({
      title: 'Floats: sign, exponent', order: 3, summary: 'Plain text, with commas.', exercises: ['decode-float', 'encode-float'], widgets: ['float-explorer', 'number-line'], draft: true,
    });
  });

  it('reads block strings, continued plain strings, comments and empty lists', () => {
    expect(fm(`summary: >-\n  one\n  two\n\n  three\nnote: |\n  a\n  b\ntitle: a long\n  title # comment\nexercises: []\nwidgets:`)).toEqual({
      summary: 'one two\nthree', note: 'a\nb\n', title: 'a long title', exercises: [], widgets: null,
    });
  });

  it('returns the body and the line it starts on, and no data without front matter', () => {
    const p = parseMdx('---\ntitle: x\n---\n\nText');
    expect(p.body).toBe('\nText');
    expect(p.bodyLine).toBe(4);
    expect(parseMdx('Just text').data).toBeUndefined();
  });

  it('reports what it cannot read with the file line, instead of guessing', () => {
    const line = (text: string) => {
      try {
        parseMdx(text);
      } catch (e) {
        expect(e).toBeInstanceOf(FrontMatterError);
        return [(e as FrontMatterError).line, (e as Error).message];
      }
      throw new Error('no error');
    };
    expect(line('---\ntitle: ok\nsummary: a: b\n---')).toEqual([3, expect.stringMatching(/contains ": ".*put the value in quotes/)]);
    expect(line('---\nmeta:\n  author: me\n---')).toEqual([3, expect.stringMatching(/nested fields under "meta"/)]);
    expect(line('---\nexercises: [a, b\n---')).toEqual([2, expect.stringMatching(/not closed with \]/)]);
    expect(line('---\nexercises: [a,, b]\n---')).toEqual([2, expect.stringMatching(/empty item/)]);
    expect(line('---\norder: 1\norder: 2\n---')).toEqual([3, expect.stringMatching(/"order" appears twice/)]);
    expect(line('---\ntitle: "open\n---')).toEqual([2, expect.stringMatching(/not closed with "/)]);
    expect(line('---\ntitle: x\n')).toEqual([1, expect.stringMatching(/never closed/)]);
  });
});

describe('blankOutCode', () => {
  it('hides code and comments but keeps every line break, so line numbers stay right', () => {
    const body = 'a\n```mdx\n<Widget name="x" />\n```\n`<Exercise id="y" />`\n{/* <Widget name="z" /> */}\n<Widget name="real" />';
    const out = blankOutCode(body);
    expect(out.split('\n')).toHaveLength(body.split('\n').length);
    expect(out).not.toMatch(/name="x"|id="y"|name="z"/);
    expect(out.split('\n')[6]).toBe('<Widget name="real" />');
  });
});
