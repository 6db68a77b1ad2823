/** The usual command-line conventions, on the real command: --version, --help on every command, usage on a bad option. */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { helpAsked } from '../../src/cli/usage.ts';

const BIN = path.resolve('bin/quantcourse.mjs');

function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { env: { ...process.env, NO_COLOR: '1' } }, (err, stdout, stderr) => {
      resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

describe('quantcourse conventions', () => {
  it('--version prints the package version and exits 0', async () => {
    const r = await cli('--version');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^quantcourse \d+\.\d+\.\d+\n$/);
  });

  it('-h and --help on every command print its usage on stdout and exit 0, doing nothing else', async () => {
    for (const command of ['grade', 'merge', 'report', 'vectors', 'list', 'check', 'new', 'docs', 'gguf']) {
      for (const flag of ['--help', '-h']) {
        const r = await cli(command, flag);
        expect(r.code, `${command} ${flag}`).toBe(0);
        expect(r.stdout, `${command} ${flag}`).toMatch(new RegExp(`^Usage:\\n  quantcourse ${command}`));
        expect(r.stderr).toBe('');
      }
    }
    const all = await cli('--help');
    expect(all.code).toBe(0);
    expect(all.stdout).toContain('quantcourse report <results.json>');
  });

  it('an unknown option exits 2 with the message and the command\'s usage on stderr, nothing on stdout', async () => {
    const r = await cli('grade', '--colour');
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/Unknown option '--colour'[\s\S]*Usage:\n {2}quantcourse grade/);
    const none = await cli();
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('Usage:');
  });

  it('a value that looks like -h is a value, not a call for help', () => {
    expect(helpAsked(['--seed', '-h', 'x.ts'], ['seed'])).toBe(false);
    expect(helpAsked(['--json', '-h'], ['seed'])).toBe(true);
    expect(helpAsked(['--', '--help'], [])).toBe(false);
    expect(helpAsked(['r.json', '-o', '-h'], ['output'])).toBe(false);
  });
});
