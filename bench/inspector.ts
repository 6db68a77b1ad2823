/**
 * The GGUF inspector's decode throughput in the page: a 100 M-weight tensor of each type (real blocks:
 * 1 M quantized values, repeated) is opened through the file input and decoded into its histogram in
 * the page's worker; the time is from choosing the tensor to the histogram shown. Beside it, the CPU time
 * Chromium's processes spent in that span (from /proc, on Linux): on a shared machine the wall clock
 * counts the time other processes held the cores, the CPU time does not.
 */
import { mkdtempSync, openSync, readdirSync, readFileSync, rmSync, writeSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createRng, quantizeGgml, writeGgufHeader, type GgmlType } from '../src/core/index.ts';
import type { Site } from '../tools/site-harness/site.ts';
import { median } from './table.ts';

/** Values of the tensor each measure decodes (a multiple of every block size). */
export const INSPECTOR_VALUES = 100 * 2 ** 20;
const TILE = 2 ** 20;

/** Write a one-tensor GGUF of `type` with INSPECTOR_VALUES values to `file`. */
export function writeBigGguf(file: string, type: GgmlType): void {
  const rng = createRng(`bench-inspector:${type}`);
  const tile = quantizeGgml(type, Float32Array.from({ length: TILE }, () => rng.normal(0, 0.02)));
  const header = writeGgufHeader({ metadata: [['general.architecture', { type: 'string', value: 'llama' }]], tensors: [{ name: 'big.weight', type: type.toUpperCase(), shape: [4096, INSPECTOR_VALUES / 4096] }] });
  const fd = openSync(file, 'w');
  try {
    writeSync(fd, header);
    // The data section starts at the next multiple of the default alignment (32).
    writeSync(fd, new Uint8Array((32 - (header.length % 32)) % 32));
    for (let i = 0; i < INSPECTOR_VALUES / TILE; i++) writeSync(fd, tile);
  } finally {
    closeSync(fd);
  }
}

/** CPU ms (user + system) of every live process descended from this one (Chromium's), or NaN without /proc. */
function childrenCpuMs(): number {
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((d) => /^\d+$/.test(d));
  } catch {
    return NaN;
  }
  const parent = new Map<number, number>(), ticks = new Map<number, number>();
  for (const pid of pids) {
    try {
      // Fields after the command name (which may hold spaces): state ppid … utime (14th) stime (15th).
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      parent.set(Number(pid), Number(f[1]));
      ticks.set(Number(pid), Number(f[11]) + Number(f[12]));
    } catch { /* the process ended meanwhile */ }
  }
  const mine = (pid: number): boolean => {
    for (let p = parent.get(pid); p !== undefined && p > 1; p = parent.get(p)) if (p === process.pid) return true;
    return false;
  };
  let sum = 0;
  for (const [pid, t] of ticks) if (mine(pid)) sum += t;
  return sum * 10; // Linux reports clock ticks of 1/100 s (USER_HZ)
}

/** Median ms from choosing the tensor to its histogram, per type, over `loads` fresh pages. */
export async function inspectorThroughput(site: Site, loads: number): Promise<{ type: string; ms: number; cpuMs: number }[]> {
  const dir = mkdtempSync(path.join(tmpdir(), 'quantcourse-bench-gguf-'));
  const out: { type: string; ms: number; cpuMs: number }[] = [];
  try {
    for (const type of ['q4_0', 'q8_0', 'q4_K'] as GgmlType[]) {
      const file = path.join(dir, `${type}.gguf`);
      writeBigGguf(file, type);
      const times: number[] = [], cpu: number[] = [];
      for (let i = 0; i < loads; i++) {
        const { page, context } = await site.open('gguf/');
        await page.setInputFiles('[data-role="file-input"]', file);
        await page.locator('.gi-choose').first().waitFor();
        const c0 = childrenCpuMs(), t0 = Date.now();
        await page.click('.gi-choose');
        await page.locator('[data-role="histogram-caption"]').waitFor({ timeout: 300_000 });
        times.push(Date.now() - t0);
        cpu.push(childrenCpuMs() - c0);
        await context.close();
      }
      out.push({ type, ms: median(times), cpuMs: median(cpu) });
      rmSync(file);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return out;
}
