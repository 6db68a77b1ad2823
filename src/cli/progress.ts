/**
 * The progress bar `grade --all` draws on stderr: count, rate and time left, redrawn in place. It
 * draws only on a terminal; piped or redirected, stderr gets nothing from it.
 */

/** Where the bar is drawn: process.stderr, or a test's stand-in. */
export interface ProgressStream {
  write(s: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

/** "1m05s", "42s": a short duration for the bar. */
export function shortDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(m / 60)}h${String(m % 60).padStart(2, '0')}m`;
}

/** One frame of the bar: `[####......] 120/5100  37/s  2m13s left`, at most `columns` wide. */
export function progressText(done: number, total: number, elapsedMs: number, columns = 80): string {
  const rate = elapsedMs > 0 ? done / (elapsedMs / 1000) : 0;
  const left = done >= total ? `done in ${shortDuration(elapsedMs / 1000)}` : rate > 0 ? `${shortDuration((total - done) / rate)} left` : 'starting';
  const tail = ` ${done}/${total}  ${rate >= 10 ? rate.toFixed(0) : rate.toFixed(1)}/s  ${left}`;
  const width = Math.max(10, Math.min(40, columns - tail.length - 3));
  const filled = total > 0 ? Math.round((done / total) * width) : width;
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}]${tail}`;
}

/** A bar for `total` items; draws on a terminal only, at most every `intervalMs` (and always the last). */
export class ProgressBar {
  private readonly stream: ProgressStream;
  private readonly total: number;
  private readonly now: () => number;
  private readonly intervalMs: number;
  private readonly started: number;
  private lastDraw = -Infinity;
  private drawn = false;

  constructor(stream: ProgressStream, total: number, opts: { now?: () => number; intervalMs?: number } = {}) {
    this.stream = stream;
    this.total = total;
    this.now = opts.now ?? (() => performance.now());
    this.intervalMs = opts.intervalMs ?? 100;
    this.started = this.now();
  }

  /** Whether anything is drawn at all (stderr is a terminal). */
  get active(): boolean {
    return this.stream.isTTY === true;
  }

  /** `done` items are finished: redraw if it is time to. */
  update(done: number): void {
    if (!this.active) return;
    const t = this.now();
    if (done < this.total && t - this.lastDraw < this.intervalMs) return;
    this.lastDraw = t;
    this.drawn = true;
    // \r back to the line's start, ESC[K clears what a longer frame left behind.
    this.stream.write(`\r${progressText(done, this.total, t - this.started, this.stream.columns ?? 80)}\u001b[K`);
  }

  /** End the bar's line, so what follows starts on a fresh one. */
  finish(): void {
    if (this.drawn) this.stream.write('\n');
    this.drawn = false;
  }
}
