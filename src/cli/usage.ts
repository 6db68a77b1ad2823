/**
 * Each command's usage, for `quantcourse <command> --help` (stdout, exit 0) and for a bad option
 * (stderr, exit 2). `valued` names the options that take a value, so `--seed -h` is a seed, not a
 * call for help.
 */
import { UsageError } from './submissions.ts';

/** A command's usage text and the options of it that take a value. */
export interface CommandUsage {
  text: string;
  valued: readonly string[];
}

const USAGE: Record<string, CommandUsage> = {
  grade: {
    text: `Usage:
  quantcourse grade <exercise-id> <file.ts>...     grade files for one exercise
  quantcourse grade --all <dir> [--exercise ID]    grade a class: <dir>/<student>/<exercise-id>.ts

Options:
  --seed S           seed of the hidden cases (default: random, printed)
  --exercise ID      with --all: grade only this exercise
  --timeout MS       wall-clock limit per submission (default 2000, or the exercise's own)
  --jobs N           sandbox processes in parallel (default: cores, at most 4)
  --shard I/N        grade only share I of N of the students
  --json             print results as compact JSON on stdout (one submission a line; failed cases in full)
  --cases            with --json: every case of every submission, passed ones too
  --report FILE      also write the class report (one HTML file)
  --junit FILE       also write JUnit XML
  --gradescope FILE  also write Gradescope results.json
  -h, --help         this help

On a terminal, stderr shows a progress bar (count, rate, time left); piped, it does not.
`,
    valued: ['all', 'exercise', 'seed', 'timeout', 'jobs', 'shard', 'junit', 'gradescope', 'report'],
  },
  merge: {
    text: `Usage:
  quantcourse merge <results.json>... [--json FILE|-] [--cases] [--report FILE] [--junit FILE] [--gradescope FILE]

Combines the --json outputs of \`grade --all --shard i/n\` jobs into one set of reports.
  --json FILE|-      the merged JSON (compact; "-" for stdout)
  --cases            keep every case the inputs hold (default: failed cases in full, passed ones counted)
  --report FILE      the class report (one HTML file)
  --junit FILE       JUnit XML
  --gradescope FILE  Gradescope results.json
  -h, --help         this help
`,
    valued: ['json', 'junit', 'gradescope', 'report'],
  },
  report: {
    text: `Usage:
  quantcourse report <results.json>... -o report.html

Writes the class report, one self-contained HTML file: score distribution, pass rate per exercise,
the hidden-case kinds and messages each exercise most often failed with, the runs that crashed or
timed out, and every student in a sortable table. Several files (the shards of a class) are merged.
  -o, --output FILE  the HTML file to write
  -h, --help         this help
`,
    valued: ['output'],
  },
  vectors: {
    text: `Usage:
  quantcourse vectors <exercise-id> --seed N [--count K] [--examples]

Prints cases (inputs and expected outputs) as JSON.
  -h, --help         this help
`,
    valued: ['seed', 'count'],
  },
  list: { text: 'Usage:\n  quantcourse list [--json]\n\nLists the exercises.\n  -h, --help         this help\n', valued: [] },
  check: {
    text: 'Usage:\n  quantcourse check [<exercise-id>...]\n\nProves the content sound: lessons, solutions, starters, ties.\n  -h, --help         this help\n',
    valued: [],
  },
  new: {
    text: `Usage:
  quantcourse new lesson <slug> [--after <slug>]   scaffold lessons/<slug>.mdx, listed in lessons/course.yaml
  quantcourse new exercise <slug> [--lesson <slug>]
                                                   scaffold an exercise, its starter and solution
  -h, --help         this help
`,
    valued: ['lesson', 'after', 'order'],
  },
  docs: { text: 'Usage:\n  quantcourse docs\n\nPrints the fields of an exercise definition.\n  -h, --help         this help\n', valued: [] },
  gguf: {
    text: `Usage:
  quantcourse gguf <file.gguf> [--json]            what a GGUF holds: metadata, tensors, size by type
  quantcourse gguf <file.gguf> --tensor NAME --dequantize -o out.f32
                                                   one tensor's values, decoded by the course's codecs
  quantcourse gguf export --scheme S -o FILE       the lab model as a GGUF llama.cpp runs (S: f32, q4_0, q2_K, …),
                                                   and which tensor got which type
  quantcourse gguf export --learner FILE.ts --bits B --block-size 32 --scheme symmetric|asymmetric -o FILE
                                                   the lab model quantized by your quantizeBlocks (run in the
                                                   grader's sandbox) as a GGUF: Q4_0, Q5_0, Q8_0, Q4_1 or Q5_1

  --json           print { version, alignment, metadata, tensors: [{ name, type, shape, offset, bytes }] };
                   shape is in ggml order (ne0, the row length, first), offset is absolute in the file;
                   64-bit integers are JSON numbers when exact (|n| <= 2^53 - 1), else decimal strings
  --tensor NAME --dequantize -o FILE
                   write the tensor's values as little-endian float32, in ggml order
  --learner FILE.ts --bits B --block-size S --scheme symmetric|asymmetric
                   with export: run FILE.ts's quantizeBlocks (the exercise quantize-blocks) on every linear
                   matrix and write the blocks it returns, code for code, as the ggml type the setting is:
                   blocks of 32, symmetric 4/5/8 bits (Q4_0/Q5_0/Q8_0) or asymmetric 4/5 bits (Q4_1/Q5_1).
                   ggml stores scales (and minimums) as float16: the command prints the perplexity with
                   your scales as returned and from the file. Other settings are refused with the reason.
  -h, --help       this help

Exit code: 0 done, 1 not a readable GGUF (the message says why), or your quantizeBlocks failed or returned
blocks the format cannot hold (named by tensor and block), 2 usage (no such file, option or tensor,
a setting with no ggml type), 3 the tensor's type has no codec in the course (it is listed, never misread).
`,
    valued: ['tensor', 'output', 'scheme', 'learner', 'bits', 'block-size'],
  },
};

/** The usage of `command`, if it is one this table knows. */
export function usageOf(command: string | undefined): CommandUsage | undefined {
  return command !== undefined && Object.hasOwn(USAGE, command) ? USAGE[command] : undefined;
}

/** Whether `-h` or `--help` is among the arguments as an option (not as another option's value, not after `--`). */
export function helpAsked(args: readonly string[], valued: readonly string[]): boolean {
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--') return false;
    if (a === '-h' || a === '--help') return true;
    if (a.startsWith('--') && !a.includes('=') && valued.includes(a.slice(2))) i++;
    else if (a === '-o' && valued.includes('output')) i++;
  }
  return false;
}

/** A bad option or argument: the message, then the command's usage, on stderr (exit 2). */
export class OptionError extends UsageError {}
