/** Assessments supplied by the front door: a spec names one; the maker runs when the groups are first needed, or when a page prepares it. */
import { describe, expect, it } from 'vitest';
import type { Assessment } from '../../src/grading/exercise.ts';
import { suppliedAssessment, supplyAssessment } from '../../src/grading/supplied-assessment.ts';

const fixed = (kind: string): Assessment => ({ groups: () => [{ kind, calls: [], judge: () => null }] });

describe('suppliedAssessment', () => {
  it('makes nothing when the spec is loaded, and says who supplies it when nothing was supplied', () => {
    const a = suppliedAssessment('nobody-supplies-this', { x: 1 });
    expect(() => a.groups()).toThrow(/assessment "nobody-supplies-this" is supplied by the course's grader .* none was supplied here/);
  });

  it('passes the spec\'s parameters to the supplied maker once, when the groups are first needed', () => {
    const seen: unknown[] = [];
    supplyAssessment('sync-maker', (p) => (seen.push(p), fixed('sync')));
    const a = suppliedAssessment('sync-maker', { bits: 4 });
    expect(seen).toEqual([]);
    expect(a.groups().map((g) => g.kind)).toEqual(['sync']);
    a.groups();
    expect(seen).toEqual([{ bits: 4 }]);
  });

  it('awaits a maker that loads its code, and what it loads, in prepare', async () => {
    let prepared = 0;
    supplyAssessment('async-maker', async () => ({ ...fixed('async'), prepare: async () => void prepared++ }));
    const a = suppliedAssessment('async-maker');
    expect(() => a.groups()).toThrow(/still loading/);
    await a.prepare!();
    expect(prepared).toBe(1);
    expect(a.groups().map((g) => g.kind)).toEqual(['async']);
  });

  it('reports a maker that failed to load as the problem of the run that needs the groups', async () => {
    supplyAssessment('failing-maker', () => Promise.reject(new Error('the lab could not load')));
    const a = suppliedAssessment('failing-maker');
    await a.prepare!();
    expect(() => a.groups()).toThrow('the lab could not load');
  });
});
