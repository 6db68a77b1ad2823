/**
 * Lighthouse (the `lighthouse` devDependency, its own CLI) against lesson pages of the built site,
 * in Debian's Chromium, mobile form factor with Lighthouse's default simulated throttling (slow
 * 4G, 4× CPU slowdown): performance and accessibility scores, the metrics behind performance,
 * and every accessibility audit that failed. The site is served as a production static host would
 * serve it (gzip, immutable assets): Lighthouse scores the delivery too.
 *   BENCH_LIGHTHOUSE_RUNS=3   runs per page; the performance score is the median (default 3)
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromiumPath } from '../tools/site-harness/browser.ts';
import { ROOT, type SiteBuild } from '../tools/site-harness/build.ts';
import { serveSite } from '../tools/site-harness/server.ts';
import { median, printTable } from './table.ts';

const RUNS = Number(process.env.BENCH_LIGHTHOUSE_RUNS ?? 3);
const CHROME_FLAGS = ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-default-apps', '--no-first-run', '--disable-quic'];

interface Audit {
  id: string;
  title: string;
  score: number | null;
  scoreDisplayMode: string;
  displayValue?: string;
  numericValue?: number;
}
interface Report {
  categories: Record<string, { score: number | null }>;
  audits: Record<string, Audit>;
  runtimeError?: { code: string; message: string };
  runWarnings?: string[];
}

/**
 * One Lighthouse run; the report, or why there is none. Asynchronous on purpose: the site's server
 * runs in this process, and a synchronous child would stop it from answering.
 */
async function runLighthouse(url: string, outDir: string, n: number): Promise<Report | string> {
  const out = path.join(outDir, `report-${n}.json`);
  const cli = path.join(ROOT, 'node_modules/lighthouse/cli/index.js');
  const r = await new Promise<{ status: number | null; output: string; error?: Error }>((resolve) => {
    const child = spawn(
      process.execPath,
      [cli, url, '--quiet', '--output=json', `--output-path=${out}`, '--only-categories=performance,accessibility', '--form-factor=mobile', `--chrome-flags=${CHROME_FLAGS.join(' ')}`, '--max-wait-for-load=30000'],
      { env: { ...process.env, CHROME_PATH: chromiumPath() }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    // On a hang, SIGINT first: Lighthouse's CLI then closes the Chrome it launched (a SIGKILL
    // would leave that Chrome running).
    const timer = setTimeout(() => {
      child.kill('SIGINT');
      setTimeout(() => child.kill('SIGKILL'), 15_000).unref();
    }, 180_000);
    child.on('error', (error) => resolve({ status: null, output, error }));
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({ status, output });
    });
  });
  if (r.error) return `lighthouse could not start: ${r.error.message}`;
  if (r.status !== 0) return `lighthouse exited ${r.status}: ${r.output.trim().split('\n').slice(-5).join(' | ')}`;
  const report = JSON.parse(readFileSync(out, 'utf8')) as Report;
  if (report.runtimeError) return `lighthouse: ${report.runtimeError.code}: ${report.runtimeError.message}`;
  return report;
}

const pct = (s: number | null | undefined) => (s === null || s === undefined ? '—' : String(Math.round(s * 100)));

/**
 * The lesson pages to audit: every lesson with BENCH_LIGHTHOUSE=all, else three that differ
 * (the first lesson, one full of widgets, one with exercises).
 */
export function lighthousePages(): string[] | undefined {
  return process.env.BENCH_LIGHTHOUSE === 'all' ? undefined : ['why-models-are-big', 'floats', 'symmetric-quantization'];
}

/** Audit `slugs` (default: every lesson) and print the scores. Never throws: a failure is printed. */
export async function lighthouseLessons(build: SiteBuild, slugs?: string[]): Promise<void> {
  const server = await serveSite(build.dir, build.base, { compress: true });
  const outDir = mkdtempSync(path.join(tmpdir(), 'quantcourse-lighthouse-'));
  try {
    const pages = slugs ?? readdirSync(path.join(build.dir, 'lessons')).filter((s) => !s.startsWith('fixture-'));
    const rows: string[][] = [];
    const problems: string[] = [];
    let n = 0;
    for (const slug of pages) {
      const reports: Report[] = [];
      for (let i = 0; i < RUNS; i++) {
        const r = await runLighthouse(`${server.url}lessons/${slug}/`, outDir, n++);
        if (typeof r === 'string') {
          problems.push(`${slug}: ${r}`);
          break;
        }
        reports.push(r);
      }
      if (reports.length === 0) continue;
      // The run with the median performance score stands for the page.
      const byPerf = [...reports].sort((a, b) => (a.categories.performance?.score ?? 0) - (b.categories.performance?.score ?? 0));
      const mid = byPerf[byPerf.length >> 1]!;
      const metric = (id: string) => mid.audits[id]?.displayValue ?? '—';
      rows.push([
        slug,
        `${pct(median(reports.map((r) => r.categories.performance?.score ?? 0)))} (${reports.map((r) => pct(r.categories.performance?.score)).join(' ')})`,
        pct(mid.categories.accessibility?.score),
        metric('first-contentful-paint'),
        metric('largest-contentful-paint'),
        metric('total-blocking-time'),
        metric('cumulative-layout-shift'),
        metric('speed-index'),
      ]);
      for (const a of Object.values(mid.audits)) {
        const failedA11y = a.scoreDisplayMode === 'binary' && a.score === 0 && isAccessibilityAudit(mid, a.id);
        if (failedA11y) problems.push(`${slug}: accessibility: ${a.id} (${a.title})`);
      }
    }
    printTable(`lighthouse ${readVersion()}: lesson pages, mobile (simulated slow 4G, 4× CPU), gzip host; performance = median of ${RUNS} runs (each run's score in brackets)`, ['lesson', 'performance', 'accessibility', 'FCP', 'LCP', 'TBT', 'CLS', 'SI'], rows);
    console.log('targets: performance ≥ 98, accessibility 100');
    for (const p of problems) console.log(`  ${p}`);
  } finally {
    await server.close();
    rmSync(outDir, { recursive: true, force: true });
  }
}

function isAccessibilityAudit(report: Report, id: string): boolean {
  const cat = (report.categories as Record<string, { auditRefs?: { id: string }[] }>).accessibility;
  return !!cat?.auditRefs?.some((r) => r.id === id);
}

function readVersion(): string {
  try {
    return (JSON.parse(readFileSync(path.join(ROOT, 'node_modules/lighthouse/package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return '(not installed)';
  }
}
