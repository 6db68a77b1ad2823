/**
 * `grade --all` on a class where correct submissions share sandbox processes with ones that misbehave
 * (issue 17): a correct submission is never blamed for another, a memory bomb is named as memory, and
 * a console flood gets its own verdict once. Run in-process through gradeCommand.
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { gradeCommand } from '../../src/cli/commands/grade.ts';

interface Row { student: string; exercise: string; status: string; problem?: string; message: string; cases: { message: string }[] }

/** A class folder: `files[student][exercise-id] = source`. */
function classFolder(files: Record<string, Record<string, string>>): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'quantcourse-isolation-'));
  for (const [student, byId] of Object.entries(files)) {
    mkdirSync(path.join(dir, student));
    for (const [id, text] of Object.entries(byId)) writeFileSync(path.join(dir, student, `${id}.ts`), text);
  }
  return dir;
}

async function gradeAll(dir: string, jobs: number): Promise<{ code: number; rows: Row[]; json: string }> {
  let json = '';
  const code = await gradeCommand({ all: dir, seed: 'isolation', jobs, json: true, files: [], out: (s) => (json += s), err: () => {} });
  return { code, rows: (JSON.parse(json) as { submissions: Row[] }).submissions, json };
}

const modelBytes = (body: string) => `export function modelBytes(params: number, bits: number): number {
  ${body}
  return (params * bits) / 8;
}
export function blockFormatBitsPerWeight(v: number, size: number, overhead: number): number {
  return (size * v + overhead) / size;
}
`;
const LAB = readFileSync('solutions/lab-quantizer.ts', 'utf8');
const BOMB = modelBytes('const seen: number[][] = [];\n  for (;;) seen.push([params, bits, params * bits]);');

describe('grade --all: one submission is never blamed for another', () => {
  it('passes 6 correct lab-quantizer submissions sharing one sandbox process with 6 model-bytes memory bombs (--jobs 1)', async () => {
    const students = ['ada', 'bob', 'cy', 'dee', 'eve', 'fay'];
    const dir = classFolder(Object.fromEntries(students.map((s) => [s, { 'lab-quantizer': LAB, 'model-bytes': BOMB }])));
    const { code, rows } = await gradeAll(dir, 1);
    expect(code).toBe(1);
    const lab = rows.filter((r) => r.exercise === 'lab-quantizer');
    const bombs = rows.filter((r) => r.exercise === 'model-bytes');
    expect(lab.map((r) => `${r.student}: ${r.status}${r.status === 'passed' ? '' : ` ${r.message}`}`)).toEqual(students.map((s) => `${s}: passed`));
    expect(bombs.map((r) => `${r.student}: ${r.problem}`)).toEqual(students.map((s) => `${s}: memory`));
  }, 900_000);

  it('gives a console flood its own verdict, once: an endless printing loop and a finite 5 MB one', async () => {
    const dir = classFolder({
      ada: { 'model-bytes': modelBytes('for (let i = 0; ; i++) console.log("still going", i);') },
      bob: { 'model-bytes': modelBytes('for (let i = 0; i < 100_000; i++) console.log("fifty bytes of debugging output, line", i);') },
    });
    const { rows, json } = await gradeAll(dir, 1);
    expect(rows.map((r) => `${r.student}: ${r.problem}`)).toEqual(['ada: flood', 'bob: flood']);
    // The flood is said once per submission, in its message, never in the cases.
    expect(json.match(/printed more than/g)).toHaveLength(2);
    for (const r of rows) expect(r.cases.filter((c) => /print|console|output limit/i.test(c.message))).toEqual([]);
  }, 300_000);
});
