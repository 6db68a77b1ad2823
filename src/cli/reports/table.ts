/** The terminal report: a table of submissions, then the first failures in detail. */
import { callText, label } from '../../grading/verdict.ts';
import { show } from '../../grading/compare.ts';
import { submissionName, type RunResults } from './results.ts';

/** Colours only on a terminal that wants them (NO_COLOR respected). */
export function palette(enabled: boolean) {
  const wrap = (code: string) => (s: string) => (enabled ? `\u001b[${code}m${s}\u001b[0m` : s);
  return { green: wrap('32'), red: wrap('31'), yellow: wrap('33'), dim: wrap('2'), bold: wrap('1') };
}

function pad(s: string, n: number): string {
  return s.length >= n ? s.slice(0, n - 1) + '…' : s + ' '.repeat(n - s.length);
}

/** Render results as a table plus details for up to `details` failing submissions. */
export function toTable(r: RunResults, opts: { color: boolean; width: number; details?: number }): string {
  const c = palette(opts.color);
  const nameW = Math.min(40, Math.max(10, ...r.submissions.map((s) => submissionName(s).length)) + 2);
  const msgW = Math.max(20, opts.width - nameW - 8 - 10);
  const lines = [c.bold(`${pad('submission', nameW)}${pad('status', 8)}${pad('cases', 10)}message`)];
  for (const s of r.submissions) {
    const status = s.status === 'passed' ? c.green(pad('pass', 8)) : s.status === 'failed' ? c.red(pad('FAIL', 8)) : c.yellow(pad('ERROR', 8));
    lines.push(`${pad(submissionName(s), nameW)}${status}${pad(`${s.passed}/${s.total}`, 10)}${s.status === 'passed' ? '' : pad(s.message, msgW)}`);
  }
  const failing = r.submissions.filter((s) => s.status !== 'passed');
  for (const s of failing.slice(0, opts.details ?? 3)) {
    lines.push('', c.bold(`${submissionName(s)} — ${s.file}`), `  ${s.message}`);
    const visible = s.cases.find((x) => !x.passed && x.visible && x.message !== 'not run');
    if (visible) {
      lines.push(`  ${label(visible)}: ${callText(visible)}`);
      if (visible.expected !== undefined) lines.push(`    expected ${show(visible.expected, 200)}`);
      if (visible.got !== undefined) lines.push(`    got      ${show(visible.got, 200)}`);
    }
  }
  if (failing.length > (opts.details ?? 3)) lines.push('', c.dim(`(${failing.length - (opts.details ?? 3)} more failing submissions: use --json for every detail)`));
  const passed = r.submissions.length - failing.length;
  lines.push('', `${passed} passed, ${failing.length} failed` + c.dim(`  (seed ${r.seed})`));
  return lines.join('\n');
}
