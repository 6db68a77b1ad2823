/**
 * Loaded with `node --import` into a command the bench runs: on exit it writes the process's peak
 * resident memory (kilobytes) to the file named by BENCH_RSS_FILE. Only the command's own process is
 * counted, not its sandbox processes.
 */
import { writeFileSync } from 'node:fs';

const file = process.env.BENCH_RSS_FILE;
if (file) process.on('exit', () => writeFileSync(file, String(process.resourceUsage().maxRSS)));
