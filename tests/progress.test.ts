import { afterEach, describe, expect, it, vi } from 'vitest';
import { emptyState, fromExportFile, mergeStates, parseStateText, StateError, toExportFile } from '../src/progress/state.ts';

const state = (exercises: Record<string, { code?: string; passedAt?: string; updatedAt: string }>) => ({ ...emptyState(), exercises });

describe('progress state', () => {
  it('round-trips through an export file', () => {
    const s = state({ 'quantize-blocks': { code: 'export const x = 1;', passedAt: '2026-01-01T00:00:00Z', updatedAt: '2026-01-02T00:00:00Z' } });
    expect(fromExportFile(toExportFile(s))).toEqual(s);
  });

  it('says what is wrong with unreadable data', () => {
    expect(() => parseStateText('{"version":1,"exercises":{"x":')).toThrow(/not valid JSON/);
    expect(() => parseStateText('{"version":2,"exercises":{}}')).toThrow(/newer version/);
    expect(() => parseStateText('{"version":1,"exercises":{"a":{"code":5,"updatedAt":"t"}}}')).toThrow(/code saved for "a" is not text/);
    expect(() => parseStateText('[]')).toThrow(StateError);
    expect(() => fromExportFile('{"hello":"world"}')).toThrow(/not a progress export/);
  });

  it('merges without losing code or passes', () => {
    const mine = state({ a: { code: 'old', passedAt: '2026-01-01T00:00:00Z', updatedAt: '2026-01-01T00:00:00Z' }, b: { code: 'mine', updatedAt: '2026-03-01T00:00:00Z' } });
    const theirs = state({ a: { code: 'new', updatedAt: '2026-02-01T00:00:00Z' }, b: { code: 'theirs', updatedAt: '2026-02-01T00:00:00Z' }, c: { code: 'c', updatedAt: '2026-02-01T00:00:00Z' } });
    const merged = mergeStates(mine, theirs);
    expect(merged.exercises.a).toMatchObject({ code: 'new', passedAt: '2026-01-01T00:00:00Z' });
    expect(merged.exercises.b!.code).toBe('mine');
    expect(merged.exercises.c!.code).toBe('c');
  });
});

describe('lessons read and finished', () => {
  const passed = { passedAt: '2026-01-01T00:00:00Z', updatedAt: '2026-01-01T00:00:00Z' };

  it('finishes a lesson when every one of its exercises passed', async () => {
    const { isLessonFinished } = await import('../src/progress/state.ts');
    const s = state({ a: passed, b: { code: 'x', updatedAt: '2026-01-01T00:00:00Z' } });
    expect(isLessonFinished(s, 'one', ['a'])).toBe(true);
    expect(isLessonFinished(s, 'two', ['a', 'b'])).toBe(false);
    expect(isLessonFinished(s, 'three', ['missing'])).toBe(false);
  });

  it('finishes a lesson without exercises once it was read', async () => {
    const { isLessonFinished } = await import('../src/progress/state.ts');
    expect(isLessonFinished({ ...state({}), readLessons: ['speed'] }, 'speed', [])).toBe(true);
    expect(isLessonFinished(state({}), 'speed', [])).toBe(false);
  });

  it('keeps read lessons through export, merges them as a union, and rejects bad ones', () => {
    const mine = { ...state({}), readLessons: ['floats'] };
    const theirs = { ...state({}), readLessons: ['speed', 'floats'] };
    expect(fromExportFile(toExportFile(mine))).toEqual(mine);
    expect(mergeStates(mine, theirs).readLessons).toEqual(['floats', 'speed']);
    expect(() => parseStateText('{"version":1,"exercises":{},"readLessons":"floats"}')).toThrow(/readLessons/);
    expect(() => parseStateText('{"version":1,"exercises":{},"readLessons":["../x"]}')).toThrow(/readLessons/);
  });
});

describe('one unreadable entry costs that entry alone', () => {
  const BAD = JSON.stringify({
    version: 1,
    exercises: { 'quantize-blocks': { code: 42, updatedAt: '2026-01-01T00:00:00Z' }, perplexity: { code: 'mine', passedAt: '2026-01-02T00:00:00Z', updatedAt: '2026-01-02T00:00:00Z' } },
    readLessons: ['floats', '../x'],
  });

  it('keeps every readable entry and sets aside only the bad ones, in a shape that can be imported', async () => {
    const { salvageStateText } = await import('../src/progress/state.ts');
    const r = salvageStateText(BAD);
    expect(r.state).toEqual({ version: 1, exercises: { perplexity: { code: 'mine', passedAt: '2026-01-02T00:00:00Z', updatedAt: '2026-01-02T00:00:00Z' } }, readLessons: ['floats'] });
    expect(r.setAside).toEqual({ version: 1, exercises: { 'quantize-blocks': { code: 42, updatedAt: '2026-01-01T00:00:00Z' } }, readLessons: ['../x'] });
    expect(r.problems).toEqual(['the code saved for "quantize-blocks" is not text', '"readLessons" is not a list of lesson slugs']);
    // Nothing readable at all is still refused as a whole.
    expect(() => salvageStateText('{"version":1,"exercises":{"x":')).toThrow(/not valid JSON/);
  });

  /** A fresh copy of the store module over an in-memory localStorage holding `saved`. */
  async function storeWith(saved: Record<string, string>) {
    const items = new Map(Object.entries(saved));
    const localStorage = {
      getItem: (k: string) => items.get(k) ?? null,
      setItem: (k: string, v: string) => void items.set(k, String(v)),
      removeItem: (k: string) => void items.delete(k),
    };
    vi.stubGlobal('window', { localStorage, dispatchEvent: () => true, addEventListener: () => {}, removeEventListener: () => {} });
    vi.resetModules();
    return { store: await import('../src/progress/store.ts'), items };
  }
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('loads the readable entries, saves them back, and keeps the bad one aside for the banner', async () => {
    const { store, items } = await storeWith({ 'quantcourse:v1': BAD });
    const state = store.loadState();
    expect(Object.keys(state.exercises)).toEqual(['perplexity']);
    expect(state.readLessons).toEqual(['floats']);
    expect(JSON.parse(items.get(store.STORAGE_KEY)!)).toEqual(state);
    expect(store.currentProblem()).toMatchObject({ kind: 'set-aside', message: expect.stringMatching(/2 entries .*could not be read \(the code saved for "quantize-blocks" is not text; .*everything else was kept/) });
    const copy = store.unreadableCopy()!;
    expect(store.isSetAsideFile(copy)).toBe(true);
    expect(JSON.parse(copy).state.exercises).toEqual({ 'quantize-blocks': { code: 42, updatedAt: '2026-01-01T00:00:00Z' } });
    // Read again: nothing more is set aside, the copy stays as it was.
    expect(store.loadState()).toEqual(state);
    expect(store.unreadableCopy()).toBe(copy);
  });

  it('adds a later bad entry to the copy kept earlier instead of losing either', async () => {
    const { store, items } = await storeWith({ 'quantcourse:v1': BAD });
    store.loadState();
    items.set(store.STORAGE_KEY, JSON.stringify({ version: 1, exercises: { perplexity: { code: 'mine', updatedAt: '2026-01-02T00:00:00Z' }, outliers: { code: 'x' } } }));
    store.loadState();
    expect(Object.keys(JSON.parse(store.unreadableCopy()!).state.exercises).sort()).toEqual(['outliers', 'quantize-blocks']);
  });

  it('reads the set-aside download back once fixed, and imports what is valid in an unreadable copy as it is', async () => {
    const { readProgressFile, salvageStateText, toSetAsideFile } = await import('../src/progress/state.ts');
    const r = salvageStateText(BAD);
    const file = toSetAsideFile(r.setAside!, r.problems);
    expect(() => readProgressFile(file)).toThrow(/nothing in it could be read: the code saved for "quantize-blocks" is not text/);
    const fixed = file.replace('"code": 42', '"code": "42"');
    expect(readProgressFile(fixed).state.exercises).toEqual({ 'quantize-blocks': { code: '42', updatedAt: '2026-01-01T00:00:00Z' } });
    // The raw saved text (what the banner offers when nothing could be read), as it is: its readable entries, the rest named.
    const raw = readProgressFile(BAD);
    expect(Object.keys(raw.state.exercises)).toEqual(['perplexity']);
    expect(raw.problems).toHaveLength(2);
  });
});
