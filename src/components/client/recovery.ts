/** The recovery banner: visible while an unreadable copy of the saved progress is kept aside. */
import { currentProblem, dismissProblem, loadState, onProgressChange, unreadableCopy } from '../../progress/store.ts';
import { dateStamp, downloadText } from './download.ts';

/** Show the banner when needed and wire its two buttons. */
export function wireRecoveryBanner(): void {
  const banner = document.querySelector<HTMLElement>('[data-role="recovery"]');
  if (!banner) return;
  const message = banner.querySelector<HTMLElement>('[data-role="recovery-message"]')!;
  const update = () => {
    loadState(); // reading is what detects (and sets aside) an unreadable state
    const copy = unreadableCopy();
    const problem = currentProblem();
    if (copy !== null) {
      message.textContent =
        problem?.kind === 'unreadable'
          ? problem.message
          : 'Your saved progress could not be read, so the course started from a clean slate. A copy of the unreadable data was kept: download it, or start fresh.';
      banner.hidden = false;
    } else if (problem?.kind === 'unavailable') {
      message.textContent = problem.message;
      banner.querySelector<HTMLElement>('[data-action="download-unreadable"]')!.hidden = true;
      banner.querySelector<HTMLElement>('[data-action="start-fresh"]')!.hidden = true;
      banner.hidden = false;
    } else banner.hidden = true;
  };
  banner.querySelector('[data-action="download-unreadable"]')!.addEventListener('click', () => {
    const copy = unreadableCopy();
    if (copy !== null) downloadText(`quantcourse-unreadable-${dateStamp()}.txt`, copy, 'text/plain');
  });
  banner.querySelector('[data-action="start-fresh"]')!.addEventListener('click', () => {
    dismissProblem();
    update();
  });
  onProgressChange(update);
  update();
}
