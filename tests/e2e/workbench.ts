/** Driving the exercise workbench the way a learner does: open it, type, run, read the results. */
import type { Locator, Page } from 'playwright-core';
import { expect } from 'vitest';
import { HANG_MS } from '../../tools/site-harness/site.ts';

/** The section of one exercise on the page. */
export function exercise(page: Page, id: string): Locator {
  return page.locator(`section.exercise[data-exercise-id="${id}"]`);
}

/** Scroll to an exercise and wait until its editor is ready (it loads as it nears the viewport). */
export async function openEditor(page: Page, id: string): Promise<Locator> {
  const section = exercise(page, id);
  await section.scrollIntoViewIfNeeded();
  const open = section.locator('[data-action="open"]');
  // It may already be loading (it starts as it nears the viewport) and vanish under the click.
  if ((await section.getAttribute('data-loading')) === null && (await open.isVisible())) await open.click({ timeout: 2000 }).catch(() => undefined);
  await section.locator('.monaco-editor').waitFor({ state: 'visible', timeout: HANG_MS });
  await page.waitForFunction((sel) => document.querySelector<HTMLElement>(sel)?.dataset.ready === 'true', `section.exercise[data-exercise-id="${id}"]`);
  return section;
}

/**
 * Replace the editor's whole content: select all, then paste (typing would auto-indent and
 * auto-close). On a loaded machine the click's focus can land late, or not at all, and the keys go
 * nowhere, so it waits for the focus (focusing the editor's input itself if the click did not) and
 * then for the editor to show the pasted code's last line and length.
 */
export async function replaceCode(page: Page, id: string, code: string): Promise<void> {
  const section = exercise(page, id);
  const lineCount = code.split('\n').length;
  const lastLine = code.trimEnd().split('\n').at(-1)?.trim() ?? '';
  await section.locator('.monaco-editor .view-lines').click();
  const focused = () => section.evaluate((s) => s.contains(document.activeElement) && document.activeElement?.closest('.monaco-editor') != null);
  try {
    // Not a speed budget: past it, the focus is put in place another way below.
    await expect.poll(focused, { timeout: 2000 }).toBe(true);
  } catch {
    // A click that landed while the page was busy (or on a hover that had just opened) can leave
    // the focus outside: focus the editor's input directly, as Tab would.
    await section.locator('.monaco-editor .native-edit-context, .monaco-editor textarea').first().focus();
    try {
      await expect.poll(focused, { timeout: HANG_MS }).toBe(true);
    } catch (e) {
      const where = await page.evaluate(() => {
        const a = document.activeElement as HTMLElement | null;
        return `focus on <${a?.tagName.toLowerCase()} class="${a?.className}">, page focused: ${document.hasFocus()}, visibility: ${document.visibilityState}`;
      });
      throw new Error(`the editor of ${id} never took the focus (${where})`, { cause: e });
    }
  }
  await page.keyboard.press('ControlOrMeta+A');
  await paste(page, code);
  await expect.poll(async () => {
    const shown = await section.evaluate((s) => ({
      numbers: [...s.querySelectorAll('.margin-view-overlays .line-numbers')].map((n) => Number(n.textContent)),
      lines: [...s.querySelectorAll('.view-line')].map((l) => (l.textContent ?? '').replace(/\u00a0/g, ' ').trim()),
    }));
    return { lines: Math.max(0, ...shown.numbers), showsLast: shown.lines.includes(lastLine) };
  }, { timeout: HANG_MS }).toEqual({ lines: lineCount, showsLast: true });
}

/** Paste text into whatever has focus, as the clipboard would. */
export async function paste(page: Page, text: string): Promise<void> {
  await page.evaluate((t) => {
    const data = new DataTransfer();
    data.setData('text/plain', t);
    const target = document.activeElement ?? document.body;
    target.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  }, text);
}

/** The editor's text as Monaco shows it (visible lines, joined). */
export async function editorText(page: Page, id: string): Promise<string> {
  const lines = await exercise(page, id).locator('.monaco-editor .view-line').allTextContents();
  return lines.join('\n').replace(/\u00a0/g, ' ');
}

/** Press Run and wait for this run's results. */
export async function run(page: Page, id: string, how: 'button' | 'keys' = 'button'): Promise<{ status: string; text: string }> {
  const section = exercise(page, id);
  const before = Number((await section.getAttribute('data-runs')) ?? 0);
  if (how === 'button') await section.locator('[data-action="run"]').click();
  else await page.keyboard.press('ControlOrMeta+Enter');
  await page.waitForFunction(
    ([sel, n]) => Number(document.querySelector<HTMLElement>(sel as string)?.dataset.runs ?? 0) > (n as number),
    [`section.exercise[data-exercise-id="${id}"]`, before] as const,
    { timeout: HANG_MS },
  );
  const verdict = section.locator('[data-role="results"] [data-status]').first();
  return { status: (await verdict.getAttribute('data-status')) ?? '', text: (await section.locator('[data-role="results"]').innerText()).trim() };
}

/** Line numbers (1-based) that carry an error squiggle in the editor. */
export async function squiggleLines(page: Page, id: string): Promise<number[]> {
  return exercise(page, id).evaluate((section) => {
    // Monaco positions each rendered line's overlays and its line number at the same `top`.
    const numberAt = new Map<string, number>();
    for (const n of section.querySelectorAll<HTMLElement>('.margin-view-overlays .line-numbers')) {
      const row = n.parentElement as HTMLElement;
      numberAt.set(row.style.top, Number(n.textContent));
    }
    const lines = new Set<number>();
    for (const s of section.querySelectorAll<HTMLElement>('.view-overlays .squiggly-error')) {
      const line = numberAt.get((s.parentElement as HTMLElement).style.top);
      if (line) lines.add(line);
    }
    return [...lines].sort((a, b) => a - b);
  });
}
