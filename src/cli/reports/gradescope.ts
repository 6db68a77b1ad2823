/**
 * Gradescope's autograder results.json: one test per graded submission, worth `maxScore`
 * points, with partial credit in proportion to the cases passed.
 */
import { label } from '../../grading/verdict.ts';
import { submissionName, type RunResults } from './results.ts';

/** A Gradescope test entry. */
export interface GradescopeTest {
  name: string;
  score: number;
  max_score: number;
  status: 'passed' | 'failed';
  output: string;
  visibility: 'visible' | 'hidden' | 'after_due_date' | 'after_published';
}

/** Render results in Gradescope's results.json format. */
export function toGradescope(r: RunResults, maxScore = 1): { score: number; tests: GradescopeTest[]; output: string; visibility: 'visible' } {
  const tests = r.submissions.map((s): GradescopeTest => {
    const score = s.total > 0 ? Math.round((maxScore * s.passed / s.total) * 100) / 100 : 0;
    const failing = s.cases.filter((c) => !c.passed && c.message !== 'not run').slice(0, 5);
    const details = failing.map((c) => `- ${label(c)}: ${c.message}`).join('\n');
    return {
      name: submissionName(s),
      score: s.status === 'passed' ? maxScore : score,
      max_score: maxScore,
      status: s.status === 'passed' ? 'passed' : 'failed',
      output: `${s.passed}/${s.total} cases passed. ${s.message}${details ? `\n${details}` : ''}`,
      visibility: 'visible',
    };
  });
  const score = Math.round(tests.reduce((t, x) => t + x.score, 0) * 100) / 100;
  // The seed stays out: students see this file, and the seed would let them regenerate the hidden cases.
  return { score, tests, output: `Graded by quantcourse: ${tests.filter((t) => t.status === "passed").length} of ${tests.length} passed.`, visibility: "visible" };
}
