/**
 * Report files (--junit, --gradescope, merge --json): proved writable before any grading, so a
 * class is never graded only to lose its results; and written each on its own at the end, so one
 * that still fails (a full disk) costs that file alone, named in a message.
 */
import { closeSync, openSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { UsageError } from './submissions.ts';

/** A file the command was asked to write, and the option that named it. */
export interface OutputFile {
  option: string;
  file: string;
}

/** What an errno means for a file about to be written. */
function why(e: unknown, file: string): string {
  const code = (e as NodeJS.ErrnoException).code;
  const dir = path.dirname(path.resolve(file));
  switch (code) {
    case 'ENOENT': return `the folder ${dir} does not exist`;
    case 'ENOTDIR': return `a part of ${dir} is a file, not a folder`;
    case 'EISDIR': return 'it is a folder';
    case 'EACCES': case 'EPERM': return `no permission to write it in ${dir}`;
    case 'EROFS': return 'the file system is read-only';
    default: return (e as Error).message;
  }
}

/**
 * Refuse (UsageError, exit 2) any output that cannot be written: a folder, a missing or read-only
 * folder, a name that looks like an option, the same file named twice. An existing file is opened
 * for writing without changing it; a new one is created and removed again.
 */
export function checkOutputs(outputs: readonly OutputFile[]): void {
  const seen = new Map<string, string>();
  for (const { option, file } of outputs) {
    if (file === '') throw new UsageError(`${option} needs a file name`);
    // `--junit --json` is a forgotten file name far more often than a file called "--json".
    if (file.startsWith('-')) throw new UsageError(`${option} "${file}": that looks like an option, not a file name (forgot the file? To write a file with that name, say ./${file})`);
    const full = path.resolve(file);
    const twice = seen.get(full);
    if (twice) throw new UsageError(`${twice} and ${option} both name ${file}: one report would overwrite the other`);
    seen.set(full, option);
    const cannot = (reason: string) => new UsageError(`${option} ${file} cannot be written: ${reason}. Nothing was graded.`);
    let exists = false;
    try {
      const st = statSync(full);
      if (st.isDirectory()) throw cannot('it is a folder');
      exists = true;
    } catch (e) {
      if (e instanceof UsageError) throw e;
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw cannot(why(e, file));
    }
    try {
      // 'r+' opens an existing file for writing without truncating it; 'wx' creates a new one only.
      closeSync(openSync(full, exists ? 'r+' : 'wx'));
      if (!exists) unlinkSync(full);
    } catch (e) {
      throw cannot(why(e, file));
    }
  }
}

/** The line that says an output was not written, and why. */
export function notWrittenLine(o: OutputFile, e: unknown): string {
  return `${o.option} ${o.file} was NOT written: ${why(e, o.file)}`;
}

/** Write each output; a failure does not stop the others. Returns one line per file not written. */
export function writeOutputs(outputs: readonly (OutputFile & { text: () => string })[]): string[] {
  const failed: string[] = [];
  for (const o of outputs) {
    try {
      writeFileSync(o.file, o.text());
    } catch (e) {
      failed.push(notWrittenLine(o, e));
    }
  }
  return failed;
}
