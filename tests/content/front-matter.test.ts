import { describe, expect, it } from 'vitest';
import { FrontMatterError, parseMdx } from '../../src/content/front-matter.ts';
import { blankOutCode, readPlacements } from '../../src/content/placements.ts';

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
    expect(parseMdx('---\n---\nText').data).toEqual({});
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
    expect(line('---\ntitle: ok\nsummary: a: b\n---')).toEqual([3, expect.stringMatching(/bad indentation.*quote a value that holds ": "/)]);
    expect(line('---\nexercises: [a, b\n---')).toEqual([3, expect.stringMatching(/within a flow collection/)]);
    expect(line('---\nexercises: [a,, b]\n---')).toEqual([2, expect.stringMatching(/found ','/)]);
    expect(line('---\norder: 1\norder: 2\n---')).toEqual([3, expect.stringMatching(/duplicated mapping key/)]);
    expect(line('---\ntitle: "open\n---')).toEqual([3, expect.stringMatching(/double quoted scalar/)]);
    expect(line('---\n- a\n- b\n---')).toEqual([2, expect.stringMatching(/must be "key: value" fields/)]);
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

describe('readPlacements', () => {
  it('reads what a body places, in page order, with file lines, and names a tag it cannot read', () => {
    const body = 'Intro\n<Exercise id="b-one" />\n```\n<Exercise id="in-code" />\n```\n<Widget name="w" caption="x" />\n<Exercise id={"a-two"} />\n<Widget name={name} />';
    const p = readPlacements(body, 5);
    expect(p.exercises).toEqual([{ value: 'b-one', line: 6 }, { value: 'a-two', line: 11 }]);
    expect(p.widgets).toEqual([{ value: 'w', line: 10 }]);
    expect(p.problems).toEqual([{ line: 12, message: expect.stringMatching(/<Widget> without a literal name="…"/), fix: 'Write it as <Widget name="…" />.' }]);
  });
});
