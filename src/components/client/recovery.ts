/** The recovery banner: visible while unreadable saved progress (all of it, or some entries) is kept aside. */
import { currentProblem, dismissProblem, isSetAsideFile, loadState, onProgressChange, unreadableCopy } from '../../progress/store.ts';
import { dateStamp, downloadText } from './download.ts';

/** Show the banner when needed and wire its two buttons. */
export function wireRecoveryBanner(): void {
  const banner = document.querySelector<HTMLElement>('[data-role="recovery"]');
  if (!banner) return;
  const message = banner.querySelector<HTMLElement>('[data-role="recovery-message"]')!;
  const download = banner.querySelector<HTMLElement>('[data-action="download-unreadable"]')!;
  const fresh = banner.querySelector<HTMLElement>('[data-action="start-fresh"]')!;
  const update = () => {
    loadState(); // reading is what detects (and sets aside) unreadable data
    const copy = unreadableCopy();
    const problem = currentProblem();
    if (copy !== null) {
      // Only some entries were set aside: the rest is in use, so "start fresh" would say too much.
      const partial = problem ? problem.kind === 'set-aside' : isSetAsideFile(copy);
      message.textContent =
        problem && problem.kind !== 'unavailable'
          ? problem.message
          : partial
            ? 'Some of your saved progress could not be read and was set aside; everything else was kept. Download it to fix and import on the progress page, or discard it.'
            : 'Your saved progress could not be read, so the course started from a clean slate. A copy of the unreadable data was kept: download it, or start fresh.';
      download.textContent = partial ? 'Download the set-aside entries' : 'Download the unreadable data';
      fresh.textContent = partial ? 'Discard the set-aside entries' : 'Start fresh';
      download.hidden = fresh.hidden = false;
      banner.hidden = false;
    } else if (problem?.kind === 'unavailable') {
      message.textContent = problem.message;
      download.hidden = fresh.hidden = true;
      banner.hidden = false;
    } else banner.hidden = true;
  };
  download.addEventListener('click', () => {
    const copy = unreadableCopy();
    if (copy === null) return;
    // A set-aside file is JSON the progress page's Import reads back; raw unreadable text is saved as text.
    if (isSetAsideFile(copy)) downloadText(`quantcourse-set-aside-${dateStamp()}.json`, copy);
    else downloadText(`quantcourse-unreadable-${dateStamp()}.txt`, copy, 'text/plain');
  });
  fresh.addEventListener('click', () => {
    dismissProblem();
    update();
  });
  onProgressChange(update);
  update();
}
