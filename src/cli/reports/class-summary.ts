/**
 * What the class report shows, gathered one submission at a time: each student's score per
 * exercise, each exercise's pass rate, the hidden-case kinds and the messages it most often failed
 * with, and the runs that crashed or timed out. Counts, not cases, are kept, so a class of any size
 * costs memory in proportion to its students and exercises alone.
 */
import type { SubmissionResult } from './results.ts';

/** A count and one message it counts, as first seen (numbers in it may differ between the others). */
export interface MessageCount {
  count: number;
  example: string;
}

/** One exercise across the class. */
export interface ExerciseStats {
  exercise: string;
  submissions: number;
  passed: number;
  failed: number;
  errors: number;
  /**
   * Failed hidden cases by kind (the case label with its numbers folded, see kindOf): how many
   * cases, in how many submissions, and one label it stands for, as first seen.
   */
  hiddenKinds: Map<string, { cases: number; submissions: number; example: string }>;
  /** Failure messages, numbers folded ("values[N]"), so one mistake made by many is one line. */
  messages: Map<string, MessageCount>;
  /** Messages not tallied because MAX_MESSAGES distinct ones were already held. */
  untallied: number;
}

/** One student's (or, for named files, one file's) results. */
export interface StudentRow {
  name: string;
  /** By exercise: cases passed of total, and the verdict. */
  results: Map<string, { passed: number; total: number; status: SubmissionResult['status'] }>;
}

/** A submission whose run went wrong as a whole: it crashed, timed out, ran out of memory… */
export interface Incident {
  student: string;
  exercise: string;
  file: string;
  problem: string;
  message: string;
}

/** Problems that mean the run itself broke, not that the answers were wrong or missing. */
export const RUN_PROBLEMS: ReadonlySet<string> = new Set(['timeout', 'crash', 'memory', 'flood', 'pollution', 'load', 'return']);

/** Distinct messages held per exercise; beyond it they are only counted. */
const MAX_MESSAGES = 500;
/** Incidents listed in full; beyond it they are only counted. */
const MAX_INCIDENTS = 1000;

/** Fold the numbers of a message so "values[3]" and "values[17]" count as one mistake. */
export function foldNumbers(message: string): string {
  return message.replace(/-?\d+(\.\d+)?(e[-+]?\d+)?/gi, 'N');
}

/**
 * The kind a hidden case's label names, with the numbers that vary from case to case folded to "N":
 * generators put sizes and settings in their labels ("7B parameters at 4 bits, 100 GB/s"), and
 * each such label would otherwise count as a kind of its own. Only free-standing numbers fold (a
 * "B" or "x" unit may follow); those inside names stay, so "float16", "Q4_0" and "E4M3" are kept.
 */
export function kindOf(label: string): string {
  return label.replace(/(?<![\w.])[-+]?\d+(?:\.\d+)?(?:e[-+]?\d+)?(?=[Bx]?(?![\w.]))/gi, 'N');
}

/** Collects a class's results, submission by submission, into what the report shows. */
export class ClassSummary {
  readonly exercises = new Map<string, ExerciseStats>();
  readonly students = new Map<string, StudentRow>();
  readonly incidents: Incident[] = [];
  /** Incidents beyond MAX_INCIDENTS, counted only. */
  incidentsUnlisted = 0;

  /** Count one submission in. */
  add(s: SubmissionResult): void {
    const name = s.student ?? s.file;
    const row = this.students.get(name) ?? this.students.set(name, { name, results: new Map() }).get(name)!;
    row.results.set(s.exercise, { passed: s.passed, total: s.total, status: s.status });
    const ex = this.exercises.get(s.exercise) ?? this.exercises.set(s.exercise, {
      exercise: s.exercise, submissions: 0, passed: 0, failed: 0, errors: 0, hiddenKinds: new Map(), messages: new Map(), untallied: 0,
    }).get(s.exercise)!;
    ex.submissions++;
    if (s.status === 'passed') ex.passed++;
    else if (s.status === 'failed') ex.failed++;
    else ex.errors++;
    const kindsHere = new Set<string>();
    let ranAndFailed = 0;
    for (const c of s.cases) {
      if (c.passed || c.message === 'not run') continue;
      ranAndFailed++;
      tally(ex, c.message);
      if (c.visible) continue;
      const kind = kindOf(c.kind);
      const k = ex.hiddenKinds.get(kind) ?? ex.hiddenKinds.set(kind, { cases: 0, submissions: 0, example: c.kind }).get(kind)!;
      k.cases++;
      if (!kindsHere.has(kind)) k.submissions++;
      kindsHere.add(kind);
    }
    // A run that stopped before any case (a timeout, a compile error, no file) fails with its own message.
    if (s.status !== 'passed' && ranAndFailed === 0) tally(ex, s.message);
    if (s.status === 'error' && s.problem !== undefined && RUN_PROBLEMS.has(s.problem)) {
      if (this.incidents.length < MAX_INCIDENTS) this.incidents.push({ student: name, exercise: s.exercise, file: s.file, problem: s.problem, message: s.message });
      else this.incidentsUnlisted++;
    }
  }

  /** Every exercise of the class, sorted by id. */
  exerciseIds(): string[] {
    return [...this.exercises.keys()].sort();
  }

  /** A student's score from 0 to 1: the mean, over the class's exercises, of the share of cases passed (a missing one counts 0). */
  score(row: StudentRow): number {
    const ids = this.exerciseIds();
    if (ids.length === 0) return 0;
    let sum = 0;
    for (const id of ids) {
      const r = row.results.get(id);
      if (r) sum += r.status === 'passed' ? 1 : r.total > 0 ? r.passed / r.total : 0;
    }
    return sum / ids.length;
  }
}

function tally(ex: ExerciseStats, message: string): void {
  const key = foldNumbers(message);
  const m = ex.messages.get(key);
  if (m) m.count++;
  else if (ex.messages.size < MAX_MESSAGES) ex.messages.set(key, { count: 1, example: message });
  else ex.untallied++;
}

/** The `n` largest entries of a map by `count`, ties in key order. */
export function topBy<V>(map: ReadonlyMap<string, V>, count: (v: V) => number, n: number): [string, V][] {
  return [...map].sort((a, b) => count(b[1]) - count(a[1]) || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).slice(0, n);
}
