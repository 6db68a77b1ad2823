/**
 * Accessibility audit of what a page shows right now, with axe-core (the engine Lighthouse's
 * accessibility score runs on). Unlike Lighthouse, it runs after the test has scrolled the page,
 * so the widgets and exercises that load near the viewport are audited too.
 */
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

interface AxeViolation {
  id: string;
  help: string;
  nodes: { target: unknown[]; failureSummary?: string }[];
}

/** WCAG 2.1 A and AA violations on the page, one readable line per offending element. */
export async function axeViolations(page: Page, options: { exclude?: string[]; skipRules?: string[] } = {}): Promise<string[]> {
  await page.addScriptTag({ path: axePath });
  const violations = await page.evaluate(async ({ exclude, skipRules }) => {
    const axe = (window as unknown as { axe: { run(ctx: unknown, opts: unknown): Promise<{ violations: AxeViolation[] }> } }).axe;
    const context = exclude.length ? { exclude: exclude.map((s) => [s]) } : document;
    const result = await axe.run(context, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] }, resultTypes: ['violations'], rules: Object.fromEntries(skipRules.map((r) => [r, { enabled: false }])) });
    return result.violations;
  }, { exclude: options.exclude ?? [], skipRules: options.skipRules ?? [] });
  return violations.flatMap((v) => v.nodes.map((n) => `${v.id} (${v.help}) at ${JSON.stringify(n.target)}: ${(n.failureSummary ?? '').replace(/\s+/g, ' ').slice(0, 200)}`));
}
