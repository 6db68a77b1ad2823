/** JUnit XML: one test suite per exercise, one test case per submission; any CI renders it. */
import { submissionName, type RunResults } from './results.ts';

const esc = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!)
    // XML 1.0 forbids most control characters even when escaped.
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '');

/** Render results as JUnit XML. */
export function toJunit(r: RunResults): string {
  const byExercise = new Map<string, RunResults['submissions']>();
  for (const s of r.submissions) byExercise.set(s.exercise, [...(byExercise.get(s.exercise) ?? []), s]);
  const suites = [...byExercise].map(([exercise, subs]) => {
    const failures = subs.filter((s) => s.status === 'failed').length;
    const errors = subs.filter((s) => s.status === 'error').length;
    const time = subs.reduce((t, s) => t + s.durationMs, 0) / 1000;
    const cases = subs.map((s) => {
      const open = `    <testcase classname="${esc(s.student ?? exercise)}" name="${esc(submissionName(s))}" file="${esc(s.file)}" time="${(s.durationMs / 1000).toFixed(3)}">`;
      const body =
        s.status === 'passed' ? '' :
        s.status === 'failed' ? `\n      <failure message="${esc(s.message)}" type="wrong-answer">${esc(`${s.passed}/${s.total} cases passed. ${s.message}`)}</failure>` :
        `\n      <error message="${esc(s.message)}" type="${esc(s.problem ?? 'error')}">${esc(s.message)}</error>`;
      return `${open}${body}${body ? '\n    ' : ''}</testcase>`;
    });
    return `  <testsuite name="${esc(exercise)}" tests="${subs.length}" failures="${failures}" errors="${errors}" time="${time.toFixed(3)}">\n${cases.join('\n')}\n  </testsuite>`;
  });
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="quantcourse">\n${suites.join('\n')}\n</testsuites>\n`;
}
