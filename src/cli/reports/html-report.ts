/**
 * The class report: one self-contained HTML file an instructor opens in a browser. Charts are inline
 * SVG, each with a table of its numbers; the per-student table sorts by any column with a small
 * inline script and reads in its first order without it. A Content-Security-Policy lets that one
 * script run and nothing else load, and every string from a submission is escaped.
 */
import { createHash } from 'node:crypto';
import { RUN_PROBLEMS, topBy, type ClassSummary } from './class-summary.ts';
import { esc } from './html-escape.ts';
import { histogram, shareBars, type Bin } from './svg-charts.ts';

/** What the report says about where its numbers came from. */
export interface ReportMeta {
  /** When the results were graded or reported (ISO text). */
  generated: string;
  /** Files of the class folder that were not graded. */
  skipped?: number;
}

/** How many kinds and messages each exercise lists. */
const TOP = 5;

const pct = (x: number) => `${Math.round(x * 100)}%`;

/** The score histogram's bins: 0–9 %, …, 90–99 %, and 100 % on its own. */
export function scoreBins(scores: readonly number[]): Bin[] {
  const bins: Bin[] = Array.from({ length: 10 }, (_, i) => ({ label: `${i * 10}–${i * 10 + 9}`, count: 0 }));
  bins.push({ label: '100', count: 0 });
  // Only full marks land in "100" (the tolerance absorbs a mean's rounding, e.g. 17 × (1/17)).
  for (const s of scores) bins[s >= 1 - 1e-9 ? 10 : Math.max(0, Math.min(9, Math.floor(s * 10)))]!.count++;
  return bins;
}

const SORT_SCRIPT = `for (const table of document.querySelectorAll('table.sortable')) {
  const heads = [...table.tHead.rows[0].cells];
  heads.forEach((th, col) => {
    const b = document.createElement('button');
    b.type = 'button';
    b.textContent = th.textContent;
    b.title = 'Sort by ' + th.textContent;
    th.textContent = '';
    th.append(b);
    b.addEventListener('click', () => {
      const up = th.getAttribute('aria-sort') !== 'ascending';
      for (const h of heads) h.removeAttribute('aria-sort');
      th.setAttribute('aria-sort', up ? 'ascending' : 'descending');
      const num = th.dataset.type === 'number';
      const key = (r) => { const c = r.cells[col]; const v = c.dataset.value ?? c.textContent; return num ? Number(v) : v; };
      const rows = [...table.tBodies[0].rows].sort((a, z) => {
        const x = key(a), y = key(z);
        const d = num ? x - y : String(x).localeCompare(String(y));
        return up ? d : -d;
      });
      table.tBodies[0].append(...rows);
    });
  });
}`;

const STYLE = `:root { color-scheme: light dark; --bg: #ffffff; --fg: #1b1d21; --muted: #4a4f57; --line: #c9ced6; --bar: #1f5fa8; --track: #e6eaf0; --pass: #17663a; --fail: #a3261c; --err: #7a4a00; --head: #f1f3f6; }
@media (prefers-color-scheme: dark) { :root { --bg: #15171a; --fg: #e8eaed; --muted: #b4b9c1; --line: #3a3f47; --bar: #7fb6f5; --track: #2a2e35; --pass: #6fd39a; --fail: #ff8f84; --err: #f2c46b; --head: #1f2227; } }
body { background: var(--bg); color: var(--fg); font: 15px/1.5 system-ui, sans-serif; margin: 0 auto; max-width: 72rem; padding: 1.5rem; }
h1, h2, h3 { line-height: 1.2; } h2 { margin-top: 2.5rem; border-bottom: 1px solid var(--line); padding-bottom: .25rem; }
.muted { color: var(--muted); }
figure { margin: 1rem 0; } figcaption { color: var(--muted); font-size: .9rem; }
.chart { max-width: 40rem; height: auto; display: block; }
.chart .bar { fill: var(--bar); } .chart .track { fill: var(--track); } .chart .axis-line { stroke: var(--muted); }
.chart text { fill: var(--fg); font-size: 12px; font-family: system-ui, sans-serif; } .chart .tick { fill: var(--muted); }
.wrap { overflow-x: auto; } #students td { white-space: nowrap; }
table { border-collapse: collapse; margin: .5rem 0 1rem; font-size: .9rem; }
th, td { border: 1px solid var(--line); padding: .25rem .5rem; text-align: left; vertical-align: top; }
th { background: var(--head); } td.num, th[data-type=number] { text-align: right; }
th button { font: inherit; font-weight: bold; color: inherit; background: none; border: 0; padding: 0; cursor: pointer; text-align: inherit; }
th[aria-sort=ascending] button::after { content: " ▲"; } th[aria-sort=descending] button::after { content: " ▼"; }
.pass { color: var(--pass); } .fail { color: var(--fail); } .err { color: var(--err); }
code, .msg { font-family: ui-monospace, monospace; font-size: .85rem; overflow-wrap: anywhere; white-space: pre-wrap; }
@media print {
  :root { --bg: #fff; --fg: #000; --muted: #333; --line: #999; --bar: #1f5fa8; --track: #e6e6e6; --head: #eee; --pass: #0b5a2c; --fail: #8a1c14; --err: #6b4000; }
  body { max-width: none; padding: 0; font-size: 10pt; } h2 { break-after: avoid; } tr, figure { break-inside: avoid; }
  .wrap { overflow: visible; } th button::after { content: none !important; }
}`;

/** A table of rows of already escaped cells; `numeric` marks right-aligned, number-sorted columns. */
function table(heads: readonly string[], rows: readonly string[][], opts: { numeric?: readonly number[]; sortable?: boolean; caption?: string } = {}): string {
  const numeric = new Set(opts.numeric ?? []);
  const th = heads.map((h, i) => `<th scope="col"${numeric.has(i) ? ' data-type="number"' : ''}>${esc(h)}</th>`).join('');
  const body = rows.map((r) => `<tr>${r.join('')}</tr>`).join('\n');
  return `<div class="wrap"><table${opts.sortable ? ' class="sortable"' : ''}>${opts.caption ? `<caption class="muted">${esc(opts.caption)}</caption>` : ''}<thead><tr>${th}</tr></thead><tbody>\n${body}\n</tbody></table></div>`;
}

const td = (text: string, cls?: string, value?: number) => `<td${cls ? ` class="${cls}"` : ''}${value !== undefined ? ` data-value="${value}"` : ''}>${esc(text)}</td>`;
/** A hidden-case kind, with one of the labels it stands for when its numbers were folded. */
const kindCell = (kind: string, example: string) => `<td>${esc(kind)}${example !== kind ? `<br><span class="muted">e.g. ${esc(example)}</span>` : ''}</td>`;

/** Render the class report as one HTML document. */
export function toHtmlReport(c: ClassSummary, meta: ReportMeta): string {
  const ids = c.exerciseIds();
  const rows = [...c.students.values()];
  const scores = rows.map((r) => c.score(r));
  const bins = scoreBins(scores);
  const submissions = [...c.exercises.values()].reduce((t, e) => t + e.submissions, 0);
  const passedSubs = [...c.exercises.values()].reduce((t, e) => t + e.passed, 0);
  const mean = scores.length ? scores.reduce((a, b) => a + b, 0) / scores.length : 0;
  const sorted = [...scores].sort((a, b) => a - b);
  const median = sorted.length ? (sorted[Math.floor((sorted.length - 1) / 2)]! + sorted[Math.ceil((sorted.length - 1) / 2)]!) / 2 : 0;

  const out: string[] = [];
  out.push(`<h1>Class report</h1>
<p>${rows.length} student(s), ${ids.length} exercise(s), ${submissions} submission(s) graded: ${passedSubs} passed (${pct(submissions ? passedSubs / submissions : 0)}). Mean score ${pct(mean)}, median ${pct(median)}.${meta.skipped ? ` ${meta.skipped} file(s) of the class folder were not graded (the JSON's "skipped" lists them).` : ''}</p>
<p class="muted">A student's score is the mean over the exercises of the share of hidden and example cases passed (a missing exercise counts 0). Generated ${esc(meta.generated)} by quantcourse.</p>
<nav aria-label="Sections"><ul><li><a href="#scores">Score distribution</a></li><li><a href="#exercises">Pass rate per exercise</a></li><li><a href="#failures">What failed, per exercise</a></li><li><a href="#incidents">Crashed or timed out</a></li><li><a href="#students">Every student</a></li></ul></nav>`);

  out.push(`<section id="scores"><h2>Score distribution</h2><figure>
${histogram('scores-chart', bins, 'Score distribution', `How many students scored in each band of 10 percentage points: ${bins.map((b) => `${b.label}%: ${b.count}`).join('; ')}.`)}
<figcaption>Students per score band. The table gives the same numbers.</figcaption></figure>
${table(['score band (%)', 'students'], bins.map((b) => [td(b.label), td(String(b.count), 'num', b.count)]), { numeric: [1], caption: 'Students per score band' })}</section>`);

  const exStats = ids.map((id) => c.exercises.get(id)!);
  out.push(`<section id="exercises"><h2>Pass rate per exercise</h2><figure>
${shareBars('pass-chart', exStats.map((e) => ({ label: e.exercise, share: e.submissions ? e.passed / e.submissions : 0, text: `${pct(e.submissions ? e.passed / e.submissions : 0)} (${e.passed} of ${e.submissions})` })), 'Pass rate per exercise', `The share of submissions that passed every case, per exercise: ${exStats.map((e) => `${e.exercise} ${pct(e.submissions ? e.passed / e.submissions : 0)}`).join('; ')}.`)}
<figcaption>Share of each exercise's submissions that passed every case. The table gives the same numbers.</figcaption></figure>
${table(['exercise', 'submissions', 'passed', 'failed', 'errors', 'pass rate (%)'], exStats.map((e) => {
    const rate = e.submissions ? e.passed / e.submissions : 0;
    return [td(e.exercise), td(String(e.submissions), 'num'), td(String(e.passed), 'num'), td(String(e.failed), 'num'), td(String(e.errors), 'num'), td(String(Math.round(rate * 100)), 'num', rate)];
  }), { numeric: [1, 2, 3, 4, 5], sortable: true, caption: 'Submissions per exercise (errors: did not compile, crashed, timed out or missing)' })}</section>`);

  const failing = exStats.filter((e) => e.failed + e.errors > 0);
  out.push(`<section id="failures"><h2>What failed, per exercise</h2>${failing.length === 0 ? '<p>Every submission passed.</p>' : ''}`);
  for (const e of failing) {
    const kinds = topBy(e.hiddenKinds, (k) => k.submissions, TOP);
    const messages = topBy(e.messages, (m) => m.count, TOP);
    out.push(`<h3 id="ex-${esc(e.exercise)}">${esc(e.exercise)} <span class="muted">— ${e.failed + e.errors} of ${e.submissions} not passed</span></h3>`);
    out.push(kinds.length
      ? table(['hidden-case kind (N: numbers that vary between cases)', 'submissions failing it', 'failed cases'], kinds.map(([k, v]) => [kindCell(k, v.example), td(String(v.submissions), 'num'), td(String(v.cases), 'num')]), { numeric: [1, 2], caption: 'Hidden-case kinds most often failed' })
      : '<p class="muted">No hidden case failed on its own (the runs that failed stopped before the cases, or failed the examples only).</p>');
    out.push(table(['failure message (numbers vary between submissions)', 'times'], messages.map(([, m]) => [`<td class="msg">${esc(m.example)}</td>`, td(String(m.count), 'num')]), { numeric: [1], caption: `Most common failure messages${e.untallied ? ` (${e.untallied} more not tallied)` : ''}` }));
  }
  out.push('</section>');

  out.push(`<section id="incidents"><h2>Crashed or timed out</h2>`);
  if (c.incidents.length === 0) out.push(`<p>No run crashed, timed out or ran out of memory.</p>`);
  else {
    out.push(table(['student', 'exercise', 'problem', 'message'], c.incidents.map((i) => [td(i.student), td(i.exercise), td(i.problem, 'err'), `<td class="msg">${esc(i.message)}</td>`]), { sortable: true, caption: `Runs that stopped as a whole (${[...RUN_PROBLEMS].join(', ')})` }));
    if (c.incidentsUnlisted) out.push(`<p>${c.incidentsUnlisted} more not listed.</p>`);
  }
  out.push('</section>');

  const studentRows = rows.map((r, k) => {
    const passedCount = ids.filter((id) => r.results.get(id)?.status === 'passed').length;
    const errors = ids.filter((id) => r.results.get(id)?.status === 'error').length;
    const cells = ids.map((id) => {
      const x = r.results.get(id);
      if (!x) return td('—', 'err', -1);
      const share = x.status === 'passed' ? 1 : x.total ? x.passed / x.total : 0;
      const mark = x.status === 'passed' ? '✓' : x.status === 'failed' ? '✗' : '!';
      return td(`${mark} ${x.passed}/${x.total}`, x.status === 'passed' ? 'pass' : x.status === 'failed' ? 'fail' : 'err', share);
    });
    return [td(r.name), td(String(Math.round(scores[k]! * 100)), 'num', scores[k]!), td(String(passedCount), 'num'), td(String(errors), 'num'), ...cells];
  });
  out.push(`<section id="students"><h2>Every student</h2><p class="muted">Click a column's heading to sort by it (again to reverse). ✓ passed, ✗ failed, ! did not run (compile error, crash, timeout, missing); the numbers are cases passed of cases.</p>
${table(['student', 'score (%)', 'exercises passed', 'errors', ...ids], studentRows, { numeric: [1, 2, 3, ...ids.map((_, i) => 4 + i)], sortable: true, caption: 'Every student, one column per exercise' })}</section>`);

  const hash = createHash('sha256').update(SORT_SCRIPT).digest('base64');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-${hash}'; img-src data:">
<title>Class report — quantcourse</title>
<style>${STYLE}</style>
</head>
<body>
<main>
${out.join('\n')}
</main>
<script>${SORT_SCRIPT}</script>
</body>
</html>
`;
}
