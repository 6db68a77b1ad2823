import { describe, expect, it } from 'vitest';
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
