/** The home page's "continue where you left off" link and the count of finished lessons. */
import { isLessonFinished } from '../../progress/state.ts';
import { loadState, onProgressChange } from '../../progress/store.ts';

function update(): void {
  const state = loadState();
  const items = [...document.querySelectorAll<HTMLElement>('.lesson-list [data-lesson]')];
  const exercisesOf = (li: HTMLElement) => (li.dataset.exercises ?? '').split(' ').filter(Boolean);
  const finished = items.filter((li) => isLessonFinished(state, li.dataset.lesson!, exercisesOf(li)));
  const count = document.querySelector<HTMLElement>('[data-role="progress-count"]');
  if (count) count.textContent = finished.length ? `${finished.length} of ${items.length} lessons finished.` : '';

  const link = document.querySelector<HTMLAnchorElement>('[data-role="continue-link"]');
  const last = items.find((li) => li.dataset.lesson === state.lastLesson);
  if (!link || !last) return;
  // Continue with the lesson last opened, or the next one if that one is finished.
  const target = isLessonFinished(state, last.dataset.lesson!, exercisesOf(last))
    ? (items.slice(items.indexOf(last) + 1).find((li) => !finished.includes(li)) ?? last)
    : last;
  link.href = target.dataset.href!;
  link.textContent = `Continue where you left off: ${target.dataset.title}`;
}

/** Fill in the continue link now and whenever progress changes. */
export function wireContinue(): void {
  update();
  onProgressChange(update);
}
