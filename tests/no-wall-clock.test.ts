/**
 * The tests hold on a busy machine (a learner's laptop, a shared CI runner): none of them asserts a
 * wall-clock duration, and no wait has a timeout short enough to be a speed budget. Speed is
 * `npm run bench`'s, printed beside its target. The rules are narrow on purpose, so that they never
 * raise a false alarm: a duration is something computed from Date.now()/performance.now() or named
 * like one (…Ms, elapsed, took, duration…); a short timeout is a literal under HANG_FLOOR_MS.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/** A wait shorter than this is a speed budget, not a bound on a hang. */
const HANG_FLOOR_MS = 30_000;
/** Where a short timeout is fine: on the line or the line before (e.g. a first try with a fallback after it). */
const EXEMPT = /not a speed budget/i;
const DURATION_NAME = /^(ms|\w+Ms|elapsed\w*|took|duration\w*|\w+Duration|times?|\w+Time)$/;
const CLOCK = /\b(Date\.now|performance\.now)\(\)/;

/** Problems found in one test source: upper bounds on durations, and short timeouts on waits. */
export function wallClockProblems(source: string): string[] {
  const problems: string[] = [];
  const lineOf = (index: number) => source.slice(0, index).split('\n').length;
  // Names given a value read from the clock (const took = Date.now() - started).
  const clocked = new Set([...source.matchAll(/\b(?:const|let|var)\s+(\w+)\s*=[^;\n]*\b(?:Date\.now|performance\.now)\(\)/g)].map((m) => m[1]!));
  for (const m of source.matchAll(/expect\(((?:[^;]|\n)*?)\)\s*\.(?:not\.)?(toBeLessThan(?:OrEqual)?)\(/g)) {
    const subject = m[1]!;
    const names = subject.match(/[A-Za-z_$][\w$]*/g) ?? [];
    if (CLOCK.test(subject) || names.some((n) => DURATION_NAME.test(n) || clocked.has(n))) {
      problems.push(`line ${lineOf(m.index!)}: expect(${subject.trim()}).${m[2]}(…) asserts a wall-clock duration`);
    }
  }
  const lines = source.split('\n');
  for (const m of source.matchAll(/\btimeout:\s*([\d_]+)\b/g)) {
    const ms = Number(m[1]!.replaceAll('_', ''));
    if (ms >= HANG_FLOOR_MS) continue;
    const at = lineOf(m.index!);
    const statementEnd = source.indexOf(';', m.index!);
    // A wait that may run out without failing anything (optional: `.catch(...)` right after it).
    if (/^\)*\s*\.catch\(/.test(source.slice(source.indexOf(')', m.index!) + 1, statementEnd).trimStart())) continue;
    if (EXEMPT.test(lines[at - 1]!) || EXEMPT.test(lines[at - 2] ?? '')) continue;
    problems.push(`line ${at}: timeout: ${m[1]} is a speed budget (a wait bounds a hang: ≥ ${HANG_FLOOR_MS} ms)`);
  }
  return problems;
}

/** Every TypeScript file of the tests and their helpers (not the fixtures' own tools). */
function testSources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts'))
    .map((e) => path.join(e.parentPath, e.name))
    .filter((f) => !f.split(path.sep).includes('fixtures') && f !== fileURLToPath(import.meta.url)); // this file's examples are bad on purpose
}

describe('the tests hold on a busy machine', () => {
  it('no test asserts a wall-clock duration or waits with a timeout that is a speed budget', () => {
    const found = testSources(path.resolve('tests')).flatMap((f) => wallClockProblems(readFileSync(f, 'utf8')).map((p) => `${path.relative(process.cwd(), f)} ${p}`));
    expect(found).toEqual([]);
  });

  it('flags what a busy machine fails, and nothing else', () => {
    expect(wallClockProblems('const took = Date.now() - started;\nexpect(took).toBeLessThan(5000);')).toHaveLength(1);
    expect(wallClockProblems('const t0 = Date.now();\nexpect(Date.now() - t0).toBeLessThan(20_000);')).toHaveLength(1);
    expect(wallClockProblems('expect(timings.runMs).toBeLessThanOrEqual(25);')).toHaveLength(1);
    expect(wallClockProblems('expect(times[times.length >> 1]).toBeLessThan(1500);')).toHaveLength(1);
    expect(wallClockProblems("await page.waitForFunction(() => ok(), undefined, { timeout: 5000 });")).toHaveLength(1);
    expect(wallClockProblems('await expect.poll(() => lines(), { timeout: 5_000 }).toContain(3);')).toHaveLength(1);
    // Not durations, or not upper bounds, or waits that bound a hang or may run out.
    expect(wallClockProblems('expect(Math.abs(loss - core)).toBeLessThan(1e-5);\nexpect(r.stdout.length).toBeLessThan(100_000);')).toEqual([]);
    expect(wallClockProblems('expect(timings.runMs).toBeGreaterThan(1990);')).toEqual([]);
    expect(wallClockProblems("await page.waitForFunction(() => ok(), null, { timeout: 60_000 });\nawait page.waitForFunction(() => busy(), null, { timeout: 5_000 }).catch(() => undefined);")).toEqual([]);
    expect(wallClockProblems('// Not a speed budget: a fallback follows.\nawait expect.poll(focused, { timeout: 2000 }).toBe(true);')).toEqual([]);
  });
});
