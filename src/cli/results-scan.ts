/**
 * Reading `grade --json` outputs without holding them: a compact output (one submission per line,
 * as JsonListWriter writes it) is scanned line by line, and each submission is kept only as what
 * merging needs (who, which exercise, which file) and where its line lies; the whole of it is read
 * again from the file when it is written out. A class of 3,000 × 17 (~100 MB of JSON) then costs
 * memory for its keys alone. Any other layout (an older, indented output) is read whole.
 */
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { fromWire } from '../grading/wire.ts';
import { readResults, validRun, type ResultsFile } from './merge.ts';
import type { RunResults, SubmissionResult } from './reports/results.ts';
import { UsageError } from './submissions.ts';

/** Where a scanned submission's line lies in its file. */
interface Place {
  file: string;
  offset: number;
  length: number;
}

const places = new WeakMap<SubmissionResult, Place>();
const CHUNK = 1 << 20;
const NEWLINE = 0x0a;

/** The end of a compact output's first line: everything of the head, then the list of submissions. */
const LIST_START = '"submissions":[';

/**
 * Read a results file for merging: a compact output as keys and places (see fullSubmission), any
 * other as readResults reads it. Throws UsageError with readResults's messages for what is not results.
 */
export function scanResults(file: string): ResultsFile {
  let fd: number;
  try {
    if (!statSync(file).isFile()) return readResults(file);
    fd = openSync(file, 'r');
  } catch {
    return readResults(file); // it names the problem (no such file, …)
  }
  try {
    return scanLines(file, fd) ?? readResults(file);
  } finally {
    closeSync(fd);
  }
}

/** The lines of a compact output as a run of key-only submissions, or null when the file is laid out otherwise. */
function scanLines(file: string, fd: number): ResultsFile | null {
  let head: Partial<RunResults> | null = null;
  let closed = false;
  const submissions: SubmissionResult[] = [];
  let bad = false;
  const line = (text: string, offset: number, length: number): void => {
    if (bad) return;
    if (head === null) {
      if (!text.endsWith(LIST_START)) return void (bad = true);
      const parsed = parse(`${text}]}`);
      if (parsed === undefined || !Array.isArray(parsed.submissions) || parsed.submissions.length) return void (bad = true);
      head = parsed;
      return;
    }
    if (closed) {
      if (text.trim() !== '') bad = true;
      return;
    }
    if (text === ']}') return void (closed = true);
    const body = text.endsWith(',') ? text.slice(0, -1) : text;
    const s = parse(body) as SubmissionResult | undefined;
    if (s === undefined || s === null || typeof s !== 'object') return void (bad = true);
    const key: SubmissionResult = { file: s.file, ...(s.student !== undefined ? { student: s.student } : {}), exercise: s.exercise, status: s.status, passed: s.passed, total: s.total, message: '', cases: [], durationMs: s.durationMs };
    places.set(key, { file, offset, length: body.length === text.length ? length : length - 1 });
    submissions.push(key);
  };
  eachLine(fd, line);
  if (bad || head === null || !closed) return null;
  const run = { ...(head as Partial<RunResults>), submissions } as Partial<RunResults>;
  validRun(file, run);
  return { file, run: run as RunResults };
}

/** Wire JSON parsed, or undefined when it does not parse. */
function parse(text: string): Partial<RunResults> | undefined {
  try {
    return fromWire(text) as Partial<RunResults>;
  } catch {
    return undefined;
  }
}

/** Call `line` with each line of the file (without its "\n"), its byte offset and byte length. */
function eachLine(fd: number, line: (text: string, offset: number, length: number) => void): void {
  let carry = Buffer.alloc(0);
  let carryAt = 0;
  const chunk = Buffer.allocUnsafe(CHUNK);
  for (let pos = 0; ; ) {
    const n = readSync(fd, chunk, 0, CHUNK, pos);
    if (n === 0) break;
    const buf = carry.length ? Buffer.concat([carry, chunk.subarray(0, n)]) : chunk.subarray(0, n);
    const bufAt = carry.length ? carryAt : pos;
    pos += n;
    let start = 0;
    for (let nl = buf.indexOf(NEWLINE, start); nl !== -1; nl = buf.indexOf(NEWLINE, start)) {
      line(buf.toString('utf8', start, nl), bufAt + start, nl - start);
      start = nl + 1;
    }
    // The unfinished last line waits for the next chunk (a copy: the chunk buffer is reused).
    carry = Buffer.from(buf.subarray(start));
    carryAt = bufAt + start;
  }
  if (carry.length) line(carry.toString('utf8'), carryAt, carry.length);
}

/** A submission whole: read again from its line when it was scanned, else the submission itself. */
export function fullSubmission(s: SubmissionResult): SubmissionResult {
  const place = places.get(s);
  if (!place) return s;
  const buf = Buffer.allocUnsafe(place.length);
  const fd = openSync(place.file, 'r');
  try {
    if (readSync(fd, buf, 0, place.length, place.offset) !== place.length) throw new UsageError(`${place.file} changed while it was read (it is shorter now)`);
  } finally {
    closeSync(fd);
  }
  let whole: SubmissionResult;
  try {
    whole = fromWire(buf.toString('utf8')) as SubmissionResult;
  } catch {
    throw new UsageError(`${place.file} changed while it was read (a submission no longer parses)`);
  }
  if (whole?.file !== s.file || whole.exercise !== s.exercise || whole.student !== s.student) throw new UsageError(`${place.file} changed while it was read`);
  return whole;
}
