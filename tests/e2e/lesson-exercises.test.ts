/**
 * Exercises on their real lesson pages (not the fixture lesson): the K-quants and Microscaling
 * exercises, typed into Monaco as a learner would paste them, Run: the model solution passes every
 * case, visible and hidden; the starter fails.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadManifest } from '../../src/content/course-files.ts';
import type { Exercise } from '../../src/grading/exercise.ts';
import { ROOT } from '../../tools/site-harness/build.ts';
import { startSite, type Site } from '../../tools/site-harness/site.ts';
import { exercise, openEditor, replaceCode, run } from './workbench.ts';

const EXERCISES = [
  { id: 'pack-scales-k4', lesson: 'k-quants' },
  { id: 'mxfp4-block', lesson: 'microscaling' },
];

let site: Site;
beforeAll(async () => {
  site = await startSite();
});
afterAll(async () => {
  await site?.stop();
});

describe.each(EXERCISES)('exercise $id on lessons/$lesson/', ({ id, lesson }) => {
  const solution = readFileSync(path.join(ROOT, 'solutions', `${id}.ts`), 'utf8');
  const starter = readFileSync(path.join(ROOT, 'exercises', id, 'starter.ts'), 'utf8');

  it('passes every case with the model solution typed into the editor', async () => {
    const def = ((await import(path.join(ROOT, 'exercises', id, 'exercise.ts'))) as { default: Exercise }).default;
    expect(loadManifest(path.join(ROOT, 'lessons')).lessons.find((l) => l.exercises.includes(id))?.slug).toBe(lesson);
    const { page, problems } = await site.open(`lessons/${lesson}/`);
    await openEditor(page, id);
    await replaceCode(page, id, solution);
    const result = await run(page, id);
    expect(result.status, result.text).toBe('passed');
    expect(result.text).toMatch(/Passed/);
    const rows = exercise(page, id).locator('[data-role="results"] tr[data-case]');
    expect(await rows.count()).toBe(def.examples.length);
    expect(await rows.evaluateAll((rs) => rs.map((r) => (r as HTMLElement).dataset.passed))).toEqual(def.examples.map(() => 'true'));
    const hidden = /^Hidden cases: (\d+) of (\d+) passed\.$/.exec(await exercise(page, id).locator('[data-role="hidden-summary"]').innerText());
    expect(hidden).not.toBeNull();
    expect(Number(hidden![2])).toBeGreaterThan(0);
    expect(hidden![1]).toBe(hidden![2]);
    expect(problems()).toEqual([]);
    await page.context().close();
  });

  it('fails with the starter, naming the first differing case', async () => {
    const { page, problems } = await site.open(`lessons/${lesson}/`);
    await openEditor(page, id);
    await replaceCode(page, id, starter);
    const result = await run(page, id);
    expect(result.status, result.text).toBe('failed');
    expect(result.text).toMatch(/Not yet/);
    const rows = exercise(page, id).locator('[data-role="results"] tr[data-case]');
    await expect(rows.first().getAttribute('data-passed')).resolves.toBe('false');
    expect(await exercise(page, id).locator('[data-role="hidden-summary"]').innerText()).toMatch(/First failure:/);
    expect(problems()).toEqual([]);
    await page.context().close();
  });
});
