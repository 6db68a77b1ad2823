import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadManifest, widgetNames } from '../../src/content/course-files.ts';
import { inCourseOrder } from '../../src/content/course-order.ts';
import { lineOfLesson, ManifestError, parseManifest } from '../../src/content/manifest.ts';

/** The issues a manifest text gives, as "line: message" strings. */
function issues(text: string): string[] {
  try {
    parseManifest(text);
  } catch (e) {
    expect(e).toBeInstanceOf(ManifestError);
    expect((e as Error).message).toMatch(/^lessons\/course\.yaml is not a valid course manifest:/);
    return (e as ManifestError).issues.map((i) => `${i.line ?? '-'}: ${i.message}`);
  }
  throw new Error('no error');
}

describe('the course manifest', () => {
  it('names every lesson file once, and every exercise once', () => {
    const manifest = loadManifest('lessons');
    const files = readdirSync('lessons').filter((f) => f.endsWith('.mdx')).map((f) => f.replace(/\.mdx$/, ''));
    expect(manifest.lessons.map((l) => l.slug).sort()).toEqual(files.sort());
    const exercises = readdirSync('exercises', { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name);
    expect(manifest.lessons.flatMap((l) => l.exercises).sort()).toEqual(exercises.sort());
    expect(manifest.lessons[0]!.slug).toBe('why-models-are-big');
  });

  it('reads one line per lesson, exercises defaulting to none', () => {
    expect(parseManifest('# order\nlessons:\n  - { slug: a-one, exercises: [x-one, x-two] }\n  - { slug: b-two }\n')).toEqual({
      lessons: [{ slug: 'a-one', exercises: ['x-one', 'x-two'] }, { slug: 'b-two', exercises: [] }],
    });
  });

  it('names the line, the lesson and the field of each thing wrong', () => {
    expect(issues('lessons:\n  - { slug: a-one, exercises: [x-one] }\n  - { slug: Bad_Slug }\n  - { slug: a-one, exercises: [x-one], order: 3 }\n')).toEqual([
      '3: lesson 2 ("Bad_Slug") slug: must be a kebab-case slug such as "quantize-blocks"',
      '4: lesson 3 ("a-one"): Unrecognized key: "order"',
      '4: lesson 3 ("a-one") slug: lesson "a-one" is listed twice',
    ]);
    expect(issues('lessons:\n  - { slug: a-one, exercises: x-one }\n')).toEqual([expect.stringMatching(/^2: lesson 1 \("a-one"\) exercises: .*expected array/)]);
    expect(issues('lessons:\n  - { slug: a-one\n')).toEqual([expect.stringMatching(/^3: not readable as YAML: /)]);
    expect(issues('lesson:\n  - { slug: a-one }\n')).toEqual([
      expect.stringMatching(/^-: lessons: .*expected array/),
      expect.stringMatching(/Unrecognized key: "lesson" \(the file holds one field, `lessons:`/),
    ]);
  });

  it('finds a lesson\'s line by its whole slug, not a longer one that starts the same', () => {
    const text = 'lessons:\n  - { slug: fp8-range }\n  - { slug: fp8 }\n  - { slug: "fp8", exercises: [] }\n';
    expect([lineOfLesson(text, 'fp8'), lineOfLesson(text, 'fp8', 1), lineOfLesson(text, 'fp8-range'), lineOfLesson(text, 'fp')]).toEqual([3, 4, 2, undefined]);
  });

  it('is required, with a message saying what it is for', () => {
    expect(() => loadManifest(path.join('tests', 'no-such-folder'))).toThrow(/no-such-folder\/course\.yaml is not a valid course manifest:\n {2}- does not exist: it lists the lessons in order/);
  });
});

describe('inCourseOrder', () => {
  const entries = [{ id: 'b' }, { id: 'a' }, { id: 'c' }];
  it('puts the lessons in manifest order with their exercises', () => {
    expect(inCourseOrder(entries, [{ slug: 'c', exercises: [] }, { slug: 'a', exercises: ['x'] }, { slug: 'b', exercises: [] }], 'lessons/course.yaml')).toEqual([
      { id: 'c', exercises: [] }, { id: 'a', exercises: ['x'] }, { id: 'b', exercises: [] },
    ]);
  });
  it('stops on a lesson missing from either side, naming it', () => {
    expect(() => inCourseOrder(entries, [{ slug: 'a', exercises: [] }, { slug: 'b', exercises: [] }], 'lessons/course.yaml')).toThrow(/lessons\/c\.mdx is in no course manifest \(lessons\/course\.yaml\)/);
    expect(() => inCourseOrder(entries.slice(0, 2), [{ slug: 'a', exercises: [] }, { slug: 'b', exercises: [] }, { slug: 'c', exercises: [] }], 'lessons/course.yaml')).toThrow(/lessons\/course\.yaml lists "c", but there is no lessons\/c\.mdx/);
  });
});

describe('widgetNames', () => {
  it('are the folders of src/widgets with an index.ts', () => {
    const names = widgetNames('src/widgets');
    expect(names).toContain('float-explorer');
    expect(names).not.toContain('shared');
    expect(names.length).toBe(readdirSync('src/widgets', { withFileTypes: true }).filter((d) => d.isDirectory() && d.name !== 'shared').length);
  });
});
