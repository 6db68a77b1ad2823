/**
 * The progress bar of `grade --all`: drawn on a terminal (a fake one here, with a fake clock, so no
 * test depends on timing), nothing at all when stderr is not a terminal, and the real command piped
 * writes no bar.
 */
import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { gradeCommand } from '../../src/cli/commands/grade.ts';
import { ProgressBar, progressText, shortDuration } from '../../src/cli/progress.ts';

/** A stderr stand-in: a terminal when `tty`, collecting what is written. */
function fakeStream(tty: boolean) {
  const writes: string[] = [];
  return { writes, stream: { isTTY: tty, columns: 100, write: (s: string) => void writes.push(s) } };
}

describe('ProgressBar', () => {
  it('draws count, rate and time left in place, at most once per interval, and always the last frame', () => {
    let now = 0;
    const { writes, stream } = fakeStream(true);
    const bar = new ProgressBar(stream, 10, { now: () => now, intervalMs: 100 });
    now = 1000;
    bar.update(1);
    now = 1050;
    bar.update(2); // within the interval: not drawn
    now = 2000;
    bar.update(4);
    now = 5000;
    bar.update(10);
    bar.finish();
    expect(writes).toHaveLength(4);
    expect(writes[0]).toMatch(/^\r\[#{4}\.{36}\] 1\/10 {2}1\.0\/s {2}9s left\u001b\[K$/);
    expect(writes[1]).toContain(' 4/10  2.0/s  3s left');
    expect(writes[2]).toContain('[########################################] 10/10  2.0/s  done in 5s');
    expect(writes[3]).toBe('\n');
  });

  it('writes nothing at all when the stream is not a terminal', () => {
    const { writes, stream } = fakeStream(false);
    const bar = new ProgressBar(stream, 3, { now: () => 0 });
    expect(bar.active).toBe(false);
    bar.update(1);
    bar.update(3);
    bar.finish();
    expect(writes).toEqual([]);
  });

  it('fits a narrow terminal and says durations briefly', () => {
    expect(progressText(5, 100, 1000, 50).length).toBeLessThanOrEqual(50);
    expect(shortDuration(65)).toBe('1m05s');
    expect(shortDuration(3700)).toBe('1h01m');
    expect(shortDuration(Infinity)).toBe('?');
    expect(progressText(0, 100, 0)).toContain('starting');
  });
});

describe('grade --all and the progress bar', () => {
  /** A class of three students handing in the int-bits solution. */
  function smallClass(): string {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'quantcourse-progress-'));
    for (const s of ['ada', 'bob', 'cy']) {
      mkdirSync(path.join(dir, s));
      cpSync('solutions/int-bits.ts', path.join(dir, s, 'int-bits.ts'));
    }
    return dir;
  }

  it('draws the bar on a terminal stderr, ending at the class size, with the JSON untouched on stdout', async () => {
    const dir = smallClass();
    try {
      const { writes, stream } = fakeStream(true);
      let out = '';
      const code = await gradeCommand({ all: dir, seed: 's', json: true, files: [], out: (s) => (out += s), err: () => {}, progress: stream });
      expect(code).toBe(0);
      expect(writes.at(-2)).toContain('3/3');
      expect(writes.at(-1)).toBe('\n');
      expect(JSON.parse(out).submissions).toHaveLength(3);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('writes no bar when stderr is piped (the real command)', async () => {
    const dir = smallClass();
    try {
      const r = await new Promise<{ stderr: string; stdout: string }>((resolve) => {
        execFile(process.execPath, [path.resolve('bin/quantcourse.mjs'), 'grade', '--all', dir, '--seed', 's'], { env: { ...process.env, NO_COLOR: '1' } }, (_e, stdout, stderr) => resolve({ stdout, stderr }));
      });
      expect(r.stdout).toContain('3 passed, 0 failed');
      expect(r.stderr).not.toMatch(/\r|\/s {2}|left|\[#/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
