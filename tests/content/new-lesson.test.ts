/**
 * Adding a lesson with an exercise, as an author would, in a scratch copy of the course under git:
 * `quantcourse new lesson` and `new exercise` touch lessons/course.yaml (one line) and the new
 * files, nothing else, and the result passes `check`.
 */
import { execFileSync, execFile } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadManifest } from '../../src/content/course-files.ts';
import { addExercise, insertLesson } from '../../src/cli/manifest-edit.ts';

const BIN = path.resolve('bin/quantcourse.mjs');

function cli(args: string[], root: string): Promise<{ code: number; stdout: string; stderr: string }> {
  const env = { ...process.env, NO_COLOR: '1', QUANTCOURSE_ROOT: root };
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { env, maxBuffer: 64 << 20 }, (err, stdout, stderr) => {
      resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

const git = (root: string, ...args: string[]) => execFileSync('git', ['-C', root, ...args], { encoding: 'utf8' });

describe('adding a lesson with an exercise', () => {
  let root: string;
  beforeAll(() => {
    root = mkdtempSync(path.join(os.tmpdir(), 'quantcourse-new-lesson-'));
    for (const d of ['lessons', 'exercises', 'solutions']) cpSync(d, path.join(root, d), { recursive: true });
    mkdirSync(path.join(root, 'src'));
    for (const d of ['core', 'grading', 'content', 'widgets']) symlinkSync(path.resolve('src', d), path.join(root, 'src', d), 'dir');
    git(root, 'init', '-q');
    git(root, 'add', '-A');
    git(root, '-c', 'user.name=t', '-c', 'user.email=t@t', 'commit', '-qm', 'course');
  });

  it('touches the manifest and the new files only, and passes check', async () => {
    const lesson = await cli(['new', 'lesson', 'fp8-demo', '--after', 'floats'], root);
    expect(lesson.stderr).toBe('');
    expect(lesson.code).toBe(0);
    const exercise = await cli(['new', 'exercise', 'fp8-demo-error', '--lesson', 'fp8-demo'], root);
    expect(exercise.code).toBe(0);

    expect(git(root, 'status', '--porcelain', '--untracked-files=all').split('\n').filter(Boolean).sort()).toEqual([
      ' M lessons/course.yaml',
      '?? exercises/fp8-demo-error/exercise.ts',
      '?? exercises/fp8-demo-error/starter.ts',
      '?? lessons/fp8-demo.mdx',
      '?? solutions/fp8-demo-error.ts',
      '?? solutions/wrong/fp8-demo-error/signed-difference.ts',
    ]);
    const diff = git(root, 'diff', '-U0', 'lessons/course.yaml').split('\n').filter((l) => /^[-+](?![-+])/.test(l));
    expect(diff).toEqual(['+  - { slug: fp8-demo, exercises: [fp8-demo-error] }']);
    const slugs = loadManifest(path.join(root, 'lessons')).lessons.map((l) => l.slug);
    expect(slugs.indexOf('fp8-demo')).toBe(slugs.indexOf('floats') + 1);

    const check = await cli(['check', 'fp8-demo-error'], root);
    // Every lesson of the course, the new one included (slugs, read after it was added).
    expect(check.stdout).toContain(`check passed: 1 exercises, ${slugs.length} lessons, 0 problem(s)`);
    expect(check.code).toBe(0);
  });
});

describe('manifest edits', () => {
  const text = '# The course.\nlessons:\n  - { slug: a-one, exercises: [x-one] }   # first\n\n  # between\n  - slug: b-two\n    exercises:\n      - y-one\n  - { slug: c-three }\n';

  it('insert one line, keeping comments and layout, after a lesson or at the end', () => {
    expect(insertLesson(text, 'new-one', 'a-one')).toBe(text.replace('# first\n', '# first\n  - { slug: new-one, exercises: [] }\n'));
    expect(insertLesson(text, 'new-one', 'b-two')).toBe(text.replace('      - y-one\n', '      - y-one\n  - { slug: new-one, exercises: [] }\n'));
    expect(insertLesson(text, 'new-one', undefined)).toBe(`${text}  - { slug: new-one, exercises: [] }\n`);
    expect(insertLesson(undefined, 'new-one', undefined)).toMatch(/\nlessons:\n {2}- \{ slug: new-one, exercises: \[\] \}\n$/);
    expect(insertLesson('lessons: []\n', 'new-one', undefined)).toBe('lessons:\n  - { slug: new-one, exercises: [] }\n');
  });

  it('add an exercise to a lesson\'s line', () => {
    expect(addExercise(text, 'a-one', 'x-two')).toBe(text.replace('[x-one]', '[x-one, x-two]'));
    expect(addExercise(text, 'c-three', 'x-two')).toBe(text.replace('{ slug: c-three }', '{ slug: c-three, exercises: [x-two] }'));
  });

  it('refuse what they cannot do exactly, with a specific message', () => {
    expect(() => insertLesson(text, 'a-one', undefined)).toThrow(/lists "a-one" already; nothing was written/);
    expect(() => insertLesson(text, 'new-one', 'zzz')).toThrow(/--after zzz: lessons\/course\.yaml has no lesson "zzz"; nothing was written\. Its lessons: a-one, b-two, c-three\./);
    expect(() => addExercise(text, 'b-two', 'x-two')).toThrow(/Could not edit lessons\/course\.yaml safely .*Make the change by hand/);
    expect(() => addExercise(text, 'a-one', 'y-one')).toThrow(/lists exercise "y-one" under "b-two" already/);
    expect(() => addExercise(text, 'zzz', 'x-two')).toThrow(/has no lesson "zzz" to add the exercise to/);
    expect(() => insertLesson('lessons:\n  - { slug: Bad }\n', 'new-one', undefined)).toThrow(/lesson 1 \("Bad"\) slug: must be a kebab-case slug[\s\S]*Fix it first/);
  });
});
