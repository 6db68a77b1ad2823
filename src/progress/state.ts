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

/** Validate parsed JSON as a ProgressState (migrating older versions), or throw a StateError. */
export function parseState(data: unknown): ProgressState {
  if (!isObject(data)) throw new StateError('the saved data is not an object');
  if (data.version !== STATE_VERSION) {
    throw new StateError(
      typeof data.version === 'number' && data.version > STATE_VERSION
        ? `it was saved by a newer version of the course (format ${data.version}); update the page and try again`
        : `unknown format version ${JSON.stringify(data.version)}`,
    );
  }
  if (!isObject(data.exercises)) throw new StateError('"exercises" is missing or not an object');
  const exercises: Record<string, ExerciseState> = {};
  for (const [id, raw] of Object.entries(data.exercises)) {
    if (!/^[a-z0-9-]{1,80}$/.test(id)) throw new StateError(`"${id.slice(0, 40)}" is not an exercise id`);
    if (!isObject(raw)) throw new StateError(`the entry for "${id}" is not an object`);
    if (raw.code !== undefined && typeof raw.code !== 'string') throw new StateError(`the code saved for "${id}" is not text`);
    if (raw.passedAt !== undefined && typeof raw.passedAt !== 'string') throw new StateError(`"passedAt" of "${id}" is not a date`);
    if (typeof raw.updatedAt !== 'string') throw new StateError(`"updatedAt" of "${id}" is missing`);
    exercises[id] = { code: raw.code as string | undefined, passedAt: raw.passedAt as string | undefined, updatedAt: raw.updatedAt };
  }
  const lastLesson = typeof data.lastLesson === 'string' ? data.lastLesson : undefined;
  if (data.readLessons !== undefined && !(Array.isArray(data.readLessons) && data.readLessons.every((x) => typeof x === 'string' && /^[a-z0-9-]{1,80}$/.test(x)))) {
    throw new StateError('"readLessons" is not a list of lesson slugs');
  }
  const readLessons = data.readLessons as string[] | undefined;
  return { version: STATE_VERSION, exercises, ...(lastLesson ? { lastLesson } : {}), ...(readLessons?.length ? { readLessons: [...readLessons] } : {}) };
}

/** Parse stored JSON text; throws StateError with a readable reason. */
export function parseStateText(text: string): ProgressState {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new StateError('the saved data is not valid JSON (it may have been cut off or edited)');
  }
  return parseState(data);
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
  state: ProgressState;
}

/** Serialize the state for download. */
export function toExportFile(state: ProgressState, now = new Date()): string {
  const file: ExportFile = { format: 'quantcourse-progress', exportedAt: now.toISOString(), state };
  return JSON.stringify(file, null, 2);
}

/** Read an export file's text; throws StateError naming the problem. */
export function fromExportFile(text: string): ProgressState {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new StateError('this file is not JSON; choose a file exported from this course');
  }
  if (!isObject(data) || data.format !== 'quantcourse-progress') {
    throw new StateError('this JSON file is not a progress export from this course (its "format" is not "quantcourse-progress")');
  }
  return parseState(data.state);
}
