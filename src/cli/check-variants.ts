/**
 * Mutation testing of the hidden cases: every rule an exercise's statement states has wrong variants
 * (solutions/wrong/<id>/<name>.ts, the solution with that one rule broken as a learner would break
 * it), and every variant must fail under every seed. A rule no variant breaks, a variant that passes
 * under some seed, or a quoted rule the statement does not say is a problem of `quantcourse check`.
 */
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { prepareCases, type PreparedCase } from '../grading/cases.ts';
import type { Exercise } from '../grading/exercise.ts';
import { gradeSubmission } from '../grading/grade.ts';
import type { Runner } from '../grading/run-contract.ts';
import type { Verdict } from '../grading/verdict.ts';
import type { Problem } from './check-lessons.ts';
import { readText, ROOT, SOLUTIONS_DIR } from './content.ts';

/**
 * The check's limit on one grading: it only bounds a hang. The content is proven sound on an author's
 * laptop and a shared CI runner, busy or not (the lab's solution has taken over 8 s on a loaded machine).
 */
export const CHECK_TIMEOUT_MS = 60_000;

/** Seeds every wrong variant is graded with: it must fail under each one. */
export const VARIANT_SEEDS = Array.from({ length: 20 }, (_, i) => `variant-${i + 1}`);

/** One wrong variant: its file, the rule it breaks and how (its header comment). */
export interface Variant {
  file: string;
  name: string;
  /** Rule id from its `// breaks: <id>` line (undefined when the line is missing). */
  breaks?: string;
  source: string;
}

/** The folder of an exercise's wrong variants. */
export function variantsDir(id: string): string {
  return path.join(SOLUTIONS_DIR, 'wrong', id);
}

/** Read every wrong variant of an exercise, in name order. */
export function readVariants(id: string): Variant[] {
  const dir = variantsDir(id);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.ts'))
    .sort()
    .map((f) => {
      const file = path.join(dir, f);
      const source = readText(file) ?? '';
      // The header: leading comment lines, one of which is `// breaks: <rule id>`.
      const header = /^(?:\s*\/\/[^\n]*\n)*/.exec(source)![0];
      const breaks = /^\s*\/\/\s*breaks:\s*([a-z0-9-]+)\s*$/m.exec(header)?.[1];
      return { file, name: f.replace(/\.ts$/, ''), breaks, source };
    });
}

const rel = (f: string) => path.relative(ROOT, f) || f;
const squash = (s: string) => s.replace(/\s+/g, ' ').trim();

/**
 * Check an exercise's rules and wrong variants (and that the solution passes under the same seeds);
 * push problems, return a summary note such as "4 rules, 6/6 wrong variants fail under 20 seeds".
 */
export async function checkVariants(ex: Exercise, spec: string, solution: string | undefined, runner: Runner, problems: Problem[], seeds: readonly string[] = VARIANT_SEEDS): Promise<string> {
  if (ex.rules.length === 0) {
    problems.push({ file: rel(spec), message: 'lists no `rules`, so nothing proves that its hidden cases test what the statement says', fix: 'List every rule the statement states in `rules` (`{ id, states }`, quoting the statement) and write a wrong variant for each (see `npx quantcourse docs`).' });
  }
  const statement = squash(ex.statement);
  const ruleIds = new Set<string>();
  for (const rule of ex.rules) {
    if (ruleIds.has(rule.id)) problems.push({ file: rel(spec), message: `the rule id "${rule.id}" is listed twice`, fix: 'Give every rule of `rules` its own id.' });
    ruleIds.add(rule.id);
    if (!statement.includes(squash(rule.states))) {
      problems.push({ file: rel(spec), message: `rule "${rule.id}" quotes words the statement does not say: "${rule.states}"`, fix: "Quote the rule's words from `statement` exactly (whitespace may differ), or state the rule in the statement." });
    }
  }
  const variants = readVariants(ex.id);
  for (const v of variants) {
    if (v.breaks === undefined) {
      problems.push({ file: rel(v.file), message: 'does not say which rule it breaks', fix: `Start the file with \`// breaks: <rule id>\` (one of: ${[...ruleIds].join(', ')}), then a comment on the mistake.` });
    } else if (!ruleIds.has(v.breaks)) {
      problems.push({ file: rel(v.file), message: `breaks "${v.breaks}", which is not a rule of ${ex.id}`, fix: `Name one of the exercise's rules: ${[...ruleIds].join(', ')}.` });
    }
  }
  for (const rule of ex.rules) {
    if (!variants.some((v) => v.breaks === rule.id)) {
      problems.push({
        file: rel(spec),
        message: `nothing proves the hidden cases test rule "${rule.id}" ("${rule.states}"): no wrong variant breaks it`,
        fix: `Write ${rel(path.join(variantsDir(ex.id), `${rule.id}.ts`))}: the solution with this one rule broken as a learner would break it, starting \`// breaks: ${rule.id}\`. If the grader cannot test the rule, do not state it as a rule.`,
      });
    }
  }
  // A variant failing where the solution fails too would prove nothing: the solution passes under these seeds first.
  // Every grade is queued at once: the runner's pool runs them on all its processes.
  const casesBySeed = new Map<string, PreparedCase[] | undefined>(seeds.map((seed) => [seed, casesFor(ex, seed)]));
  if (solution !== undefined) {
    const verdicts = await Promise.all(seeds.map((seed) => gradeCases(ex, solution, casesBySeed.get(seed), runner)));
    const failed = verdicts.findIndex((v) => v && v.status !== 'passed');
    if (failed >= 0) {
      const seed = seeds[failed]!;
      problems.push({ file: rel(path.join(SOLUTIONS_DIR, `${ex.id}.ts`)), message: `fails with seed "${seed}": ${verdicts[failed]!.message}`, fix: `Reproduce with: npx quantcourse grade ${ex.id} solutions/${ex.id}.ts --seed ${seed}` });
      return `${ex.rules.length} rules, wrong variants not run (the solution fails)`;
    }
  }
  const caught = (await Promise.all(variants.map((v) => variantFailsEverywhere(ex, v, runner, problems, seeds, casesBySeed)))).filter(Boolean).length;
  return `${ex.rules.length} rules, ${caught}/${variants.length} wrong variants fail under ${seeds.length} seeds`;
}

/** A seed's cases without the assessment's calls (undefined when the generator fails: the content check reports that itself). */
function casesFor(ex: Exercise, seed: string): PreparedCase[] | undefined {
  try {
    return prepareCases(ex, seed, ex.hiddenCount, false);
  } catch {
    return undefined;
  }
}

function gradeCases(ex: Exercise, source: string, cases: PreparedCase[] | undefined, runner: Runner): Promise<Verdict | undefined> {
  return cases ? gradeSubmission(ex, source, cases, runner, { timeoutMs: CHECK_TIMEOUT_MS }) : Promise.resolve(undefined);
}

/** Grade one variant under every seed; a problem for each seed under which it passes. */
async function variantFailsEverywhere(ex: Exercise, v: Variant, runner: Runner, problems: Problem[], seeds: readonly string[], casesBySeed: Map<string, PreparedCase[] | undefined>): Promise<boolean> {
  // The assessment's calls do not depend on the seed: judge them once, and grade each seed's cases without them.
  let whole: Verdict | undefined;
  const passing: string[] = [];
  const verdicts = await Promise.all(seeds.map((seed) => gradeCases(ex, v.source, casesBySeed.get(seed), runner)));
  for (const [i, seed] of seeds.entries()) {
    const verdict = verdicts[i];
    if (!verdict) return false;
    if (verdict.problem === 'compile') {
      problems.push({ file: rel(v.file), message: `does not compile, so it proves nothing: ${verdict.message}`, fix: 'A wrong variant is the solution with one rule broken; it must compile and run.' });
      return false;
    }
    if (verdict.status !== 'passed') continue;
    if (ex.assessment) {
      whole ??= await gradeSubmission(ex, v.source, prepareCases(ex, seeds[0]!, 0, true).filter((c) => c.group !== undefined), runner, { timeoutMs: CHECK_TIMEOUT_MS });
      if (whole.status !== 'passed') continue;
    }
    passing.push(seed);
  }
  if (passing.length === 0) return true;
  problems.push({
    file: rel(v.file),
    message: `breaks rule "${v.breaks ?? '?'}" yet passes under ${passing.length} of ${seeds.length} seeds (e.g. "${passing[0]}"): the hidden cases do not test that rule in every run`,
    fix: `Make \`generate\` always include cases that tell this rule apart (a fixed edge case by index, or a search for inputs where the two readings differ). Reproduce with: npx quantcourse grade ${ex.id} ${rel(v.file)} --seed ${passing[0]}`,
  });
  return false;
}
