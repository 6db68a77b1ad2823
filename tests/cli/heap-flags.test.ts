/**
 * The launcher runs class-sized commands (grade, merge, report) with V8's young generation kept
 * small and the heap growing slowly: it re-executes itself in place with those flags, once, keeps
 * the exit code and output, leaves other commands alone and respects flags given by the user.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const BIN = path.resolve('bin/quantcourse.mjs');
// Loaded before the launcher, in every image of the process: prints the process id and its Node flags.
const PROBE = `data:text/javascript,process.stderr.write('probe '+JSON.stringify([process.pid,process.execArgv.filter(a=>!a.startsWith('--import')&&!a.startsWith('data:'))])+'\\n')`;

/** Run the launcher under the probe; the probe's lines, stdout and the exit code. */
function launch(nodeArgs: string[], args: string[]): Promise<{ code: number; stdout: string; probes: [number, string[]][] }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [...nodeArgs, '--import', PROBE, BIN, ...args], (err, stdout, stderr) => {
      const probes = stderr.split('\n').filter((l) => l.startsWith('probe ')).map((l) => JSON.parse(l.slice(6)) as [number, string[]]);
      resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, probes });
    });
  });
}

const FLAGS = ['--max-semi-space-size=4', '--heap-growing-percent=20'];

describe.skipIf(process.platform === 'win32')('heap flags of class-sized commands', () => {
  it('re-executes merge in place with the flags, once, keeping its usage error and exit code', async () => {
    const r = await launch([], ['merge']);
    expect(r.code).toBe(2);
    expect(r.probes).toHaveLength(2);
    // The same process (execve), the second image with the flags.
    expect(r.probes[1]![0]).toBe(r.probes[0]![0]);
    expect(r.probes[0]![1]).toEqual([]);
    expect(r.probes[1]![1]).toEqual(FLAGS);
  });

  it('leaves other commands and flags the user chose alone', async () => {
    const list = await launch([], ['list', '--json']);
    expect(list.code).toBe(0);
    expect(JSON.parse(list.stdout).length).toBeGreaterThan(10);
    expect(list.probes).toHaveLength(1);
    const own = await launch(['--max-semi-space-size=16'], ['report']);
    expect(own.code).toBe(2);
    expect(own.probes).toEqual([[own.probes[0]![0], ['--max-semi-space-size=16']]]);
  });
});
