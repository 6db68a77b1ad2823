/**
 * The learner's saved state: code per exercise and which exercises passed. Pure data and
 * validation (no storage access), so it is tested in Node and shared by every page.
 */

/** Current storage format version; bump it and add a migration when the shape changes. */
export const STATE_VERSION = 1;

/** What is kept for one exercise. */
export interface ExerciseState {
  /** The learner's latest code (absent until they type). */
  code?: string;
  /** Set once the exercise passed all cases; never unset by a later failing run. */
  passedAt?: string;
  /** When code or result last changed (ISO time), used to merge imports. */
  updatedAt: string;
}

/** Everything the course stores for a learner. */
export interface ProgressState {
  version: typeof STATE_VERSION;
  exercises: Record<string, ExerciseState>;
  /** Slug of the lesson the learner last opened. */
  lastLesson?: string;
  /** Slugs of lessons the learner has opened (a lesson without exercises is finished once read). */
  readLessons?: string[];
}

/** An empty state. */
export function emptyState(): ProgressState {
  return { version: STATE_VERSION, exercises: {} };
}

/** Thrown when saved or imported data cannot be read; the message says what is wrong. */
export class StateError extends Error {}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** What could be read of saved or imported data, entry by entry. */
export interface SalvagedState {
  /** Every entry that could be read. */
  state: ProgressState;
  /**
   * The entries that could not, as they were, in the same shape (`{ version, exercises: { id: … } }`),
   * so they can be fixed and imported; null when everything was read.
   */
  setAside: Record<string, unknown> | null;
  /** Why each set-aside entry could not be read. */
  problems: string[];
}

const SLUG = /^[a-z0-9-]{1,80}$/;

/** Why one exercise's entry cannot be read, or null when it can. */
function entryProblem(id: string, raw: unknown): string | null {
  if (!SLUG.test(id)) return `"${id.slice(0, 40)}" is not an exercise id`;
  if (!isObject(raw)) return `the entry for "${id}" is not an object`;
  if (raw.code !== undefined && typeof raw.code !== 'string') return `the code saved for "${id}" is not text`;
  if (raw.passedAt !== undefined && typeof raw.passedAt !== 'string') return `"passedAt" of "${id}" is not a date`;
  if (typeof raw.updatedAt !== 'string') return `"updatedAt" of "${id}" is missing`;
  return null;
}

/**
 * Read parsed JSON as a ProgressState, keeping every readable entry and setting the others aside
 * (one exercise's code saved as a number must not cost the learner every other exercise). Throws a
 * StateError only when nothing can be read: not an object, or another format version.
 */
export function salvageState(data: unknown): SalvagedState {
  if (!isObject(data)) throw new StateError('the saved data is not an object');
  if (data.version !== STATE_VERSION) {
    throw new StateError(
      typeof data.version === 'number' && data.version > STATE_VERSION
        ? `it was saved by a newer version of the course (format ${data.version}); update the page and try again`
        : `unknown format version ${JSON.stringify(data.version)}`,
    );
  }
  const problems: string[] = [];
  const aside: Record<string, unknown> = {};
  const exercises: Record<string, ExerciseState> = {};
  if (!isObject(data.exercises)) {
    problems.push('"exercises" is missing or not an object');
    if (data.exercises !== undefined) aside.exercises = data.exercises;
  } else {
    for (const [id, raw] of Object.entries(data.exercises)) {
      const why = entryProblem(id, raw);
      if (why === null) {
        const e = raw as Record<string, unknown>;
        exercises[id] = { code: e.code as string | undefined, passedAt: e.passedAt as string | undefined, updatedAt: e.updatedAt as string };
        continue;
      }
      problems.push(why);
      ((aside.exercises ??= {}) as Record<string, unknown>)[id] = raw;
    }
  }
  // Only a convenience ("continue where you left off"): one that is not text is dropped, as it always was.
  const lastLesson = typeof data.lastLesson === 'string' ? data.lastLesson : undefined;
  let readLessons: string[] = [];
  if (Array.isArray(data.readLessons)) {
    readLessons = data.readLessons.filter((x): x is string => typeof x === 'string' && SLUG.test(x));
    const bad = data.readLessons.filter((x) => !(typeof x === 'string' && SLUG.test(x)));
    if (bad.length) {
      problems.push('"readLessons" is not a list of lesson slugs');
      aside.readLessons = bad;
    }
  } else if (data.readLessons !== undefined) {
    problems.push('"readLessons" is not a list of lesson slugs');
    aside.readLessons = data.readLessons;
  }
  const state: ProgressState = { version: STATE_VERSION, exercises, ...(lastLesson ? { lastLesson } : {}), ...(readLessons.length ? { readLessons } : {}) };
  return { state, setAside: problems.length ? { version: STATE_VERSION, exercises: {}, ...aside } : null, problems };
}

/** Validate parsed JSON as a ProgressState (migrating older versions), or throw a StateError naming the first problem. */
export function parseState(data: unknown): ProgressState {
  const { state, problems } = salvageState(data);
  if (problems.length) throw new StateError(problems[0]!);
  return state;
}

/** JSON.parse, or a StateError saying the text is not JSON. */
function parseJson(text: string, why: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new StateError(why);
  }
}

const NOT_JSON = 'the saved data is not valid JSON (it may have been cut off or edited)';

/** Parse stored JSON text; throws StateError with a readable reason. */
export function parseStateText(text: string): ProgressState {
  return parseState(parseJson(text, NOT_JSON));
}

/** Parse stored JSON text entry by entry (see salvageState); throws StateError only when nothing can be read. */
export function salvageStateText(text: string): SalvagedState {
  return salvageState(parseJson(text, NOT_JSON));
}

/**
 * Merge an imported state into the current one without losing anything: per exercise the newer
 * code wins, and an exercise counts as passed if either side passed it.
 */
export function mergeStates(current: ProgressState, incoming: ProgressState): ProgressState {
  const exercises = { ...current.exercises };
  for (const [id, inc] of Object.entries(incoming.exercises)) {
    const cur = exercises[id];
    if (!cur) {
      exercises[id] = inc;
      continue;
    }
    const newer = inc.updatedAt > cur.updatedAt ? inc : cur;
    const passedAt = [cur.passedAt, inc.passedAt].filter(Boolean).sort()[0];
    exercises[id] = { ...newer, ...(passedAt ? { passedAt } : {}) };
  }
  const read = [...new Set([...(current.readLessons ?? []), ...(incoming.readLessons ?? [])])].sort();
  const lastLesson = current.lastLesson ?? incoming.lastLesson;
  return { version: STATE_VERSION, exercises, ...(lastLesson ? { lastLesson } : {}), ...(read.length ? { readLessons: read } : {}) };
}

/** True when every exercise of a lesson passed; a lesson without exercises counts once it was read. */
export function isLessonFinished(state: ProgressState, slug: string, exerciseIds: readonly string[]): boolean {
  if (exerciseIds.length === 0) return state.readLessons?.includes(slug) ?? false;
  return exerciseIds.every((id) => Boolean(state.exercises[id]?.passedAt));
}

/** The export file's envelope, so an import can tell a progress file from any other JSON. */
export interface ExportFile {
  format: 'quantcourse-progress';
  exportedAt: string;
  /** Why the file was written, when it is not a plain export (entries set aside as unreadable). */
  note?: string;
  state: ProgressState;
}

/** Serialize the state for download. */
export function toExportFile(state: ProgressState, now = new Date()): string {
  const file: ExportFile = { format: 'quantcourse-progress', exportedAt: now.toISOString(), state };
  return JSON.stringify(file, null, 2);
}

/**
 * Entries that could not be read, in an export file's envelope: the recovery banner offers it as a
 * download, and once fixed (or as it is, for what is valid) the progress page's Import reads it back.
 */
export function toSetAsideFile(setAside: Record<string, unknown>, problems: readonly string[], now = new Date()): string {
  const note = `Set aside because it could not be read: ${problems.join('; ')}. Fix it and import this file on the progress page.`;
  return JSON.stringify({ format: 'quantcourse-progress', exportedAt: now.toISOString(), note, state: setAside }, null, 2);
}

/**
 * Read a file chosen for import: an export file (or a set-aside file), or a bare saved state (the
 * recovery banner's download of unreadable data, once fixed). Every readable entry is kept and the
 * others named in `problems`; throws StateError when nothing in it can be read.
 */
export function readProgressFile(text: string): SalvagedState {
  const data = parseJson(text, 'this file is not JSON; choose a file exported from this course');
  const bare = isObject(data) && 'version' in data && 'exercises' in data;
  if (!bare && (!isObject(data) || data.format !== 'quantcourse-progress')) {
    throw new StateError('this JSON file is not a progress export from this course (its "format" is not "quantcourse-progress")');
  }
  const read = salvageState(bare ? data : data.state);
  const { exercises, readLessons, lastLesson } = read.state;
  if (read.problems.length && Object.keys(exercises).length === 0 && !readLessons && !lastLesson) {
    throw new StateError(`nothing in it could be read: ${read.problems.join('; ')}`);
  }
  return read;
}

/** Read an export file's text, all or nothing; throws StateError naming the problem. */
export function fromExportFile(text: string): ProgressState {
  const { state, problems } = readProgressFile(text);
  if (problems.length) throw new StateError(problems[0]!);
  return state;
}
