/**
 * The instructor's path end to end, through the real CLI in child processes: scaffold a lesson and
 * an exercise, prove them sound with `check`, catch broken content with specific messages, and
 * grade a class in shards that merge into the unsharded result. Content commands run against a
 * scratch course (QUANTCOURSE_ROOT), never the repository's own lessons/ and exercises/.
 */
import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

const BIN = path.resolve('bin/quantcourse.mjs');

/** Run the CLI (optionally against a scratch course) and collect its output and exit code. */
function cli(args: string[], root?: string): Promise<{ code: number; stdout: string; stderr: string }> {
  const env = { ...process.env, NO_COLOR: '1', ...(root ? { QUANTCOURSE_ROOT: root } : {}) };
  if (!root) delete env.QUANTCOURSE_ROOT;
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { env, maxBuffer: 64 << 20 }, (err, stdout, stderr) => {
      resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

const tmp = () => mkdtempSync(path.join(os.tmpdir(), 'quantcourse-instructor-'));

/**
 * An empty course: no lessons or exercises, only the shared generator helpers, the core and the
 * grading code they import, and a widgets folder holding just "tiny-network" (so a widget that is
 * named in the schema but not built yet is predictable).
 */
function scratchCourse(): string {
  const root = tmp();
  mkdirSync(path.join(root, 'lessons'));
  mkdirSync(path.join(root, 'solutions'));
  mkdirSync(path.join(root, 'exercises'));
  for (const f of readdirSync('exercises')) if (f.endsWith('.ts')) cpSync(path.join('exercises', f), path.join(root, 'exercises', f));
  mkdirSync(path.join(root, 'src', 'widgets', 'tiny-network'), { recursive: true });
  writeFileSync(path.join(root, 'src', 'widgets', 'tiny-network', 'index.ts'), 'export default () => {};\n');
  for (const d of ['core', 'grading', 'content']) symlinkSync(path.resolve('src', d), path.join(root, 'src', d), 'dir');
  return root;
}

const put = (root: string, file: string, text: string) => {
  mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
  writeFileSync(path.join(root, file), text);
};

/** An exercise whose reference rounds to the nearest integer (ties away from zero, like Math.round). */
const roundingExercise = (id: string, generate: string, extra = '') => `import { defineExercise } from '../../src/grading/exercise.ts';
export default defineExercise({
  id: '${id}',
  title: 'Round a number',
  statement: 'Implement roundIt(x): the nearest integer to x.',
  functions: ['roundIt'],
  reference: { roundIt: (x: number) => Math.round(x) },
  examples: [{ fn: 'roundIt', args: [1.2], kind: 'a plain value' }],
  generate(rng) { return ${generate}; },
  tolerance: { '*': 'exact' },
  ${extra}
  hints: ['Math.round does it.'],
});
`;

describe('scaffold, then check', () => {
  let root: string;
  beforeAll(() => {
    root = scratchCourse();
  });

  it('scaffolds a lesson and an exercise that pass check and show up in list, with no other edit', async () => {
    const lesson = await cli(['new', 'lesson', 'fp8-demo'], root);
    expect(lesson.code).toBe(0);
    const exercise = await cli(['new', 'exercise', 'fp8-demo-error', '--lesson', 'fp8-demo'], root);
    expect(exercise.code).toBe(0);
    for (const f of ['lessons/fp8-demo.mdx', 'exercises/fp8-demo-error/exercise.ts', 'exercises/fp8-demo-error/starter.ts', 'solutions/fp8-demo-error.ts', 'solutions/wrong/fp8-demo-error/signed-difference.ts']) {
      expect(existsSync(path.join(root, f)), f).toBe(true);
    }
    const mdx = readFileSync(path.join(root, 'lessons/fp8-demo.mdx'), 'utf8');
    expect(mdx).toMatch(/<Exercise id="fp8-demo-error" \/>/);
    expect(mdx).not.toMatch(/^(order|exercises|widgets):/m);
    expect(readFileSync(path.join(root, 'lessons/course.yaml'), 'utf8')).toMatch(/^ {2}- \{ slug: fp8-demo, exercises: \[fp8-demo-error\] \}$/m);

    const check = await cli(['check'], root);
    expect(check.stdout).toMatch(/fp8-demo-error: solution 3\/3 seeds, 0 ties, starter fails, 1 rules, 1\/1 wrong variants fail under 20 seeds/);
    expect(check.stdout).toMatch(/check passed: 1 exercises, 1 lessons, 0 problem\(s\)/);
    expect(check.code).toBe(0);

    const list = await cli(['list', '--json'], root);
    expect(JSON.parse(list.stdout).map((e: { id: string; lesson: string }) => [e.id, e.lesson])).toEqual([['fp8-demo-error', 'fp8-demo']]);
  });

  it('refuses an existing name or an invalid slug, and overwrites nothing', async () => {
    const before = readFileSync(path.join(root, 'lessons/fp8-demo.mdx'), 'utf8');
    const again = await cli(['new', 'lesson', 'fp8-demo'], root);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/lessons\/fp8-demo\.mdx exists already; nothing was written/);
    expect(readFileSync(path.join(root, 'lessons/fp8-demo.mdx'), 'utf8')).toBe(before);

    writeFileSync(path.join(root, 'solutions/fp8-demo-error.ts'), '// mine\n');
    const ex = await cli(['new', 'exercise', 'fp8-demo-error'], root);
    expect(ex.code).toBe(2);
    expect(ex.stderr).toMatch(/exercise "fp8-demo-error" exists already/);
    expect(readFileSync(path.join(root, 'solutions/fp8-demo-error.ts'), 'utf8')).toBe('// mine\n');

    for (const bad of ['FP8', '8bit', 'fp8--range', 'fp8_range']) {
      const r = await cli(['new', 'lesson', bad], root);
      expect(r.code, bad).toBe(2);
      expect(r.stderr).toMatch(/is not a valid lesson slug/);
    }
    const noLesson = await cli(['new', 'exercise', 'orphan-one', '--lesson', 'no-such-lesson'], root);
    expect(noLesson.code).toBe(2);
    expect(noLesson.stderr).toMatch(/No lesson lessons\/no-such-lesson\.mdx/);
    expect(existsSync(path.join(root, 'exercises/orphan-one'))).toBe(false);
    const nowhere = await cli(['new', 'lesson', 'other-lesson', '--after', 'no-such-lesson'], root);
    expect(nowhere.code).toBe(2);
    expect(nowhere.stderr).toMatch(/--after no-such-lesson: lessons\/course\.yaml has no lesson "no-such-lesson"; nothing was written\. Its lessons: fp8-demo\./);
    const order = await cli(['new', 'lesson', 'other-lesson', '--order', '1'], root);
    expect(order.code).toBe(2);
    expect(order.stderr).toMatch(/--order is gone: a lesson's place is its line in lessons\/course\.yaml/);
    expect(existsSync(path.join(root, 'lessons/other-lesson.mdx'))).toBe(false);
  });
});

describe('check catches broken content with specific messages', () => {
  let out: string;
  let code: number;
  beforeAll(async () => {
    const root = scratchCourse();
    for (const id of ['broken-solution', 'passing-starter']) {
      expect((await cli(['new', 'exercise', id], root)).code).toBe(0);
    }
    put(root, 'solutions/broken-solution.ts', 'export function brokenSolution(a: number[], b: number[]): number { return 1; }\n');
    put(root, 'exercises/passing-starter/starter.ts', readFileSync(path.join(root, 'solutions/passing-starter.ts'), 'utf8'));
    // Wrong variants that prove nothing: one is right after all, one names no rule, one names a rule that does not exist.
    put(root, 'solutions/wrong/passing-starter/not-wrong.ts', `// breaks: absolute\n${readFileSync(path.join(root, 'solutions/passing-starter.ts'), 'utf8')}`);
    put(root, 'solutions/wrong/passing-starter/unlabelled.ts', 'export function passingStarter(): number { return 0; }\n');
    put(root, 'solutions/wrong/passing-starter/unknown-rule.ts', '// breaks: no-such-rule\nexport function passingStarter(): number { return 0; }\n');
    // A rule with no variant, and a rule that quotes words the statement does not say.
    const spec = path.join(root, 'exercises/passing-starter/exercise.ts');
    put(root, 'exercises/passing-starter/exercise.ts', readFileSync(spec, 'utf8').replace(
      "rules: [{ id: 'absolute', states: 'the largest absolute difference' }],",
      "rules: [{ id: 'absolute', states: 'the largest absolute difference' }, { id: 'both-arrays', states: 'between the two arrays' }, { id: 'invented', states: 'rounded to float32' }],",
    ));
    // Every draw is an exact half: the tie filter rejects them all.
    put(root, 'exercises/always-ties/exercise.ts', roundingExercise('always-ties', "{ fn: 'roundIt', args: [rng.int(0, 9) + 0.5], kind: 'a half' }"));
    // Half the draws are exact halves, and a custom isNearTie lets them through.
    put(root, 'exercises/lax-ties/exercise.ts', roundingExercise('lax-ties', "{ fn: 'roundIt', args: [rng.int(0, 9) + (rng.next() < 0.5 ? 0.5 : 0.25)], kind: 'a value' }", 'isNearTie: () => false,'));
    for (const id of ['always-ties', 'lax-ties']) {
      put(root, `exercises/${id}/starter.ts`, 'export function roundIt(x: number): number { return 0; }\n');
      put(root, `solutions/${id}.ts`, 'export function roundIt(x: number): number { return Math.round(x); }\n');
    }
    put(root, 'lessons/course.yaml', `# a comment the check ignores
lessons:
  - { slug: scratch, exercises: [broken-solution, passing-starter, always-ties, lax-ties] }
  - { slug: ghosts, exercises: [ghost-exercise, listed-only] }
  - { slug: bad-front, exercises: [lax-ties] }
  - { slug: no-file }
  - { slug: out-of-order, exercises: [second-one, first-one] }
`);
    put(root, 'lessons/scratch.mdx', `---
title: Scratch
summary: A lesson that places its exercises and one real widget.
---

<Widget name="tiny-network" />
<Exercise id="broken-solution" />
<Exercise id="passing-starter" />
<Exercise id="always-ties" />
<Exercise id="lax-ties" />
`);
    put(root, 'lessons/ghosts.mdx', `---
title: Ghosts
summary: A lesson full of references to things that do not exist.
---

Text.

<Exercise id="ghost-exercise" />

\`\`\`mdx
<Widget name="inside-a-code-block" />
\`\`\`

<Widget name="no-such-widget" />
<Widget name="number-line" />
<Exercise id="broken-solution" />
`);
    put(root, 'lessons/bad-front.mdx', `---
title: Bad
order: 2
exercises: [lax-ties]
---

No summary, and fields the manifest and the body replaced.
`);
    put(root, 'lessons/unlisted.mdx', `---
title: Unlisted
summary: A lesson the manifest does not name.
---
`);
    for (const id of ['first-one', 'second-one']) {
      put(root, `exercises/${id}/exercise.ts`, roundingExercise(id, "{ fn: 'roundIt', args: [rng.int(0, 9) + 0.25], kind: 'a value' }", "rules: [{ id: 'nearest', states: 'the nearest integer' }],"));
      put(root, `exercises/${id}/starter.ts`, 'export function roundIt(x: number): number { return 0; }\n');
      put(root, `solutions/${id}.ts`, 'export function roundIt(x: number): number { return Math.round(x); }\n');
      put(root, `solutions/wrong/${id}/floor.ts`, '// breaks: nearest\nexport function roundIt(x: number): number { return Math.floor(x) - 1; }\n');
    }
    put(root, 'lessons/out-of-order.mdx', `---
title: Out of order
summary: A lesson whose exercises the manifest lists in another order.
---

<Exercise id="first-one" />
<Exercise id="second-one" />
`);
    const r = await cli(['check'], root);
    out = r.stdout;
    code = r.code;
  });

  const problem = (file: string, text: RegExp) => expect(out).toMatch(new RegExp(`problem ${file.replace(/[.]/g, '\\.')}[^\\n]*: ${text.source}`));

  it('fails', () => {
    expect(code).toBe(1);
    expect(out).toMatch(/check failed/);
  });

  it('a solution that fails its cases', () => {
    problem('solutions/broken-solution.ts', /fails with seed "check-1"/);
    expect(out).toMatch(/fix: Reproduce with: npx quantcourse grade broken-solution solutions\/broken-solution\.ts --seed check-1/);
  });

  it('a starter that already passes', () => {
    problem('exercises/passing-starter/starter.ts', /the starter already passes every case/);
  });

  it('a stated rule no wrong variant proves tested, a variant that passes, and variants that name no rule', () => {
    problem('exercises/passing-starter/exercise.ts', /nothing proves the hidden cases test rule "both-arrays" \("between the two arrays"\): no wrong variant breaks it/);
    problem('exercises/passing-starter/exercise.ts', /rule "invented" quotes words the statement does not say: "rounded to float32"/);
    problem('solutions/wrong/passing-starter/not-wrong.ts', /breaks rule "absolute" yet passes under 20 of 20 seeds/);
    problem('solutions/wrong/passing-starter/unlabelled.ts', /does not say which rule it breaks/);
    problem('solutions/wrong/passing-starter/unknown-rule.ts', /breaks "no-such-rule", which is not a rule of passing-starter/);
    problem('exercises/lax-ties/exercise.ts', /lists no `rules`/);
    expect(out).not.toMatch(/problem solutions\/wrong\/broken-solution/); // the scaffold's own variant fails as it should
  });

  it('a generator that produces ties, whether the filter rejects them or lets them through', () => {
    problem('exercises/always-ties/exercise.ts', /the generator keeps drawing inputs that sit on a rounding tie/);
    problem('exercises/lax-ties/exercise.ts', /\d+ case\(s\) sit on a rounding tie \(nudging an input by one ulp changes an integer output\)/);
  });

  it('a lesson pointing at a missing exercise, or one the manifest gives another lesson', () => {
    problem('lessons/ghosts.mdx:8', /places <Exercise id="ghost-exercise" \/>, but exercises\/ghost-exercise\/exercise\.ts does not exist/);
    problem('lessons/ghosts.mdx:16', /places exercise "broken-solution", but lessons\/course\.yaml lists it under "scratch"/);
  });

  it('a manifest naming what does not exist, or what a page never places, or in another order', () => {
    problem('lessons/course.yaml:4', /lists exercise "ghost-exercise" under "ghosts", but exercises\/ghost-exercise\/exercise\.ts does not exist/);
    problem('lessons/course.yaml:4', /lists exercise "listed-only" under "ghosts", but exercises\/listed-only\/exercise\.ts does not exist/);
    problem('lessons/course.yaml:4', /lists exercise "listed-only" under "ghosts", but lessons\/ghosts\.mdx never places <Exercise id="listed-only" \/>/);
    problem('lessons/course.yaml:6', /lists lesson "no-file", but lessons\/no-file\.mdx does not exist/);
    problem('lessons/course.yaml:5', /lists exercise "lax-ties" under "bad-front", but also under "scratch"; an exercise belongs to one lesson/);
    problem('lessons/course.yaml:5', /lists exercise "lax-ties" under "bad-front", but lessons\/bad-front\.mdx never places <Exercise id="lax-ties" \/>/);
    problem('lessons/course.yaml:7', /lists the exercises of "out-of-order" as \[second-one, first-one\], but the page places them in the order \[first-one, second-one\]/);
    problem('lessons/unlisted.mdx', /is not in lessons\/course\.yaml, so the course does not include it/);
    expect(out).toMatch(/fix: Add the line " {2}- \{ slug: unlisted, exercises: \[\] \}" to lessons\/course\.yaml/);
  });

  it('a widget with no module, and widgets in code blocks left alone', () => {
    problem('lessons/ghosts.mdx:14', /places <Widget name="no-such-widget" \/>, but there is no widget src\/widgets\/no-such-widget\/index\.ts/);
    problem('lessons/ghosts.mdx:15', /places <Widget name="number-line" \/>, but there is no widget src\/widgets\/number-line\/index\.ts/);
    expect(out).not.toMatch(/inside-a-code-block/);
    expect(out).not.toMatch(/widget "tiny-network"|name="tiny-network"/); // built: nothing to say
  });

  it('front matter that fails the lesson schema, naming where a moved field lives now', () => {
    problem('lessons/bad-front.mdx', /front matter field "summary": /);
    problem('lessons/bad-front.mdx', /front matter field "order" is not a lesson field: the order is the lesson's place in lessons\/course\.yaml/);
    problem('lessons/bad-front.mdx', /front matter field "exercises" is not a lesson field: a lesson's exercises are listed on its line in lessons\/course\.yaml/);
  });

  it('says which exercises are sound', () => {
    expect(out).toMatch(/passing-starter: solution 3\/3 seeds, 0 ties, 3 rules, 3\/4 wrong variants fail under 20 seeds/);
  });
});

describe('grading a class in shards', () => {
  /** Four students, two exercises; one wrong answer. */
  function classFolder(): string {
    const dir = tmp();
    const wrong = 'export function tokensPerSecond() { return 1; }\nexport function modelBytes() { return 1; }\nexport function blockFormatBitsPerWeight() { return 1; }\n';
    for (const s of ['ada', 'bob', 'cy', 'dee']) {
      put(dir, `${s}/model-bytes.ts`, s === 'bob' ? wrong : readFileSync('solutions/model-bytes.ts', 'utf8'));
      if (s !== 'cy') put(dir, `${s}/tokens-per-second.ts`, readFileSync('solutions/tokens-per-second.ts', 'utf8'));
    }
    return dir;
  }
  const strip = (run: { submissions: Record<string, unknown>[] }) => run.submissions.map(({ durationMs: _, ...s }) => s);

  it('merges shards into exactly what grading unsharded gives, in every report', async () => {
    const dir = classFolder(), out = tmp();
    const grade = (extra: string[]) => cli(['grade', '--all', dir, '--seed', 'class-seed', '--json', '--timeout', '60000', ...extra]);
    const [whole, s1, s2] = await Promise.all([grade(['--gradescope', path.join(out, 'whole-gs.json')]), grade(['--shard', '1/2']), grade(['--shard', '2/2'])]);
    expect(whole.code).toBe(1); // bob fails
    writeFileSync(path.join(out, 's1.json'), s1.stdout);
    writeFileSync(path.join(out, 's2.json'), s2.stdout);
    const shard1 = JSON.parse(s1.stdout), shard2 = JSON.parse(s2.stdout);
    expect(shard1.shard).toEqual({ index: 1, count: 2 });
    expect(shard1.submissions.length).toBeGreaterThan(0);
    expect(shard2.submissions.length).toBeGreaterThan(0);

    const merged = await cli(['merge', path.join(out, 's2.json'), path.join(out, 's1.json'), '--json', path.join(out, 'merged.json'), '--junit', path.join(out, 'junit.xml'), '--gradescope', path.join(out, 'gs.json')]);
    expect(merged.code).toBe(1);
    expect(merged.stdout).toMatch(/6 passed, 1 failed/);
    const m = JSON.parse(readFileSync(path.join(out, 'merged.json'), 'utf8'));
    const w = JSON.parse(whole.stdout);
    expect(m.seed).toBe(w.seed);
    expect(m.shard).toBeUndefined();
    expect(strip(m)).toEqual(strip(w));
    expect(readFileSync(path.join(out, 'gs.json'), 'utf8')).toBe(readFileSync(path.join(out, 'whole-gs.json'), 'utf8'));
    expect(readFileSync(path.join(out, 'junit.xml'), 'utf8').match(/<testcase /g)).toHaveLength(7);
  });

  it('refuses shards graded with different seeds, and names both files', async () => {
    const dir = classFolder(), out = tmp();
    const [a, b] = await Promise.all([
      cli(['grade', '--all', dir, '--seed', 'one', '--json', '--shard', '1/2']),
      cli(['grade', '--all', dir, '--seed', 'two', '--json', '--shard', '2/2']),
    ]);
    writeFileSync(path.join(out, 'a.json'), a.stdout);
    writeFileSync(path.join(out, 'b.json'), b.stdout);
    const r = await cli(['merge', path.join(out, 'a.json'), path.join(out, 'b.json')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/Cannot merge .*a\.json and .*b\.json: they were graded with different seeds/);
    expect(r.stderr).not.toMatch(/one|two/);
  });
});
