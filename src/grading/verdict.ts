/**
 * Verdicts: turn what a sandbox reported into per-case results and one message a learner can act on.
 * The sandbox report type is the contract between the runners (node, browser) and this module.
 */
import type { PreparedCase } from './cases.ts';
import { compareOutputs, show } from './compare.ts';
import { toleranceFor, type AssessmentGroup, type Exercise } from './exercise.ts';

/** A position in the learner's own source (1-based). */
export interface SourcePosition {
  line: number;
  column: number;
}

/** An error thrown by learner code, with its position mapped back to the learner's source when known. */
export interface LearnerError {
  name: string;
  message: string;
  at?: SourcePosition;
}

/** What one call returned inside the sandbox. */
export type CallOutcome = { ok: true; value: unknown } | { ok: false; error: LearnerError };

/** Why a sandbox could not produce outcomes for every case. */
export type Problem =
  | 'compile' // the source does not compile (syntax error, forbidden import)
  | 'load' // evaluating the module threw
  | 'missing-export' // a required function is not exported
  | 'return' // a returned value cannot be sent back for checking (a cycle, a function, a BigInt…)
  | 'timeout' // wall-clock limit (an infinite loop, or a promise that never settles)
  | 'memory' // heap or ArrayBuffer limit
  | 'flood' // printed or returned too much
  | 'pollution' // modified built-ins (Array.prototype, Math, JSON…)
  | 'crash'; // the sandbox process died for another reason

/** The report a runner hands back for one submission. */
export type SandboxReport =
  | { kind: 'ran'; outcomes: CallOutcome[]; logs: string[]; durationMs?: number }
  | { kind: 'failed'; problem: Problem; message: string; at?: SourcePosition; atCase?: number; logs?: string[] };

/** One case's result, safe to show the learner (hidden cases carry no expected value). */
export interface CaseResult {
  index: number;
  visible: boolean;
  kind: string;
  fn: string;
  passed: boolean;
  /** Why it failed (empty when passed). Hidden cases never include the expected value. */
  message: string;
  /** Where the outputs first differ, e.g. "values[3]". */
  path?: string;
  /** Visible cases only. */
  args?: unknown[];
  expected?: unknown;
  got?: unknown;
  /** Position of a thrown error in the learner's source. */
  at?: SourcePosition;
}

/** The outcome of grading one submission. */
export interface Verdict {
  status: 'passed' | 'failed' | 'error';
  passed: number;
  total: number;
  /** One paragraph: what happened and, on failure, the first thing to fix. */
  message: string;
  problem?: Problem;
  at?: SourcePosition;
  cases: CaseResult[];
  logs: string[];
}

/**
 * Compare every outcome with its expected value (or the exercise's `check`) and summarise. The calls
 * of an assessment group give one result together, after the ordinary cases.
 */
export async function judge(ex: Exercise, cases: readonly PreparedCase[], report: SandboxReport): Promise<Verdict> {
  if (report.kind === 'failed') return failedRun(cases, report);
  const results: CaseResult[] = [];
  const groups = new Map<number, { cases: PreparedCase[]; outcomes: (CallOutcome | undefined)[] }>();
  cases.forEach((c, i) => {
    if (c.group === undefined) return void results.push(judgeCase(ex, c, report.outcomes[i]));
    const g = groups.get(c.group) ?? groups.set(c.group, { cases: [], outcomes: [] }).get(c.group)!;
    g.cases.push(c);
    g.outcomes.push(report.outcomes[i]);
  });
  if (groups.size > 0) {
    const specs = ex.assessment!.groups();
    for (const [g, { cases: calls, outcomes }] of [...groups].sort((a, b) => a[0] - b[0])) {
      results.push(await judgeGroup(specs[g]!, calls, outcomes, results.length));
    }
  }
  const passed = results.filter((r) => r.passed).length;
  const firstFail = results.find((r) => !r.passed);
  const message = firstFail
    ? `${results.length - passed} of ${results.length} cases failed. First: ${label(firstFail)}: ${firstFail.message}${wholeSubmission(results.slice(results.length - groups.size), firstFail)}`
    : `All ${results.length} cases passed.`;
  return { status: firstFail ? 'failed' : 'passed', passed, total: results.length, message, cases: results, logs: report.logs, at: firstFail?.at };
}

function judgeCase(ex: Exercise, c: PreparedCase, outcome: CallOutcome | undefined): CaseResult {
  const base = { index: c.index, visible: c.visible, kind: c.kind, fn: c.fn };
  const shown = c.visible ? { args: c.args, expected: c.expected } : {};
  if (!outcome) return { ...base, ...shown, passed: false, message: 'no result came back for this case' };
  if (!outcome.ok) return { ...base, ...shown, passed: false, ...(outcome.error.at ? { at: outcome.error.at } : {}), message: thrownText(c.fn, outcome.error) };
  // Hidden cases carry no `got` at all (an undefined field would still be written out by --json).
  const got = c.visible ? { got: outcome.value } : {};
  if (ex.check) {
    const why = runCheck(() => ex.check!(outcome.value, c.expected, c));
    return { ...base, ...shown, ...got, passed: why === null, message: why ?? '' };
  }
  const diff = compareOutputs(c.expected, outcome.value, (field) => toleranceFor(ex, c.fn, field));
  if (!diff) return { ...base, ...shown, ...got, passed: true, message: '' };
  if (c.argsAfter && diff.path?.startsWith('args')) {
    const [, k = '0', rest = ''] = /^args\[(\d+)\](.*)$/.exec(diff.path) ?? [];
    return { ...base, ...shown, ...got, passed: false, path: diff.path, message: `changed its argument ${Number(k) + 1} in place${rest ? ` (first at ${rest})` : ''}: leave its inputs unchanged` };
  }
  const where = diff.path ? ` at ${diff.path}` : '';
  const message = c.visible
    ? `${diff.reason}${where ? ` — first difference${where}` : ''}`
    : `wrong result${where}${hiddenShapeHint(diff.reason)}`;
  return { ...base, ...shown, ...got, passed: false, ...(diff.path ? { path: diff.path } : {}), message };
}

// The assessment is the point of an exercise that has one: when an ordinary case failed first, say
// how the whole-submission checks went too, so the learner sees both.
function wholeSubmission(groupResults: readonly CaseResult[], firstFail: CaseResult): string {
  const failed = groupResults.filter((r) => !r.passed);
  if (groupResults.length === 0 || groupResults.includes(firstFail)) return '';
  const stop = /[.!?]$/.test(firstFail.message) ? '' : '.';
  if (failed.length === 0) return `${stop} The ${groupResults.length} checks of the whole submission passed.`;
  return `${stop} ${failed.length} of the ${groupResults.length} checks of the whole submission failed too. First: ${failed[0]!.message}`;
}

/** One assessment group's result: a call that threw fails it, else the group's own judgement does. */
async function judgeGroup(spec: AssessmentGroup, calls: readonly PreparedCase[], outcomes: readonly (CallOutcome | undefined)[], index: number): Promise<CaseResult> {
  const base = { index, visible: false, kind: spec.kind, fn: calls[0]!.fn };
  const values: unknown[] = [];
  for (const [i, o] of outcomes.entries()) {
    if (!o) return { ...base, passed: false, message: 'no result came back for this part of the run' };
    if (!o.ok) return { ...base, passed: false, ...(o.error.at ? { at: o.error.at } : {}), message: `${thrownText(calls[i]!.fn, o.error)} (call ${i + 1} of ${calls.length} here)` };
    values.push(o.value);
  }
  let why: string | null;
  try {
    why = await spec.judge(values);
  } catch (e) {
    why = thrownReason(e);
  }
  return { ...base, passed: why === null, message: why ?? '' };
}

// A check that throws is a failed check: its message is the reason (the core's checks throw learner-readable errors).
function runCheck(check: () => string | null): string | null {
  try {
    return check();
  } catch (e) {
    return thrownReason(e);
  }
}

const thrownReason = (e: unknown): string => (e instanceof Error ? e.message : String(e));

function thrownText(fn: string, error: LearnerError): string {
  const where = error.at ? ` (line ${error.at.line})` : '';
  return `${fn} threw ${error.name}: ${error.message}${where}`;
}

// A shape mistake (missing field, wrong type or length) is safe to name on a hidden case:
// it tells the learner what to fix without revealing any expected number.
function hiddenShapeHint(reason: string): string {
  if (/^the returned object has no field|^expected an object|^expected an array|^expected the number/.test(reason)) {
    return ` (${reason.replace(/expected the number \S+/, 'expected a number')})`;
  }
  const len = /^expected (\d+) elements, got (\d+)/.exec(reason);
  return len ? ` (returned ${len[2]} elements, which is not the expected length)` : '';
}

function failedRun(cases: readonly PreparedCase[], report: Extract<SandboxReport, { kind: 'failed' }>): Verdict {
  const during = report.atCase !== undefined && cases[report.atCase] ? ` while running ${label(cases[report.atCase]!)}` : '';
  const where = report.at ? ` (line ${report.at.line}, column ${report.at.column})` : '';
  const results: CaseResult[] = [];
  const groups = new Set<number>();
  for (const c of cases) {
    // An assessment group is one result, however many calls it makes.
    if (c.group !== undefined && groups.has(c.group)) continue;
    if (c.group !== undefined) groups.add(c.group);
    results.push({ index: c.group === undefined ? c.index : results.length, visible: c.visible, kind: c.kind, fn: c.fn, passed: false, message: 'not run' });
  }
  return {
    status: 'error',
    passed: 0,
    total: results.length,
    problem: report.problem,
    at: report.at,
    message: `${report.message}${where}${during}`,
    cases: results,
    logs: report.logs ?? [],
  };
}

/** "example 2 (kind)" or "hidden case 7 (kind)". */
export function label(c: { index: number; visible: boolean; kind: string }): string {
  return `${c.visible ? 'example' : 'hidden case'} ${c.index + 1} (${c.kind})`;
}

/** A one-line rendering of a case's call, e.g. `quantizeSymmetric([1, 2], 4)` (visible cases only). */
export function callText(c: { fn: string; args?: unknown[] }): string {
  return `${c.fn}(${(c.args ?? []).map((a) => show(a, 60)).join(', ')})`;
}
