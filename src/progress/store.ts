/**
 * The browser side of progress: read and write the state in localStorage, keep an unreadable
 * state aside instead of overwriting it, and tell every open page when something changed.
 */
import { emptyState, mergeStates, parseStateText, STATE_VERSION, type ExerciseState, type ProgressState } from './state.ts';

/** localStorage key of the current format. */
export const STORAGE_KEY = `quantcourse:v${STATE_VERSION}`;
/** Where an unreadable state is moved, so that nothing the learner had is lost. */
export const CORRUPT_KEY = `${STORAGE_KEY}:unreadable`;
/** Event dispatched on window after every change (other tabs get the 'storage' event). */
export const CHANGE_EVENT = 'quantcourse:progress';

/** Why the saved state could not be used as it was, for the recovery banner. */
export interface StoreProblem {
  kind: 'unreadable' | 'unavailable';
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
  try {
    return parseStateText(text);
  } catch (e) {
    // Keep the unreadable text (never overwrite an earlier copy) so it can be downloaded.
    if (s.getItem(CORRUPT_KEY) === null) s.setItem(CORRUPT_KEY, text);
    s.removeItem(STORAGE_KEY);
    problem = { kind: 'unreadable', message: `Your saved progress could not be read (${(e as Error).message}). A copy was kept: download it, or start fresh.` };
    return emptyState();
  }
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
