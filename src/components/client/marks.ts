/**
 * Marks each finished lesson wherever the page lists lessons (elements with data-lesson and
 * data-exercises), and keeps the marks current as progress changes in this or another tab.
 */
import { isLessonFinished } from '../../progress/state.ts';
import { loadState, onProgressChange } from '../../progress/store.ts';

/** Update every lesson mark on the page from saved progress. */
export function refreshLessonMarks(): void {
  const state = loadState();
  for (const item of document.querySelectorAll<HTMLElement>('[data-lesson]')) {
    const exercises = (item.dataset.exercises ?? '').split(' ').filter(Boolean);
    const finished = isLessonFinished(state, item.dataset.lesson!, exercises);
    item.toggleAttribute('data-finished', finished);
    // Only on a change: this runs after every save, and a rewritten attribute restyles the element.
    for (const mark of item.querySelectorAll<HTMLElement>('[data-role="lesson-mark"]')) if (mark.hidden === finished) mark.hidden = !finished;
  }
}

let wired = false;

/** Mark finished lessons now and whenever progress changes (once per page, however often called). */
export function wireLessonMarks(): void {
  if (wired) return;
  wired = true;
  refreshLessonMarks();
  onProgressChange(refreshLessonMarks);
}
