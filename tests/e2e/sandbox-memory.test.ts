/**
 * A memory bomb in the page, on a busy machine (CPU burners run beside the browser): the Run is
 * stopped, the next Run works, and the message names memory among the causes. Chromium gives no
 * script a view of a worker's heap, and V8 lets a worker grow for tens of seconds before its
 * limit, so the page cannot tell a growing heap from a loop at its time limit: it must not claim
 * an infinite loop alone.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../../tools/site-harness/build.ts';
import { startSite, type Site } from '../../tools/site-harness/site.ts';
import { openEditor, replaceCode, run } from './workbench.ts';

const LESSON = 'lessons/fixture-workbench/';
const ID = 'model-bytes';
const solution = readFileSync(path.join(ROOT, 'solutions', `${ID}.ts`), 'utf8');

let site: Site;
const burners: ChildProcess[] = [];
beforeAll(async () => {
  site = await startSite();
});
afterAll(async () => {
  for (const b of burners) b.kill();
  await site?.stop();
});

describe('a memory bomb in the page', () => {
  it('is stopped under load, named as possibly memory, and the next Run works', async () => {
    const { page, problems } = await site.open(LESSON);
    await openEditor(page, ID);
    // Busy from here: one burner per core, as when a class is being graded on the same machine.
    for (let i = 0; i < 2; i++) burners.push(spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' }));
    const bomb = solution.replace('return (params * bitsPerWeight) / 8;', 'const a: number[][] = [];\n  for (;;) a.push(new Array(1e6).fill(1));');
    expect(bomb).toContain('new Array(1e6)');
    await replaceCode(page, ID, bomb);
    const bombed = await run(page, ID);
    expect(bombed.status).toBe('error');
    expect(bombed.text).toMatch(/memory/);
    for (const b of burners.splice(0)) b.kill();
    await replaceCode(page, ID, solution);
    const next = await run(page, ID);
    expect(next.status, next.text).toBe('passed');
    expect(problems()).toEqual([]);
    await page.context().close();
  });
});
