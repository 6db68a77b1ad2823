/**
 * The browser side of progress: read and write the state in localStorage, keep an unreadable
 * state aside instead of overwriting it, and tell every open page when something changed.
 */
import { emptyState, mergeStates, salvageStateText, STATE_VERSION, toSetAsideFile, type ExerciseState, type ProgressState } from './state.ts';

/** localStorage key of the current format. */
export const STORAGE_KEY = `quantcourse:v${STATE_VERSION}`;
/**
 * Where unreadable data is moved, so that nothing the learner had is lost: the whole saved text when
 * none of it can be read, else only the entries that cannot (as a set-aside file, see toSetAsideFile).
 */
export const CORRUPT_KEY = `${STORAGE_KEY}:unreadable`;
/** Event dispatched on window after every change (other tabs get the 'storage' event). */
export const CHANGE_EVENT = 'quantcourse:progress';

/** Why the saved state could not be used as it was, for the recovery banner. */
export interface StoreProblem {
  /** `unreadable`: nothing could be read; `set-aside`: some entries could not, the rest was kept. */
  kind: 'unreadable' | 'set-aside' | 'unavailable';
  message: string;
}

let memory: ProgressState | null = null; // used when localStorage is unavailable
let problem: StoreProblem | null = null;

function storage(): Storage | null {
  try {
    const s = window.localStorage;
    s.getItem(STORAGE_KEY);
    return s;
  } catch {
    problem ??= { kind: 'unavailable', message: 'This browser does not let the course save anything (private mode or storage disabled). Your code lasts until you close the tab; use Export to keep it.' };
    return null;
  }
}

/** The current state; an unreadable one is moved aside and reported through `currentProblem()`. */
export function loadState(): ProgressState {
  const s = storage();
  if (!s) return (memory ??= emptyState());
  const text = s.getItem(STORAGE_KEY);
  if (text === null) return emptyState();
  let read: ReturnType<typeof salvageStateText>;
  try {
    read = salvageStateText(text);
  } catch (e) {
    // Keep the unreadable text (never losing an earlier copy) so it can be downloaded.
    // Nowhere to keep it (storage full): it stays where it is, unread, rather than be lost.
    if (keepAside(s, text)) s.removeItem(STORAGE_KEY);
    problem = { kind: 'unreadable', message: `Your saved progress could not be read (${(e as Error).message}). A copy was kept: download it, or start fresh.` };
    return emptyState();
  }
  if (read.setAside) {
    // Only the unreadable entries move aside; the rest is saved back without them, so this happens once.
    if (keepAside(s, toSetAsideFile(read.setAside, read.problems))) s.setItem(STORAGE_KEY, JSON.stringify(read.state));
    const n = read.problems.length;
    problem = {
      kind: 'set-aside',
      message: `${n === 1 ? 'One entry' : `${n} entries`} of your saved progress could not be read (${read.problems.join('; ')}); everything else was kept. ` +
        `${n === 1 ? 'It was' : 'They were'} set aside: download ${n === 1 ? 'it' : 'them'} to fix and import on the progress page, or discard ${n === 1 ? 'it' : 'them'}.`,
    };
  }
  return read.state;
}

/**
 * Store unreadable text under CORRUPT_KEY without losing a copy kept earlier: two set-aside files are
 * combined into one, anything else is appended. False when the browser refused to store it.
 */
function keepAside(s: Storage, text: string): boolean {
  const earlier = s.getItem(CORRUPT_KEY);
  try {
    s.setItem(CORRUPT_KEY, earlier === null ? text : combineAside(earlier, text));
    return true;
  } catch {
    return false;
  }
}

/** One set-aside file holding the entries of both (the earlier one's on a clash), or the two texts one after the other. */
function combineAside(earlier: string, later: string): string {
  try {
    const a = JSON.parse(earlier), b = JSON.parse(later);
    const ea = a?.state?.exercises, eb = b?.state?.exercises;
    const objects = [a, b, ea, eb].every((x) => x !== null && typeof x === 'object' && !Array.isArray(x));
    if (objects && a.format === b.format && Object.keys(eb).every((id) => !(id in ea))) {
      return JSON.stringify({ ...b, note: `${a.note ?? ''} ${b.note ?? ''}`.trim(), state: { ...b.state, ...a.state, exercises: { ...eb, ...ea } } }, null, 2);
    }
  } catch {
    // not both JSON: appended below
  }
  return `${earlier}\n\n${later}`;
}

/** Write the state; false when the browser refused (quota, disabled storage). */
export function saveState(state: ProgressState): boolean {
  const s = storage();
  let ok = true;
  if (!s) memory = state;
  else {
    try {
      s.setItem(STORAGE_KEY, JSON.stringify(state));
    } catch {
      ok = false;
      problem = { kind: 'unavailable', message: 'The browser refused to save your progress (storage full?). Use Export to keep a copy.' };
    }
  }
  window.dispatchEvent(new CustomEvent(CHANGE_EVENT));
  return ok;
}

/** Change one exercise's entry (creating it) and save. */
export function updateExercise(id: string, patch: Partial<Omit<ExerciseState, 'updatedAt'>>): ProgressState {
  const state = loadState();
  const prev = state.exercises[id];
  state.exercises[id] = { ...prev, ...patch, passedAt: prev?.passedAt ?? patch.passedAt, updatedAt: new Date().toISOString() };
  saveState(state);
  return state;
}

/** Remember the lesson the learner is on (for "continue where you left off") and that they read it. */
export function visitLesson(slug: string): void {
  const state = loadState();
  const read = state.readLessons ?? [];
  if (state.lastLesson === slug && read.includes(slug)) return;
  state.lastLesson = slug;
  if (!read.includes(slug)) state.readLessons = [...read, slug].sort();
  saveState(state);
}

/** Merge an imported state into the saved one, or replace the saved one with it. */
export function importState(incoming: ProgressState, mode: 'merge' | 'replace' = 'merge'): ProgressState {
  const next = mode === 'replace' ? incoming : mergeStates(loadState(), incoming);
  saveState(next);
  return next;
}

/** Forget all progress (the learner asked to start over). */
export function clearState(): void {
  saveState(emptyState());
}

/** The problem met while loading, if any (null when all is well). */
export function currentProblem(): StoreProblem | null {
  return problem;
}

/** The unreadable text that was set aside, for download. */
export function unreadableCopy(): string | null {
  return storage()?.getItem(CORRUPT_KEY) ?? null;
}

/** Whether the set-aside text is a set-aside file (JSON an Import reads back) rather than raw unreadable text. */
export function isSetAsideFile(text: string): boolean {
  try {
    const data = JSON.parse(text);
    return data?.format === 'quantcourse-progress' && typeof data.note === 'string';
  } catch {
    return false;
  }
}

/** Forget the unreadable copy and the problem (after the learner downloaded it or chose to start fresh). */
export function dismissProblem(): void {
  storage()?.removeItem(CORRUPT_KEY);
  problem = null;
  window.dispatchEvent(new CustomEvent(CHANGE_EVENT));
}

/** Call `fn` whenever progress changes in this tab or another. Returns an unsubscribe function. */
export function onProgressChange(fn: () => void): () => void {
  const onStorage = (e: StorageEvent) => {
    if (e.key === null || e.key.startsWith(STORAGE_KEY)) fn();
  };
  window.addEventListener(CHANGE_EVENT, fn);
  window.addEventListener('storage', onStorage);
  return () => {
    window.removeEventListener(CHANGE_EVENT, fn);
    window.removeEventListener('storage', onStorage);
  };
}
